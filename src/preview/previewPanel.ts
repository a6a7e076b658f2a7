import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable, disposeAll } from '../core/dispose';
import type { GanHost, GanRun } from '../providers/ganEngine';
import { isWebviewMessage, type ActionMessage, type DiagnosticsResultMessage, type GanRequest, type HistoryEntry, type HostMessage, type HostRequest, type JobInfo, type PictureData, type PicturesRequestMessage, type ResponseTo, type WebviewResponse } from '../protocol';
import { previewHtml } from './previewHtml';

export const previewViewType = 'imagegen.preview';

/** What the panel's diagnostics report (tests). */
export type Diagnostics = Omit<DiagnosticsResultMessage, 'type' | 'requestId'>;

/** A request sent (or to send again after a reload) and how its response is taken. */
interface Pending {
	readonly message: HostRequest;
	/** The response type that answers it; a `ganError` fails it. */
	readonly expects: WebviewResponse['type'];
	readonly resolve: (response: WebviewResponse) => void;
	readonly reject: (e: Error) => void;
}

/**
 * How long a shown panel may take to say `ready` while a request waits for it, before its page is
 * loaded again, once, and then before the waiting requests fail. A webview whose page never runs
 * (its script blocked or not served, a webview service worker that did not register) would
 * otherwise leave an offline generation waiting until the user cancels it. The page posts
 * `ready` as soon as its script runs, before the model loads, so a slow machine stays far inside it.
 */
const defaultReadyTimeoutMs = 15_000;

const responseType: { readonly [K in HostRequest['type']]: ResponseTo[K]['type'] } = { ganGenerate: 'ganResult', diagnostics: 'diagnosticsResult' };

export interface PreviewPanelDelegate {
	/** What the panel needs before anything else on (re)load: strings and URLs. */
	initMessage(webview: vscode.Webview): HostMessage;
	/** The history with its images, read when called (slow: one read per image). */
	historyMessage(): Promise<HostMessage>;
	/** A validated action from the panel's buttons. */
	onAction(message: ActionMessage): void;
	/** The pictures of history images the panel asked for (only files the history lists). */
	pictures(files: readonly string[]): Promise<readonly PictureData[]>;
}

/**
 * The preview panel: one per window, created on demand beside the editor without taking focus,
 * restored after a reload by its serializer. Messages reach only a webview that said `ready`;
 * requests to the webview (GAN runs, diagnostics) wait for one and are matched to answers by id.
 */
