import * as assert from 'node:assert/strict';
import { PagedLog, type KeyValueStore } from '../../../src/core/historyLog';

interface Entry {
	readonly id: string;
	readonly n: number;
}
const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null && typeof (v as Entry).id === 'string';

/** A store like a Memento, counting what each change writes. */
class MapStore implements KeyValueStore {
	readonly values = new Map<string, unknown>();
	written = 0;
	get(key: string): unknown {
		return this.values.get(key);
	}
	update(key: string, value: unknown): Promise<void> {
		this.written += JSON.stringify(value ?? null).length;
		if (value === undefined) {
			this.values.delete(key);
		} else {
			this.values.set(key, JSON.parse(JSON.stringify(value)) as unknown);
		}
		return Promise.resolve();
	}
}

const entry = (n: number): Entry => ({ id: `e${n}`, n });
const ids = (log: PagedLog<Entry>) => log.all().map((e) => e.n);

describe('the history kept in pages', () => {
	it('lists entries newest first, across pages, and reads them back in a new instance', async () => {
		const store = new MapStore();
		const log = new PagedLog(store, 'h', isEntry, 10);
		for (let n = 1; n <= 25; n++) {
			await log.add([entry(n)], 100);
		}
		assert.deepEqual(ids(log), Array.from({ length: 25 }, (_, i) => 25 - i));
		assert.deepEqual(ids(new PagedLog(store, 'h', isEntry, 10)), ids(log));
		assert.equal([...store.values.keys()].filter((k) => k.startsWith('h.page.')).length, 3);
	});

	it('writes one page per added entry, however long the history', async () => {
		const store = new MapStore();
		const log = new PagedLog(store, 'h', isEntry, 10);
		await log.add(Array.from({ length: 1000 }, (_, i) => entry(1000 - i)), 5000);
		const whole = JSON.stringify(log.all()).length;
		store.written = 0;
		await log.add([entry(1001)], 5000);
		assert.ok(store.written < whole / 20, `one entry wrote ${store.written} characters; the whole list is ${whole}`);
		assert.equal(log.lastWriteChars, store.written);
	});

	it('keeps the newest entries up to the cap, dropping whole old pages, and follows a lower cap', async () => {
		const store = new MapStore();
		const log = new PagedLog(store, 'h', isEntry, 10);
		for (let n = 1; n <= 35; n++) {
			await log.add([entry(n)], 20);
		}
		assert.deepEqual(ids(log), Array.from({ length: 20 }, (_, i) => 35 - i));
		assert.ok([...store.values.keys()].filter((k) => k.startsWith('h.page.')).length <= 3, 'old pages are removed from the store');
		await log.add([entry(36)], 5);
		assert.deepEqual(ids(log), [36, 35, 34, 33, 32]);
		assert.deepEqual(ids(new PagedLog(store, 'h', isEntry, 10)), [36, 35, 34, 33, 32]);
	});

	it('replaces an entry added again with the same id, as the newest', async () => {
		const log = new PagedLog(new MapStore(), 'h', isEntry, 2);
		await log.add([entry(3), entry(2), entry(1)], 10);
		await log.add([{ id: 'e1', n: 9 }], 10);
		assert.deepEqual(ids(log), [9, 3, 2]);
	});

	it('changes or removes one entry, and clears', async () => {
		const store = new MapStore();
		const log = new PagedLog(store, 'h', isEntry, 2);
		await log.add([entry(4), entry(3), entry(2), entry(1)], 10);
		await log.change('e3', (e) => ({ ...e, n: 30 }));
		await log.change('e1', () => undefined);
		await log.change('e2', () => undefined);
		assert.deepEqual(ids(log), [4, 30]);
		assert.deepEqual(ids(new PagedLog(store, 'h', isEntry, 2)), [4, 30]);
		await log.clear();
		assert.deepEqual(ids(log), []);
		assert.deepEqual([...store.values.keys()], ['h.index']);
	});

	it('moves a history stored as one array (newest first) into pages and removes the old key', async () => {
		const store = new MapStore();
		store.values.set('h', [entry(3), entry(2), 'not an entry', entry(1)]);
		const log = new PagedLog(store, 'h', isEntry, 2);
		assert.deepEqual(ids(log), [3, 2, 1]);
		await new Promise((r) => setTimeout(r, 0));
		assert.equal(store.values.has('h'), false);
		assert.deepEqual(ids(new PagedLog(store, 'h', isEntry, 2)), [3, 2, 1]);
	});
});
