/**
 * A list kept in a key-value store (the workspace's Memento) in pages, so that adding one entry
 * rewrites one page, not the whole list: with 3,000 entries one `update` of the whole list is a
 * megabyte serialized and sent to the main process per generation. Pure: no 'vscode'.
 *
 * Keys: `<key>.index` holds the page ids, oldest page first; `<key>.page.<id>` holds one page's
 * entries, oldest first. Newer entries go at the end of the newest page. A list stored the old way
 * (one array under `<key>`, newest first) is moved into pages the first time it is read.
 */

/** What a `vscode.Memento` offers, and all this needs. */
export interface KeyValueStore {
	get(key: string): unknown;
	update(key: string, value: unknown): Thenable<void>;
}

/** Entries per page: a write is at most one page. */
export const historyPageSize = 100;

interface Page<T> {
	readonly id: number;
	entries: T[];
}

interface Index {
	readonly pages: readonly number[];
	readonly next: number;
}

function isIndex(v: unknown): v is Index {
	if (typeof v !== 'object' || v === null) {
		return false;
	}
	const i = v as Record<string, unknown>;
	return Array.isArray(i.pages) && i.pages.every((p) => Number.isInteger(p)) && Number.isInteger(i.next);
}

export class PagedLog<T extends { readonly id: string }> {
	private pages: Page<T>[] | undefined;
	private next = 0;
	/** Characters written by the latest change (benchmarks: a change writes one page, not the list). */
	lastWriteChars = 0;

	constructor(
		private readonly store: KeyValueStore,
		private readonly key: string,
		private readonly isEntry: (v: unknown) => v is T,
		private readonly pageSize = historyPageSize,
	) {}

	/** Every entry, newest first. */
	all(): T[] {
		const pages = this.load();
		const out: T[] = [];
		for (let p = pages.length - 1; p >= 0; p--) {
			const entries = pages[p].entries;
			for (let i = entries.length - 1; i >= 0; i--) {
				out.push(entries[i]);
			}
		}
		return out;
	}

	get size(): number {
		return this.load().reduce((n, p) => n + p.entries.length, 0);
	}

	/** Adds `entries` (newest first) as the newest ones, replacing any with the same id, and keeps the newest `cap`. */
	async add(entries: readonly T[], cap: number): Promise<void> {
		const pages = this.load();
		const ids = new Set(entries.map((e) => e.id));
		const touched = new Set<Page<T>>();
		for (const page of pages) {
			if (page.entries.some((e) => ids.has(e.id))) {
				page.entries = page.entries.filter((e) => !ids.has(e.id));
				touched.add(page);
			}
		}
		let indexChanged = false;
		for (let i = entries.length - 1; i >= 0; i--) {
			let newest = pages.at(-1);
			if (newest === undefined || newest.entries.length >= this.pageSize) {
				newest = { id: this.next++, entries: [] };
				pages.push(newest);
				indexChanged = true;
			}
			newest.entries.push(entries[i]);
			touched.add(newest);
		}
		indexChanged = this.trim(Math.max(1, cap), touched) || indexChanged;
		await this.write(touched, indexChanged);
	}

	/** Replaces the entry with `id` by `change(entry)`, or removes it when that is undefined. */
	async change(id: string, change: (entry: T) => T | undefined): Promise<void> {
		const pages = this.load();
		const page = pages.find((p) => p.entries.some((e) => e.id === id));
		if (page === undefined) {
			return;
		}
		page.entries = page.entries.flatMap((e) => (e.id === id ? (change(e) ?? []) : [e]));
		await this.write(new Set([page]), this.dropEmpty());
	}

	async clear(): Promise<void> {
		const pages = this.load();
		const gone = pages.splice(0);
		this.lastWriteChars = 0;
		await Promise.all(gone.map((p) => this.store.update(this.pageKey(p.id), undefined)));
		await this.writeIndex();
	}

	/** Drops the oldest entries past `cap`: whole pages without writing them, then the head of the oldest. */
	private trim(cap: number, touched: Set<Page<T>>): boolean {
		const pages = this.load();
		let excess = pages.reduce((n, p) => n + p.entries.length, 0) - cap;
		let indexChanged = false;
		while (excess > 0 && pages.length > 0) {
			const oldest = pages[0];
			if (oldest.entries.length <= excess) {
				excess -= oldest.entries.length;
				oldest.entries = [];
				pages.shift();
				touched.add(oldest);
				indexChanged = true;
			} else {
				oldest.entries = oldest.entries.slice(excess);
				touched.add(oldest);
				excess = 0;
			}
		}
		return this.dropEmpty() || indexChanged;
	}

	private dropEmpty(): boolean {
		const pages = this.load();
		const before = pages.length;
		const kept = pages.filter((p) => p.entries.length > 0);
		pages.splice(0, pages.length, ...kept);
		return kept.length !== before;
	}

	private async write(pages: Set<Page<T>>, indexChanged: boolean): Promise<void> {
		const live = new Set(this.load());
		this.lastWriteChars = 0;
		const writes = [...pages].map((p) => {
			if (!live.has(p) || p.entries.length === 0) {
				return this.store.update(this.pageKey(p.id), undefined);
			}
			this.lastWriteChars += JSON.stringify(p.entries).length;
			return this.store.update(this.pageKey(p.id), p.entries);
		});
		await Promise.all(writes);
		if (indexChanged) {
			await this.writeIndex();
		}
	}

	private writeIndex(): Thenable<void> {
		const index: Index = { pages: this.load().map((p) => p.id), next: this.next };
		this.lastWriteChars += JSON.stringify(index).length;
		return this.store.update(`${this.key}.index`, index);
	}

	private pageKey(id: number): string {
		return `${this.key}.page.${id}`;
	}

	/** The pages, read once (the store is this window's; every change goes through here). */
	private load(): Page<T>[] {
		if (this.pages !== undefined) {
			return this.pages;
		}
		const index = this.store.get(`${this.key}.index`);
		if (isIndex(index)) {
			this.next = index.next;
			this.pages = index.pages.map((id) => {
				const value = this.store.get(this.pageKey(id));
				return { id, entries: Array.isArray(value) ? value.filter(this.isEntry) : [] };
			});
			return this.pages;
		}
		this.pages = [];
		const legacy = this.store.get(this.key);
		if (Array.isArray(legacy)) {
			// The list as one array, newest first: moved into pages, the old key removed.
			const entries = legacy.filter(this.isEntry).reverse();
			for (let i = 0; i < entries.length; i += this.pageSize) {
				this.pages.push({ id: this.next++, entries: entries.slice(i, i + this.pageSize) });
			}
			void this.write(new Set(this.pages), true).then(() => this.store.update(this.key, undefined));
		}
		return this.pages;
	}
}
