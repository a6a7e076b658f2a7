/**
 * Where a link goes relative to the text the prompt came from. Pure: offsets and strings only.
 */

export type InsertMode = 'afterSelection' | 'replaceSelection';

export interface InsertionPlan {
	/** The range to replace (start === end for a pure insertion). */
	readonly start: number;
	readonly end: number;
	/** Text put before the link so it does not run into the selected words. */
	readonly prefix: string;
	/** Text put after the link so following text does not run into it. */
	readonly suffix: string;
}

/**
 * - replaceSelection: the link replaces the selected text.
 * - afterSelection with selected text: when the selection ends a non-empty line the link becomes its
 *   own paragraph below it (`\n\n`); when it ends after a line break (whole lines selected) the link
 *   becomes its own paragraph before the next line; otherwise it follows after a space.
 * - no selected text (the prompt was typed): the link goes exactly at the cursor.
 */
export function planInsertion(mode: InsertMode, start: number, end: number, hadSelection: boolean, text: string): InsertionPlan {
	if (!hadSelection) {
		return { start: end, end, prefix: '', suffix: '' };
	}
	if (mode === 'replaceSelection') {
		return { start, end, prefix: '', suffix: '' };
	}
	const previousChar = text.charAt(end - 1);
	const nextChar = text.charAt(end);
	if (previousChar === '\n') {
		return { start: end, end, prefix: '\n', suffix: end === text.length ? '\n' : '\n\n' };
	}
	const atLineEnd = end === text.length || nextChar === '\n' || nextChar === '\r';
	if (atLineEnd) {
		return { start: end, end, prefix: '\n\n', suffix: '' };
	}
	return { start: end, end, prefix: /\s/.test(previousChar) ? '' : ' ', suffix: /\s/.test(nextChar) ? '' : ' ' };
}
