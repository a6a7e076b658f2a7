import * as vscode from 'vscode';
import { maxPicturesPerRequest, type GenerationSummary, type HistoryEntry, type HistoryMessage, type PictureData, type PreviewImage } from '../protocol';
import { PagedLog } from '../core/historyLog';
import { isEngineId } from '../core/engines';
import { formatOfName, mimeTypeOf } from '../core/imageBytes';
import type { ImageProvenance } from '../core/pngText';
import { readHistoryMaxEntries } from '../config';

/** What the workspace remembers of one generation; images are shown from the files themselves. */
export interface StoredEntry extends GenerationSummary {
	readonly files: readonly string[];
	/** Enough to make another one like it. */
	readonly seed?: number;
}

const key = 'imagegen.history';
/** Larger files are listed without a picture rather than pushed through postMessage. */
const maxInlineBytes = 8 * 1024 * 1024;
/** Entries whose pictures the history message carries: the panel's first screen. Older pictures are sent when the panel asks (as they scroll into view). */
export const firstScreenEntries = 8;

/** The history of this workspace's generations, newest first, kept in workspaceState in pages (adding one rewrites one page). */
export class HistoryStore {
	private readonly log: PagedLog<StoredEntry>;
	private cache: { readonly all: readonly StoredEntry[]; readonly byFile: ReadonlyMap<string, StoredEntry> } | undefined;

	constructor(state: vscode.Memento) {
		this.log = new PagedLog(state, key, isStoredEntry);
	}

	all(): readonly StoredEntry[] {
		return this.index().all;
	}

	get(id: string): StoredEntry | undefined {
		return this.all().find((e) => e.id === id);
	}

	/** Whether `file` (a URI string) is one of the history's images: the only files the panel may ask to see. */
	hasFile(file: string): boolean {
		return this.index().byFile.has(file);
	}

	/** How one of these images was made, from its entry (for images whose file we left untouched: signed content credentials). */
	provenanceOf(file: vscode.Uri): ImageProvenance | undefined {
		const entry = this.index().byFile.get(file.toString());
		return entry && { prompt: entry.prompt, engine: entry.engine, seed: entry.seed, date: new Date(entry.createdAt).toISOString() };
	}

	/** What is kept (tests and benchmarks): entries, and the characters the latest change wrote. */
	get stats(): { readonly entries: number; readonly lastWriteChars: number } {
		return { entries: this.log.size, lastWriteChars: this.log.lastWriteChars };
	}

	async add(entry: StoredEntry): Promise<void> {
		await this.addAll([entry]);
	}

	/** Adds entries (newest first). The newest `imagegen.history.maxEntries` stay; entries past the cap leave the list only, their files stay. */
	async addAll(entries: readonly StoredEntry[]): Promise<void> {
		this.cache = undefined;
		await this.log.add(entries, readHistoryMaxEntries());
	}

	async removeFile(id: string, file: string): Promise<void> {
		this.cache = undefined;
		await this.log.change(id, (e) => (e.files.length > 1 ? { ...e, files: e.files.filter((f) => f !== file) } : e.files.includes(file) ? undefined : e));
	}

	async clear(): Promise<void> {
		this.cache = undefined;
		await this.log.clear();
	}

	private index(): NonNullable<HistoryStore['cache']> {
		if (this.cache === undefined) {
			const all = this.log.all();
			const byFile = new Map<string, StoredEntry>();
			for (let i = all.length - 1; i >= 0; i--) {
				for (const f of all[i].files) {
					byFile.set(f, all[i]);
				}
			}
			this.cache = { all, byFile };
		}
		return this.cache;
	}
}

/**
 * The history as the panel shows it: the newest entries with their pictures, the older ones with
 * theirs left for the panel to ask for. Entries added while the pictures were being read are read
 * too, so the list posted is the store's list at that moment: posted at once, it cannot arrive
 * after a newer entry and drop it.
 */
export async function historyMessage(store: HistoryStore): Promise<HistoryMessage> {
	const shown = new Map<string, HistoryEntry>();
	for (;;) {
		const first = store.all().slice(0, firstScreenEntries);
		const unread = first.filter((e) => !shown.has(JSON.stringify(e)));
		if (unread.length === 0) {
			const history = store.all().map((e, i) => (i < firstScreenEntries ? shown.get(JSON.stringify(e)) : undefined) ?? withoutPictures(e));
			return { type: 'history', history };
		}
		const read = await Promise.all(unread.map(toHistoryEntry));
		unread.forEach((e, i) => shown.set(JSON.stringify(e), read[i]));
	}
}

/** The pictures the panel asked for: only files of the history, read through workspace.fs; '' for one that is gone or too large. */
export async function picturesFor(store: HistoryStore, files: readonly string[]): Promise<readonly PictureData[]> {
	const wanted = [...new Set(files)].filter((f) => store.hasFile(f)).slice(0, maxPicturesPerRequest);
	return Promise.all(wanted.map(async (file) => ({ file, src: await inlineImage(vscode.Uri.parse(file)) })));
}

/** An entry listed without its pictures: the panel asks for them when they scroll into view. */
function withoutPictures(e: StoredEntry): HistoryEntry {
	return shown(e, e.files.map((file) => ({ src: '', lazy: true, file, label: vscode.workspace.asRelativePath(vscode.Uri.parse(file)) })));
}

/** The entry as the panel shows it: each image inlined as a data: URI (the webview may only load dist/ and media/). */
export async function toHistoryEntry(e: StoredEntry): Promise<HistoryEntry> {
	const images: PreviewImage[] = [];
	for (const file of e.files) {
		const uri = vscode.Uri.parse(file);
		images.push({ src: await inlineImage(uri), file, label: vscode.workspace.asRelativePath(uri) });
	}
	return shown(e, images);
}

/** The stored entry as the panel lists it, with `images` for its files. */
function shown(e: StoredEntry, images: readonly PreviewImage[]): HistoryEntry {
	return { id: e.id, prompt: e.prompt, engine: e.engine, details: e.details, createdAt: e.createdAt, elapsedMs: e.elapsedMs, images, link: e.link };
}

async function inlineImage(uri: vscode.Uri): Promise<string> {
	try {
		const stat = await vscode.workspace.fs.stat(uri);
		if (stat.size > maxInlineBytes) {
			return '';
		}
		const bytes = await vscode.workspace.fs.readFile(uri);
		return `data:${mimeTypeOf(formatOfName(uri.path) ?? 'png')};base64,${Buffer.from(bytes).toString('base64')}`;
	} catch {
		// Deleted or moved since: listed without a picture.
		return '';
	}
}

export function isStoredEntry(v: unknown): v is StoredEntry {
	if (typeof v !== 'object' || v === null) {
		return false;
	}
	const e = v as Record<string, unknown>;
	return (
		typeof e.id === 'string' &&
		typeof e.prompt === 'string' &&
		isEngineId(e.engine) &&
		typeof e.details === 'string' &&
		typeof e.createdAt === 'number' &&
		typeof e.elapsedMs === 'number' &&
		typeof e.link === 'string' &&
		Array.isArray(e.files) &&
		e.files.every((f) => typeof f === 'string')
	);
}
