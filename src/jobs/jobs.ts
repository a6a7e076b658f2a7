import * as vscode from 'vscode';
import { Disposable } from '../core/dispose';
import type { Log } from '../log';
import type { HistoryEntry, JobInfo } from '../protocol';
import type { PreviewPanel } from '../preview/previewPanel';
import { EngineError, GenerationCancelled, errorText } from '../core/errors';
import type { ProgressUpdate } from '../providers/engine';

export const cancelGenerationCommand = 'imagegen.cancelGeneration';

/** How a failed job ends for its caller: cancelled (nothing shown) or an error the user was shown. */
export type JobFailure = { readonly cancelled: true; readonly error?: undefined } | { readonly cancelled?: undefined; readonly error: { readonly message: string; readonly actions: readonly string[] } };

/**
 * The image jobs in flight (generations and edits): each is shown in the preview panel and in a
 * cancellable notification, and ImageGen: Cancel Image Generation (palette or the panel's
 * Cancel) stops all of them as the notification's button stops one.
 */
export class Jobs extends Disposable {
	private readonly running = new Set<vscode.CancellationTokenSource>();
	/** The cards of announced jobs that have not ended, with their latest progress: shown again by a webview that (re)loads. */
	private readonly cards = new Map<string, { readonly job: JobInfo; message?: string; partialSrc?: string }>();
	constructor(private readonly panel: PreviewPanel, private readonly log: Log) {
		super();
		this._register(panel.onDidBecomeReady(() => {
			for (const { job, message, partialSrc } of this.cards.values()) {
				panel.post({ type: 'jobStarted', job });
				if (message !== undefined || partialSrc !== undefined) {
					panel.post({ type: 'jobProgress', jobId: job.id, message: message ?? '', partialSrc });
				}
			}
		}));
	}

	register(): vscode.Disposable {
		return vscode.commands.registerCommand(cancelGenerationCommand, () => this.cancelAll());
	}

	/** Cancels every job in flight; returns how many there were. */
	cancelAll(): number {
		const n = this.running.size;
		for (const job of this.running) {
			job.cancel();
		}
		return n;
	}

	/** Shows the job in the panel before any work is done. */
	announce(job: JobInfo): void {
		this.cards.set(job.id, { job });
		this.panel.show();
		this.panel.post({ type: 'jobStarted', job });
	}

	/**
	 * Runs `work` under a cancellable notification. Its progress messages go to the notification
	 * and the panel, its partial images to the panel only. `caller`: the caller's own cancellation
	 * (a chat's, for a tool call), which cancels the job as the notification's button does.
	 */
	async run<T>(jobId: string, work: (token: vscode.CancellationToken, report: (update: ProgressUpdate) => void) => Promise<T>, caller?: vscode.CancellationToken): Promise<T> {
		return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ImageGen'), cancellable: true }, async (progress, notificationToken) => {
			const source = new vscode.CancellationTokenSource();
			const link = notificationToken.onCancellationRequested(() => source.cancel());
			const callerLink = caller?.onCancellationRequested(() => source.cancel());
			if (caller?.isCancellationRequested) {
				source.cancel();
			}
			this.running.add(source);
			void this.updateContext();
			try {
				return await work(source.token, (update) => {
					if (update.message) {
						progress.report({ message: update.message });
					}
					const message = update.message ?? update.usage ?? '';
					const partialSrc = update.partial ? `data:image/${update.partial.format};base64,${Buffer.from(update.partial.bytes).toString('base64')}` : undefined;
					const card = this.cards.get(jobId);
					if (card) {
						card.message = message;
						card.partialSrc = partialSrc ?? card.partialSrc;
					}
					this.panel.post({ type: 'jobProgress', jobId, message, partialSrc });
				});
			} finally {
				link.dispose();
				callerLink?.dispose();
				this.running.delete(source);
				source.dispose();
				void this.updateContext();
			}
		});
	}

	/** The job's card in the panel becomes its history entry. */
	finished(jobId: string, entry: HistoryEntry): void {
		this.cards.delete(jobId);
		this.panel.post({ type: 'jobFinished', jobId, entry });
	}

	/**
	 * Reports a failure: nothing for a cancellation, otherwise the message (with its actions) and the
	 * log; the panel's card, when the job was announced, shows either. `fallback` words an
	 * unexpected error. `notify: false` (a tool call, whose caller gets the message) shows no message box.
	 */
	fail(err: unknown, fallback: (detail: string) => string, announcedJobId?: string, notify = true): JobFailure {
		let failure: JobFailure;
		if (err instanceof GenerationCancelled) {
			this.log.info('cancelled; nothing written');
			failure = { cancelled: true };
		} else {
			const error = err instanceof EngineError ? err : new EngineError(fallback(errorText(err)));
			this.log.error(error.message);
			if (notify) {
				const show = error.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
				void show(error.message, ...error.actions.map((a) => a.title)).then((choice) => {
					const action = error.actions.find((a) => a.title === choice);
					if (action) {
						void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
					}
				});
			}
			failure = { error: { message: error.message, actions: error.actions.map((a) => a.title) } };
		}
		if (announcedJobId !== undefined) {
			this.cards.delete(announcedJobId);
			this.panel.post({ type: 'jobFailed', jobId: announcedJobId, message: failure.error?.message ?? '', cancelled: failure.cancelled === true });
		}
		return failure;
	}

	private updateContext(): Thenable<unknown> {
		return vscode.commands.executeCommand('setContext', 'imagegen.generating', this.running.size > 0);
	}

	override dispose(): void {
		this.cancelAll();
		this.running.clear();
		this.cards.clear();
		super.dispose();
	}
}
