import * as assert from 'node:assert/strict';
import { checkPrompt, promptFromSelections, promptLimitFor } from '../../../src/core/prompt';

describe('prompt from the selections', () => {
	it('uses the one selection, with its whitespace collapsed', () => {
		const r = promptFromSelections([{ start: 4, end: 30, text: '  a red\n  sneaker on grass ' }]);
		assert.deepEqual(r, { prompt: 'a red sneaker on grass', anchor: { start: 4, end: 30, text: '  a red\n  sneaker on grass ' } });
	});

	it('joins several selections in document order, and anchors the link to the last one', () => {
		const r = promptFromSelections([
			{ start: 50, end: 55, text: 'dusk' },
			{ start: 0, end: 10, text: 'lighthouse' },
			{ start: 20, end: 22, text: 'at' },
		]);
		assert.equal(r?.prompt, 'lighthouse at dusk');
		assert.equal(r?.anchor.start, 50);
	});

	it('ignores blank selections, and gives nothing when all are blank (the caller asks instead)', () => {
		assert.equal(promptFromSelections([{ start: 0, end: 0, text: '' }, { start: 3, end: 5, text: ' \n' }]), undefined);
		assert.equal(promptFromSelections([{ start: 0, end: 0, text: '' }, { start: 3, end: 6, text: 'cat' }])?.prompt, 'cat');
	});
});

describe('prompt limits', () => {
	const table: [string, number][] = [
		['dall-e-2', 1000],
		['dall-e-3', 4000],
		['gpt-image-2', 32000],
		['gpt-image-1', 32000],
		['some-future-model', 32000],
	];
	for (const [model, limit] of table) {
		it(`${model} accepts ${limit} characters`, () => assert.equal(promptLimitFor(model), limit));
	}

	it('refuses an empty or blank prompt', () => {
		assert.deepEqual(checkPrompt('', 10), { kind: 'empty' });
		assert.deepEqual(checkPrompt(' \n\t', 10), { kind: 'empty' });
	});

	it('counts characters, not UTF-16 units, against the limit', () => {
		assert.equal(checkPrompt('猫'.repeat(10), 10), undefined);
		assert.equal(checkPrompt('😀'.repeat(10), 10), undefined);
		assert.deepEqual(checkPrompt('a'.repeat(11), 10), { kind: 'tooLong', length: 11, limit: 10 });
	});
});
