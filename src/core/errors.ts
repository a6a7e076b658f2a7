/**
 * The failures every layer may raise and the flow reports: pure, so that core, the engines and the
 * workspace code share them without importing one another.
 */

/** A button offered with an error: runs `command` with `args`. */
export interface EngineAction {
	readonly title: string;
	readonly command: string;
	readonly args?: readonly unknown[];
}

/** A failure the user can act on: a clear message and the next steps as buttons. */
export class EngineError extends Error {
	constructor(
		message: string,
		readonly actions: readonly EngineAction[] = [],
		readonly severity: 'error' | 'warning' = 'error',
	) {
		super(message);
		this.name = 'EngineError';
	}
}

/** Thrown when the user cancelled: nothing is written, nothing is shown. */
export class GenerationCancelled extends Error {
	constructor() {
		super('cancelled');
		this.name = 'GenerationCancelled';
	}
}

/** An unknown thrown value's message. */
export function errorText(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
