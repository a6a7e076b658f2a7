/**
 * What the panel keeps in its webview state (`setState`), which VS Code stores
 * with the window and gives back on reload, before the host has answered.
 * Pictures are kept newest first up to a budget; older ones are left out
 * (shown without a picture for the moment until the host's history arrives).
 * Without a budget, 30 OpenAI entries of a few MB each would be written to the
 * window's state on every finished job.
 */
import type { HistoryEntry, WebviewState } from '../src/protocol';

/** Characters of `data:` URIs kept in the saved state. */
export const savedPictureBudget = 2 * 1024 * 1024;

/** `history` (newest first) with the pictures that fit in `budget`, newest first. */
export function stateForSaving(history: readonly HistoryEntry[], budget = savedPictureBudget): WebviewState {
	let left = budget;
	return {
		history: history.map((entry) => ({
			...entry,
			images: entry.images.map((image) => {
				if (image.src.length <= left) {
					left -= image.src.length;
					return image;
				}
				left = 0;
				return { ...image, src: '' };
			}),
		})),
	};
}
