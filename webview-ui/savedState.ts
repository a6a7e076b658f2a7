/**
 * What the panel keeps in its webview state (`setState`), which VS Code stores
 * with the window and gives back on reload, before the host has answered.
 * Only the newest entries are kept (the host's history replaces them once it
 * arrives), and their pictures newest first up to a budget; older pictures are
 * left out and marked `lazy`, so the panel asks the host for them when they
 * scroll into view. Without these bounds, 30 OpenAI entries of a few MB each,
 * or thousands of entries, would be written to the window's state on every
 * finished job.
 */
import type { HistoryEntry, WebviewState } from '../src/protocol';

/** Characters of `data:` URIs kept in the saved state. */
export const savedPictureBudget = 2 * 1024 * 1024;
/** Entries kept in the saved state: more than a screen, a fixed amount however long the history. */
export const savedEntries = 50;

/** The newest `savedEntries` of `history` (newest first) with the pictures that fit in `budget`, newest first. */
export function stateForSaving(history: readonly HistoryEntry[], budget = savedPictureBudget): WebviewState {
	let left = budget;
	return {
		history: history.slice(0, savedEntries).map((entry) => ({
			...entry,
			images: entry.images.map((image) => {
				if (image.src.length <= left && (image.src !== '' || image.lazy !== true)) {
					left -= image.src.length;
					return image;
				}
				left = 0;
				return { src: '', lazy: true, file: image.file, label: image.label };
			}),
		})),
	};
}
