import * as assert from 'node:assert/strict';
import type { HistoryEntry } from '../../../src/protocol';
import { savedEntries, savedPictureBudget, stateForSaving } from '../../../webview-ui/savedState';

function entry(id: string, ...sizes: number[]): HistoryEntry {
	return {
		id,
		prompt: `prompt ${id}`,
		engine: 'openai',
		details: 'gpt-image-1 · 1024x1024 · high',
		createdAt: 1,
		elapsedMs: 2,
		link: `![${id}](images/${id}.png)`,
		images: sizes.map((n, i) => ({ src: `data:image/png;base64,${'A'.repeat(n)}`, file: `file:///w/images/${id}-${i}.png`, label: `images/${id}-${i}.png` })),
	};
}

const kept = (history: readonly HistoryEntry[]) => history.map((e) => e.images.map((i) => i.src !== ''));

describe('the panel\'s saved state', () => {
	it('keeps every picture of a small history as it is', () => {
		const history = [entry('b', 20_000), entry('a', 20_000, 20_000)];
		assert.deepEqual(stateForSaving(history), { history });
	});

	it('keeps the newest pictures within the budget and drops the older ones, keeping every entry and file', () => {
		const mb = 1024 * 1024;
		const history = [entry('new', mb), entry('mid', mb / 2, mb), entry('old', 100)];
		const saved = stateForSaving(history).history;
		assert.deepEqual(kept(saved), [[true], [true, false], [false]]);
		assert.deepEqual(saved.map((e) => e.images.map((i) => i.file)), history.map((e) => e.images.map((i) => i.file)));
		assert.ok(JSON.stringify(saved).length < savedPictureBudget + 10_000, 'the state stays about the budget');
	});

	it('keeps no picture when the newest alone is over the budget, and no older one after it', () => {
		assert.deepEqual(kept(stateForSaving([entry('huge', 3 * 1024 * 1024), entry('small', 10)]).history), [[false], [false]]);
	});
});

describe('the panel\'s saved state over a long history', () => {
	it('keeps only the newest entries, whatever the history\'s length, and marks the pictures it leaves out for the panel to ask for', () => {
		const history = Array.from({ length: 3000 }, (_, i) => entry(`e${i}`, 10_000));
		const saved = stateForSaving(history).history;
		assert.equal(saved.length, savedEntries);
		assert.deepEqual(saved.map((e) => e.id), history.slice(0, savedEntries).map((e) => e.id));
		const small = stateForSaving(history, 25_000).history;
		assert.deepEqual(kept(small).slice(0, 3), [[true], [true], [false]]);
		assert.equal(small[2].images[0].lazy, true);
	});
});
