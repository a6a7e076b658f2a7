/**
 * The whole panel inside `#app` (the host's `<main>`): a polite live region that announces job
 * progress, the running job(s), and the history.
 */
import type { HistoryEntry, JobInfo, PictureData, PreviewAction, ShownPartial } from '../../src/protocol';
import type { Strings } from '../strings';
import { el } from './dom';
import { formatSeconds, HistoryView, type PicturesRequester } from './historyView';
import { JobsView } from './jobsView';

export class PreviewView {
	private readonly status: HTMLElement;
	private readonly jobs: JobsView;
	private readonly historyView: HistoryView;

	constructor(root: HTMLElement, private readonly strings: Strings, onAction: (action: PreviewAction, entryId: string, imageIndex: number) => void, requestPictures?: PicturesRequester) {
		this.status = el('p', { className: 'ig-status ig-visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
		this.jobs = new JobsView(strings, onAction);
		this.historyView = new HistoryView(strings, onAction, requestPictures);
		root.replaceChildren(el('div', { className: 'ig-root' }, [this.status, this.jobs.element, this.historyView.element]));
	}

	get history(): readonly HistoryEntry[] {
		return this.historyView.history;
	}

	get shownPartials(): readonly ShownPartial[] {
		return this.jobs.shownPartials;
	}

	relabel(): void {
		this.jobs.relabel();
		this.historyView.relabel();
	}

	setHistory(entries: readonly HistoryEntry[]): void {
		this.historyView.render(entries);
	}

	/** Older entries' pictures, asked for as they scrolled into view. */
	showPictures(pictures: readonly PictureData[]): void {
		this.historyView.applyPictures(pictures);
	}

	jobStarted(job: JobInfo): void {
		this.jobs.started(job);
		this.announce(`${job.prompt}: ${this.strings.t('starting')}`);
	}

	jobProgress(jobId: string, message: string, partialSrc: string | undefined): void {
		if (this.jobs.progressed(jobId, message, partialSrc)) {
			this.announce(message);
		}
	}

	jobFinished(jobId: string, entry: HistoryEntry): void {
		const hadFocus = this.jobs.finished(jobId);
		this.historyView.upsert(entry);
		if (hadFocus) {
			this.historyView.focusEntry(entry.id);
		}
		this.announce(this.strings.t('jobFinished', formatSeconds(this.strings, entry.elapsedMs)));
	}

	jobFailed(jobId: string, message: string, cancelled: boolean): void {
		const text = cancelled ? this.strings.t('jobCancelled') : this.strings.t('jobFailed', message);
		this.jobs.failed(jobId, text);
		this.announce(text);
	}

	private announce(text: string): void {
		this.status.textContent = text;
	}
}