export class PreviewPanel extends Disposable implements GanHost {
	private panel: vscode.WebviewPanel | undefined;
	private panelDisposables: vscode.Disposable[] = [];
	private ready = false;
	private readonly pending = new Map<number, Pending>();
	private nextRequestId = 1;
	private readonly readyEmitter = this._register(new vscode.EventEmitter<void>());
	/** Runs while a request waits on a shown webview that has not said `ready`. */
	private readyTimer: ReturnType<typeof setTimeout> | undefined;
	/** Whether the page was loaded again since the webview last said `ready`. */
	private reloaded = false;
	private readyTimeoutMs = defaultReadyTimeoutMs;
	/** Test hook: how many of the next page loads get a script that is not there. */
	private brokenLoads = 0;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly delegate: PreviewPanelDelegate,
	) {
		super();
		this._register(
			vscode.window.registerWebviewPanelSerializer(previewViewType, {
				deserializeWebviewPanel: async (panel) => {
					this.adopt(panel);
				},
			}),
		);
	}

	get isOpen(): boolean {
		return this.panel !== undefined;
	}

	/** Fires each time the webview (re)loads and said `ready`. */
	readonly onDidBecomeReady = this.readyEmitter.event;

	/** Opens the panel beside the active editor, or brings it forward (moved beside the active editor when it was behind it), without stealing focus unless asked. */
	show(preserveFocus = true): void {
		if (this.panel) {
			if (!this.panel.visible) {
				// Behind the document being edited: beside it instead, never over it.
				const active = vscode.window.activeTextEditor?.viewColumn;
				this.panel.reveal(active !== undefined && active === this.panel.viewColumn ? vscode.ViewColumn.Beside : undefined, preserveFocus);
			}
			return;
		}
		const panel = vscode.window.createWebviewPanel(previewViewType, vscode.l10n.t('Image Preview'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
		this.adopt(panel);
	}

	/**
	 * Sends a message to the webview if it is ready, and otherwise drops it: nothing piles up
	 * while the panel is closed or hidden (a hidden webview is torn down). What a webview that
	 * (re)loads needs is sent when it says `ready`: init, whatever `onDidBecomeReady` listeners
	 * post (the running jobs), the requests still pending, then the history.
	 */
	post(message: HostMessage): void {
		if (this.panel && this.ready) {
			void this.panel.webview.postMessage(message);
		}
	}

	/** Runs the bundled generator in the webview; opens the panel when needed. */
	async runGan(request: GanRequest, token: vscode.CancellationToken): Promise<GanRun> {
		const { images, backend, ms } = await this.request({ type: 'ganGenerate', requestId: this.nextRequestId++, request }, token);
		return { images, backend, ms };
	}

	/** The webview's state (tests); `scroll` first scrolls its history as a user would. */
	async diagnostics(scroll?: 'end' | 'top'): Promise<Diagnostics> {
		const d = await this.request({ type: 'diagnostics', requestId: this.nextRequestId++, ...(scroll ? { scroll } : {}) });
		return { backend: d.backend, numTensors: d.numTensors, modelLoaded: d.modelLoaded, partialPreviews: d.partialPreviews, historyFiles: d.historyFiles, savedStateChars: d.savedStateChars, historyEntries: d.historyEntries };
	}

	/** Sends a request (again after each reload until answered) and waits for the response with its id. */
	private request<K extends HostRequest['type']>(message: HostRequest & { readonly type: K }, token?: vscode.CancellationToken): Promise<ResponseTo[K]> {
		this.show();
		return new Promise<ResponseTo[K]>((resolve, reject) => {
			const sub = token?.onCancellationRequested(() => {
				this.pending.delete(message.requestId);
				if (this.pending.size === 0) {
					this.stopWatchingReady();
				}
				reject(new vscode.CancellationError());
			});
			this.pending.set(message.requestId, {
				message,
				expects: responseType[message.type],
				resolve: (r) => {
					sub?.dispose();
					resolve(r as ResponseTo[K]);
				},
				reject: (e) => {
					sub?.dispose();
					reject(e);
				},
			});
			this.post(message);
			this.watchReady();
		});
	}

	/**
	 * Test hook (registered only when the extension runs its tests): the next `loads` page loads
	 * point at a script that does not exist, as a webview whose page never runs, and `ready` is
	 * waited for `timeoutMs` each time (without it, as for users).
	 */
	simulateLoadFaults(loads: number, timeoutMs = defaultReadyTimeoutMs): void {
		this.brokenLoads = loads;
		this.readyTimeoutMs = timeoutMs;
	}

	/** Starts the wait for `ready` when a request waits on a shown webview that has not said it. */
	private watchReady(): void {
		const panel = this.panel;
		if (!panel || this.ready || !panel.visible || this.pending.size === 0 || this.readyTimer !== undefined) {
			return;
		}
		this.readyTimer = setTimeout(() => {
			this.readyTimer = undefined;
			this.readyOverdue(panel);
		}, this.readyTimeoutMs);
	}

	private stopWatchingReady(): void {
		clearTimeout(this.readyTimer);
		this.readyTimer = undefined;
	}

	/** The page did not say `ready` in time: load it again once, then fail what waits on it. */
	private readyOverdue(panel: vscode.WebviewPanel): void {
		if (panel !== this.panel || this.ready || !panel.visible || this.pending.size === 0) {
			return;
		}
		if (!this.reloaded) {
			this.reloaded = true;
			panel.webview.html = this.html(panel.webview);
			this.watchReady();
			return;
		}
		// The next request starts over with a reload of its own.
		this.reloaded = false;
		this.failPending(vscode.l10n.t('The Image Preview panel did not load, so the offline engine could not run. Close the panel and try again; if it stays blank, restart VS Code.'));
	}

	/** Fails every request still waiting on the webview. */
	private failPending(message: string): void {
		const error = new Error(message);
		for (const [id, p] of this.pending) {
			this.pending.delete(id);
			p.reject(error);
		}
	}

	/** A response settles the pending request with its id: a `ganError` fails it, the expected answer resolves it. */
	private answer(response: WebviewResponse): void {
		const p = this.pending.get(response.requestId);
		if (!p || (response.type !== 'ganError' && response.type !== p.expects)) {
			return;
		}
		this.pending.delete(response.requestId);
		if (response.type === 'ganError') {
			p.reject(new Error(response.message));
		} else {
			p.resolve(response);
		}
	}

	private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
		return {
			enableScripts: true,
			enableForms: false,
			localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
		};
	}

	private adopt(panel: vscode.WebviewPanel): void {
		this.disposePanel();
		this.panel = panel;
		this.ready = false;
		this.reloaded = false;
		panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
		panel.webview.options = this.webviewOptions();
		panel.webview.html = this.html(panel.webview);
		this.panelDisposables.push(
			panel.onDidDispose(() => {
				this.panel = undefined;
				this.disposePanel();
				this.stopWatchingReady();
				this.failPending(vscode.l10n.t('The preview panel was closed.'));
			}),
			panel.onDidChangeViewState(() => {
				// A hidden webview is torn down and loads again when shown: wait for its next `ready`.
				if (!panel.visible) {
					this.ready = false;
					this.stopWatchingReady();
				} else {
					this.watchReady();
				}
			}),
			panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
		);
	}

	private receive(message: unknown): void {
		if (!isWebviewMessage(message)) {
			return;
		}
		switch (message.type) {
			case 'ready':
				void this.onReady();
				return;
			case 'action':
				this.delegate.onAction(message);
				return;
			case 'ganResult':
			case 'ganError':
			case 'diagnosticsResult':
				this.answer(message);
				return;
			case 'picturesRequest':
				void this.sendPictures(message);
				return;
			default: {
				const never: never = message;
				return never;
			}
		}
	}

	/** Answers the panel's request for older pictures, to the webview that asked. */
	private async sendPictures(message: PicturesRequestMessage): Promise<void> {
		const panel = this.panel;
		const pictures = await this.delegate.pictures(message.files);
		// The webview that asked is loaded, whether or not its `ready` was handled yet.
		if (panel !== undefined && panel === this.panel) {
			void panel.webview.postMessage({ type: 'pictures', requestId: message.requestId, pictures } satisfies HostMessage);
		}
	}

	private async onReady(): Promise<void> {
		const panel = this.panel;
		if (!panel) {
			return;
		}
		try {
			await panel.webview.postMessage(this.delegate.initMessage(panel.webview));
			if (panel !== this.panel) {
				return;
			}
			this.ready = true;
			this.reloaded = false;
			this.stopWatchingReady();
			this.readyEmitter.fire();
			// Requests made before the webview was ready, or sent to one that was torn down since.
			for (const p of [...this.pending.values()]) {
				await panel.webview.postMessage(p.message);
			}
			// The history last: reading its images must not hold up a generation that opened the panel.
			const history = await this.delegate.historyMessage();
			if (panel === this.panel) {
				await panel.webview.postMessage(history);
			}
		} catch {
			// The panel was closed while it was being set up; the next one starts over.
		}
	}

	private html(webview: vscode.Webview): string {
		const script = this.brokenLoads > 0 ? 'missing-webview.js' : 'webview.js';
		this.brokenLoads = Math.max(0, this.brokenLoads - 1);
		return previewHtml({
			cspSource: webview.cspSource,
			// A fresh nonce each time also makes each assignment of the page a new load.
			nonce: randomBytes(16).toString('base64'),
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', script)).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.css')).toString(),
			language: vscode.env.language,
			title: vscode.l10n.t('Image Preview'),
			label: vscode.l10n.t('ImageGen preview'),
		});
	}

	private disposePanel(): void {
		disposeAll(this.panelDisposables);
	}

	override dispose(): void {
		this.stopWatchingReady();
		this.panel?.dispose();
		this.disposePanel();
		super.dispose();
	}
}

export type { HistoryEntry, JobInfo };
