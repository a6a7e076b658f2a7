/**
 * A one-line progress bar: step, named values (losses), speed and ETA.
 * On a terminal it redraws one line with `\r`; otherwise (a log file) it prints a
 * full line every `logEvery` steps.
 */

export interface ProgressState {
	readonly step: number;
	readonly total: number;
	/** Steps done in this process (for the speed). */
	readonly done: number;
	/** Seconds since this process started stepping. */
	readonly elapsed: number;
	readonly values: Readonly<Record<string, number>>;
}

export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) {
		return '--:--';
	}
	const s = Math.round(seconds);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	const mm = String(m).padStart(2, '0');
	const ss = String(sec).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatProgress(state: ProgressState, width = 24): string {
	const frac = state.total > 0 ? Math.min(1, state.step / state.total) : 0;
	const filled = Math.round(frac * width);
	const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
	const perStep = state.done > 0 ? state.elapsed / state.done : NaN;
	const eta = perStep * (state.total - state.step);
	const values = Object.entries(state.values).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ');
	const speed = Number.isFinite(perStep) ? `${perStep.toFixed(2)} s/step` : '- s/step';
	return `[${bar}] ${state.step}/${state.total} ${values} | ${speed} | ETA ${formatDuration(eta)}`;
}

export class ProgressLine {
	private last = '';

	constructor(
		private readonly tty: boolean,
		private readonly log: (line: string) => void,
		private readonly logEvery = 25,
	) {}

	update(state: ProgressState): void {
		const line = formatProgress(state);
		if (this.tty) {
			process.stderr.write(`\r${line.padEnd(this.last.length)}`);
		} else if (state.step % this.logEvery === 0 || state.step === state.total) {
			this.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
		}
		this.last = line;
	}

	finish(): void {
		if (this.tty && this.last !== '') {
			process.stderr.write('\n');
		}
	}
}
