import * as vscode from 'vscode';
import { isStoredEntry, type HistoryStore } from '../preview/historyStore';

/** What `imagegen.test.historyState` reports: entries kept, and what is stored for them. */
export interface HistoryState {
	readonly entries: number;
	/** Characters of the history in workspaceState (every page and the index). */
	readonly storedChars: number;
	/** Characters the latest change wrote to workspaceState. */
	readonly lastWriteChars: number;
}

/**
 * Test hooks (registered only when the extension runs its tests, never for users): seed the
 * history with entries for existing files (the growth benchmark's large histories), clear it
 * (the list only; no file is touched), and report what workspaceState holds.
 */
export function registerHistoryTestHooks(history: HistoryStore, state: vscode.Memento): vscode.Disposable[] {
	return [
		vscode.commands.registerCommand('imagegen.test.seedHistory', async (entries: unknown) => {
			if (!Array.isArray(entries) || !entries.every(isStoredEntry)) {
				throw new Error('imagegen.test.seedHistory takes an array of stored entries, newest first');
			}
			await history.addAll(entries);
			return history.stats.entries;
		}),
		vscode.commands.registerCommand('imagegen.test.clearHistory', () => history.clear()),
		vscode.commands.registerCommand('imagegen.test.historyState', (): HistoryState => {
			const storedChars = state
				.keys()
				.filter((k) => k.startsWith('imagegen.history'))
				.reduce((n, k) => n + JSON.stringify(state.get(k) ?? null).length, 0);
			return { entries: history.stats.entries, storedChars, lastWriteChars: history.stats.lastWriteChars };
		}),
	];
}
