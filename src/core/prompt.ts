/**
 * Prompt handling shared by every engine: where a prompt comes from and whether it is acceptable.
 * Pure: never imports 'vscode'.
 */
import { findModel } from './modelCatalogue';

/** A selection as offsets into the document, with the text it covers. */
export interface SelectedText {
	readonly start: number;
	readonly end: number;
	readonly text: string;
}

export interface PromptFromSelections {
	/** The prompt: the non-blank selections in document order, each trimmed, joined by a single space. */
	readonly prompt: string;
	/** The selection the link is anchored to: the last non-blank one in document order. */
	readonly anchor: SelectedText;
}

/**
 * Several selections make one prompt (in document order, not the order they were made), and the
 * link goes with the last of them. Blank selections are ignored; with none left the caller asks.
 */
export function promptFromSelections(selections: readonly SelectedText[]): PromptFromSelections | undefined {
	const used = selections.filter((s) => s.text.trim().length > 0).sort((a, b) => a.start - b.start);
	if (used.length === 0) {
		return undefined;
	}
	return {
		prompt: used.map((s) => normalizeWhitespace(s.text)).join(' '),
		anchor: used[used.length - 1],
	};
}

/** Collapses runs of whitespace (newlines included) to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
	return text.replace(/\s+/gu, ' ').trim();
}

/** The longest prompt each known model accepts, in characters (the API documents these). */
export function promptLimitFor(model: string): number {
	// The catalogue's documented limit; a model it does not know is given the GPT image models' room and the API decides.
	return findModel(model)?.promptLimit ?? unknownModelPromptLimit;
}

/** [sdk] GPT image models' `prompt`: "The maximum length is 32000 characters" (see modelCatalogue.ts). */
const unknownModelPromptLimit = 32_000;

export type PromptProblem =
	| { readonly kind: 'empty' }
	| { readonly kind: 'tooLong'; readonly length: number; readonly limit: number };

/** Why a prompt cannot be sent, or undefined when it can. */
export function checkPrompt(prompt: string, limit: number): PromptProblem | undefined {
	const trimmed = prompt.trim();
	if (trimmed.length === 0) {
		return { kind: 'empty' };
	}
	const length = [...trimmed].length;
	if (length > limit) {
		return { kind: 'tooLong', length, limit };
	}
	return undefined;
}
