import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { previewHtml } from './previewHtml';
import { isWebviewMessage, type GanBackend, type GanImage, type GanRequest, type HistoryEntry, type HostMessage, type JobInfo, type ShownPartial, type WebviewMessage } from '../protocol';

export const previewViewType = 'imagegen.preview';

export interface GanRun {
	readonly images: readonly GanImage[];
	readonly backend: GanBackend;
	readonly ms: number;
}

export interface Diagnostics {
	readonly backend: GanBackend | 'none';
	readonly numTensors: number;
	readonly modelLoaded: boolean;
	readonly partialPreviews: readonly ShownPartial[];
	/** The files the history list shows with their picture, newest first. */
	readonly historyFiles: readonly string[];
}

type Pending =
	| { readonly kind: 'gan'; readonly message: HostMessage; readonly resolve: (r: GanRun) => void; readonly reject: (e: Error) => void }
	| { readonly kind: 'diagnostics'; readonly message: HostMessage; readonly resolve: (r: Diagnostics) => void; readonly reject: (e: Error) => void };

export interface PreviewPanelDelegate {
	/** What the panel needs before anything else on (re)load: strings and URLs. */
	initMessage(webview: vscode.Webview): HostMessage;
	/** The history with its images, read when called (slow: one read per image). */
	historyMessage(): Promise<HostMessage>;
	/** A validated action from the panel's buttons. */
	onAction(message: Extract<WebviewMessage, { type: 'action' }>): void;
}

/**
 * The preview panel: one per window, created on demand beside the editor without taking focus,
 * restored after a reload by its serializer. Messages reach only a webview that said `ready`;
 * requests to the webview (GAN runs, diagnostics) wait for one and are matched to answers by id.
 */
export class PreviewPanel implements vscode.Disposable {
	private panel: vscode.WebviewPanel | undefined;
	private panelDisposables: vscode.Disposable[] = [];
	private ready = false;
	private readonly pending = new Map<number, Pending>();
	private nextRequestId = 1;
	private readonly readyEmitter = new vscode.EventEmitter<void>();
	private readonly disposables: vscode.Disposable[] = [this.readyEmitter];

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly delegate: PreviewPanelDelegate,
	) {
		this.disposables.push(
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
	runGan(request: GanRequest, token: vscode.CancellationToken): Promise<GanRun> {
		const requestId = this.nextRequestId++;
		const message: HostMessage = { type: 'ganGenerate', requestId, request };
		return this.request(requestId, token, (resolve, reject) => ({ kind: 'gan', message, resolve, reject }));
	}

	diagnostics(): Promise<Diagnostics> {
		const requestId = this.nextRequestId++;
		const message: HostMessage = { type: 'diagnostics', requestId };
		return this.request(requestId, undefined, (resolve, reject) => ({ kind: 'diagnostics', message, resolve, reject }));
	}

	private request<T>(
		requestId: number,
		token: vscode.CancellationToken | undefined,
		make: (resolve: (r: T) => void, reject: (e: Error) => void) => Pending,
	): Promise<T> {
		this.show();
		return new Promise<T>((resolve, reject) => {
			const sub = token?.onCancellationRequested(() => {
				this.pending.delete(requestId);
				reject(new vscode.CancellationError());
			});
			const entry = make(
				(r) => {
					sub?.dispose();
					resolve(r as T);
				},
				(e) => {
					sub?.dispose();
					reject(e);
				},
			);
			this.pending.set(requestId, entry);
			this.post(entry.message);
		});
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
		panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
		panel.webview.options = this.webviewOptions();
		panel.webview.html = this.html(panel.webview);
		this.panelDisposables.push(
			panel.onDidDispose(() => {
				this.panel = undefined;
				this.disposePanel();
				for (const [id, p] of this.pending) {
					this.pending.delete(id);
					p.reject(new Error(vscode.l10n.t('The preview panel was closed.')));
				}
			}),
			panel.onDidChangeViewState(() => {
				// A hidden webview is torn down and loads again when shown: wait for its next `ready`.
				if (!panel.visible) {
					this.ready = false;
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
			case 'ganResult': {
				const p = this.pending.get(message.requestId);
				if (p?.kind === 'gan') {
					this.pending.delete(message.requestId);
					p.resolve({ images: message.images, backend: message.backend, ms: message.ms });
				}
				return;
			}
			case 'ganError': {
				const p = this.pending.get(message.requestId);
				if (p) {
					this.pending.delete(message.requestId);
					p.reject(new Error(message.message));
				}
				return;
			}
			case 'diagnosticsResult': {
				const p = this.pending.get(message.requestId);
				if (p?.kind === 'diagnostics') {
					this.pending.delete(message.requestId);
					p.resolve({ backend: message.backend, numTensors: message.numTensors, modelLoaded: message.modelLoaded, partialPreviews: message.partialPreviews, historyFiles: message.historyFiles });
				}
				return;
			}
			default: {
				const never: never = message;
				return never;
			}
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
		return previewHtml({
			cspSource: webview.cspSource,
			nonce: randomBytes(16).toString('base64'),
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.css')).toString(),
			language: vscode.env.language,
			title: vscode.l10n.t('Image Preview'),
			label: vscode.l10n.t('ImageGen preview'),
		});
	}

	private disposePanel(): void {
		for (const d of this.panelDisposables.splice(0)) {
			d.dispose();
		}
	}

	dispose(): void {
		this.panel?.dispose();
		this.disposePanel();
		for (const d of this.disposables.splice(0)) {
			d.dispose();
		}
	}
}

export type { HistoryEntry, JobInfo };
