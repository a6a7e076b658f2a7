/**
 * The running generation(s): prompt, engine and details, the elapsed time
 * (a `role="timer"`, ticking), the latest progress message, the partial
 * preview when the engine sends one, and a Cancel button. A failed or cancelled
 * job stays, with its message, until the next job starts.
 */
import type { JobInfo, PreviewAction, ShownPartial } from '../../src/protocol';
import type { Strings } from '../strings';
import { el, uniqueId } from './dom';
import { engineName, formatSeconds } from './historyView';

interface JobCard {
	readonly job: JobInfo;
	readonly node: HTMLElement;
	readonly elapsed: HTMLElement;
	readonly progress: HTMLElement;
	readonly partial: HTMLImageElement;
	readonly cancel: HTMLButtonElement;
	/** Local clock at which the job started (the host's clock may differ). */
	readonly startedLocal: number;
	running: boolean;
	/** Local clock at which it failed or was cancelled: the timer stops there. */
	ended: number | undefined;
	message: string | undefined;
}

const TICK_MS = 100;
/** How many shown partial previews the diagnostics remember. */
const SHOWN_PARTIALS_KEPT = 50;

export class JobsView {
	readonly element: HTMLElement;
	private readonly heading: HTMLHeadingElement;
	private readonly list: HTMLElement;
	private readonly cards = new Map<string, JobCard>();
	private timer: ReturnType<typeof setInterval> | undefined;
	private readonly shown: ShownPartial[] = [];

	constructor(private readonly strings: Strings, private readonly onAction: (action: PreviewAction, entryId: string, imageIndex: number) => void) {
		const headingId = uniqueId('ig-jobs-heading');
		this.heading = el('h2', { className: 'ig-heading', attrs: { id: headingId } });
		this.list = el('div', { className: 'ig-job-list' });
		this.element = el('section', { className: 'ig-jobs', attrs: { 'aria-labelledby': headingId } }, [this.heading, this.list]);
		this.element.hidden = true;
		this.relabel();
	}

	relabel(): void {
		this.heading.textContent = this.strings.t('currentJobHeading');
		for (const card of this.cards.values()) {
			card.cancel.textContent = this.strings.t('cancel');
			card.partial.alt = this.strings.t('partialAlt', card.job.prompt);
			this.tick(card);
			if (card.message === undefined && card.running) {
				card.progress.textContent = this.strings.t('starting');
			}
		}
	}

	started(job: JobInfo): void {
		for (const [id, card] of this.cards) {
			if (!card.running || id === job.id) {
				this.remove(id);
			}
		}
		const promptId = uniqueId('ig-job-prompt');
		const elapsed = el('p', { className: 'ig-elapsed', attrs: { role: 'timer' } });
		const progress = el('p', { className: 'ig-progress', text: this.strings.t('starting') });
		const partial = el('img', { className: 'ig-partial', attrs: { alt: this.strings.t('partialAlt', job.prompt) } });
		partial.hidden = true;
		// Recorded once decoded and on screen: what the diagnostics (and so the tests) call shown.
		partial.addEventListener('load', () => {
			if (!partial.hidden && partial.naturalWidth > 0) {
				this.shown.push({ jobId: job.id, width: partial.naturalWidth, height: partial.naturalHeight });
				this.shown.splice(0, Math.max(0, this.shown.length - SHOWN_PARTIALS_KEPT));
			}
		});
		const cancel = el('button', {
			className: 'ig-button ig-button-secondary',
			text: this.strings.t('cancel'),
			attrs: { type: 'button', 'aria-describedby': promptId },
		});
		cancel.dataset.action = 'cancel';
		cancel.addEventListener('click', () => this.onAction('cancel', job.id, 0));
		const node = el('article', { className: 'ig-job ig-running', attrs: { 'aria-labelledby': promptId } }, [
			el('h3', { className: 'ig-prompt', text: job.prompt, attrs: { id: promptId } }),
			el('p', { className: 'ig-meta' }, [
				el('span', { className: 'ig-engine', text: engineName(this.strings, job.engine) }),
				job.details.length > 0 ? el('span', { text: job.details }) : null,
			]),
			el('div', { className: 'ig-bar', attrs: { 'aria-hidden': 'true' } }, [el('div', { className: 'ig-bar-fill' })]),
			elapsed,
			progress,
			partial,
			el('div', { className: 'ig-actions' }, [cancel]),
		]);
		const offset = Math.min(Math.max(Date.now() - job.startedAt, 0), 60_000);
		const card: JobCard = { job, node, elapsed, progress, partial, cancel, startedLocal: performance.now() - offset, running: true, ended: undefined, message: undefined };
		this.cards.set(job.id, card);
		this.list.prepend(node);
		this.tick(card);
		this.element.hidden = false;
		this.timer ??= setInterval(() => this.tickAll(), TICK_MS);
	}

	/** Shows a progress message (and partial image); returns false for an unknown job. */
	progressed(jobId: string, message: string, partialSrc: string | undefined): boolean {
		const card = this.cards.get(jobId);
		if (card === undefined || !card.running) {
			return false;
		}
		card.message = message;
		card.progress.textContent = message;
		if (partialSrc !== undefined) {
			card.partial.src = partialSrc;
			card.partial.hidden = false;
		}
		return true;
	}

	/** The latest partial previews that were decoded and shown, oldest first. */
	get shownPartials(): readonly ShownPartial[] {
		return [...this.shown];
	}

	/** Removes a finished job; returns whether keyboard focus was inside it. */
	finished(jobId: string): boolean {
		const card = this.cards.get(jobId);
		const hadFocus = card !== undefined && card.node.contains(document.activeElement);
		this.remove(jobId);
		return hadFocus;
	}

	/** Marks a job as failed or cancelled and keeps it with its message. */
	failed(jobId: string, text: string): void {
		const card = this.cards.get(jobId);
		if (card === undefined) {
			return;
		}
		const hadFocus = card.node.contains(document.activeElement);
		card.running = false;
		card.ended = performance.now();
		this.tick(card);
		card.node.classList.remove('ig-running');
		card.node.classList.add('ig-failed');
		card.progress.textContent = text;
		card.cancel.remove();
		if (hadFocus) {
			this.heading.setAttribute('tabindex', '-1');
			this.heading.focus();
		}
		this.stopTimerIfIdle();
	}

	private remove(jobId: string): void {
		this.cards.get(jobId)?.node.remove();
		this.cards.delete(jobId);
		this.element.hidden = this.cards.size === 0;
		this.stopTimerIfIdle();
	}

	private stopTimerIfIdle(): void {
		if (this.timer !== undefined && ![...this.cards.values()].some((c) => c.running)) {
			clearInterval(this.timer);
			this.timer = undefined;
		}
	}

	private tickAll(): void {
		for (const card of this.cards.values()) {
			if (card.running) {
				this.tick(card);
			}
		}
	}

	private tick(card: JobCard): void {
		card.elapsed.textContent = this.strings.t('elapsed', formatSeconds(this.strings, (card.ended ?? performance.now()) - card.startedLocal));
	}
}
