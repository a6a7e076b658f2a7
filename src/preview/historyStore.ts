import * as vscode from 'vscode';
import type { GenerationSummary, HistoryEntry, HistoryMessage, PreviewImage } from '../protocol';
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

/** The history of this workspace's generations, newest first, kept in workspaceState. */
export class HistoryStore {
	constructor(private readonly state: vscode.Memento) {}

	all(): readonly StoredEntry[] {
		const value = this.state.get<unknown>(key);
		return Array.isArray(value) ? value.filter(isStoredEntry) : [];
	}

	get(id: string): StoredEntry | undefined {
		return this.all().find((e) => e.id === id);
	}

	/** How one of these images was made, from its entry (for images whose file we left untouched: signed content credentials). */
	provenanceOf(file: vscode.Uri): ImageProvenance | undefined {
		const entry = this.all().find((e) => e.files.includes(file.toString()));
		return entry && { prompt: entry.prompt, engine: entry.engine, seed: entry.seed, date: new Date(entry.createdAt).toISOString() };
	}

	async add(entry: StoredEntry): Promise<void> {
		// The newest `imagegen.history.maxEntries`; entries past the cap leave the list only, their files stay.
		await this.state.update(key, [entry, ...this.all().filter((e) => e.id !== entry.id)].slice(0, readHistoryMaxEntries()));
	}

	async removeFile(id: string, file: string): Promise<void> {
		const next = this.all()
			.map((e) => (e.id === id ? { ...e, files: e.files.filter((f) => f !== file) } : e))
			.filter((e) => e.files.length > 0);
		await this.state.update(key, next);
	}

	async clear(): Promise<void> {
		await this.state.update(key, []);
	}
}

/**
 * The whole history as the panel shows it. Entries added while the images were
 * being read are read too, so the list posted is the store's list at that moment:
 * posted at once, it cannot arrive after a newer entry and drop it.
 */
export async function historyMessage(store: HistoryStore): Promise<HistoryMessage> {
	const shown = new Map<string, HistoryEntry>();
	for (;;) {
		const all = store.all();
		const history = all.map((e) => shown.get(JSON.stringify(e)));
		if (history.every((e) => e !== undefined)) {
			return { type: 'history', history };
		}
		const unread = all.filter((e) => !shown.has(JSON.stringify(e)));
		const read = await Promise.all(unread.map(toHistoryEntry));
		unread.forEach((e, i) => shown.set(JSON.stringify(e), read[i]));
	}
}

/** The entry as the panel shows it: each image inlined as a data: URI (the webview may only load dist/ and media/). */
export async function toHistoryEntry(e: StoredEntry): Promise<HistoryEntry> {
	const images: PreviewImage[] = [];
	for (const file of e.files) {
		const uri = vscode.Uri.parse(file);
		images.push({ src: await inlineImage(uri), file, label: vscode.workspace.asRelativePath(uri) });
	}
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

function isStoredEntry(v: unknown): v is StoredEntry {
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
