/**
 * Entry point of the preview webview: connects to the host, shows the saved
 * history at once, says `ready`, then handles every message a guard accepts:
 * `init` first, then queued requests, then the host's history (which replaces
 * the saved one).
 * The offline engine (TF.js core and layers, the generator: webview-ui/gan/engine.ts) is a chunk
 * imported at once, so that it downloads while the page says `ready`; WebGL is probed right after
 * `ready`. The runner is created when both the chunk and `init` (the model and wasm URLs) are
 * there, and starts its backend at once; a `ganGenerate` that came earlier waits for it.
 */
import { isHostMessage, type GanBackend, type GanGenerateMessage, type HostMessage } from '../src/protocol';
import type { GanRunner } from './gan/runner';
import { probeWebGLRenderer } from './gan/webglProbe';
import { connectToHost } from './host';
import { stateForSaving } from './savedState';
import { Strings } from './strings';
import { PreviewView } from './view/previewView';

/** What the end-to-end tests and the webview check read and do in the webview frame: there only when the host's `init` says `testHooks` (never for users). */
export interface ImagegenDiagnostics {
	numTensors(): number;
	backend(): GanBackend | 'none';
	/** Loses TF.js's WebGL context (WEBGL_lose_context); false when WebGL is not in use. */
	loseWebGLContext(): boolean;
	/** Puts a backend first and starts it (e.g. WebGL on a software renderer); resolves to whether it started. */
	useBackend(backend: GanBackend): Promise<boolean>;
	/** The WebGL renderer the backend order was decided by (after init), undefined without WebGL. */
	webglRenderer(): string | undefined;
}

declare global {
	interface Window {
		imagegenDiagnostics?: ImagegenDiagnostics;
	}
}

function log(message: string): void {
	console.info(`[imagegen] ${message}`);
}

function errorText(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

const host = connectToHost();
const strings = new Strings();
const root = document.getElementById('app') ?? document.body;
let picturesRequestId = 1;
const view = new PreviewView(
	root,
	strings,
	(action, entryId, imageIndex) => host.post({ type: 'action', action, entryId, imageIndex }),
	(files) => host.post({ type: 'picturesRequest', requestId: picturesRequestId++, files }),
);
let runner: GanRunner | undefined;
/** The engine's chunk, requested before anything else so that it downloads during the handshake. */
const engine = import('./gan/engine');
engine.catch((err: unknown) => log(`the offline engine did not load: ${errorText(err)}`));
/** Set by the first `init`: the runner is being created (once the engine's chunk is there). */
let runnerCreating = false;
/** Why the engine's chunk failed to load: every request is answered with it. */
let engineFailure: string | undefined;

const saved = host.savedState();
if (saved !== undefined) {
	view.setHistory(saved.history);
}

function saveHistory(): void {
	host.saveState(stateForSaving(view.history));
}

function installTestHooks(): void {
	window.imagegenDiagnostics = {
		numTensors: () => runner?.numTensors() ?? 0,
		backend: () => runner?.backend ?? 'none',
		loseWebGLContext: () => runner?.loseWebGLContext() ?? false,
		useBackend: (backend) => runner?.useBackend(backend) ?? Promise.resolve(false),
		webglRenderer: () => runner?.webglRenderer,
	};
}

/**
 * Requests seen, by id. The host re-sends every pending request after `init` (a webview that VS Code
 * tore down and loaded again may also get a request queued for it before its `init`): each runs once.
 */
const seenRequests = new Set<number>();
/** Requests that arrived before `init`: run once the runner exists, not refused. */
const beforeInit: GanGenerateMessage[] = [];

async function runGan(message: GanGenerateMessage): Promise<void> {
	const { requestId, request } = message;
	if (engineFailure !== undefined) {
		host.post({ type: 'ganError', requestId, message: engineFailure });
		return;
	}
	if (runner === undefined) {
		beforeInit.push(message);
		return;
	}
	if (seenRequests.has(requestId)) {
		return;
	}
	seenRequests.add(requestId);
	try {
		const { generateImages } = await engine;
		const result = await generateImages(runner, request, log);
		host.post({ type: 'ganResult', requestId, images: result.images, backend: result.backend, ms: result.ms });
	} catch (err) {
		log(`request ${requestId} failed: ${errorText(err)}`);
		host.post({ type: 'ganError', requestId, message: errorText(err) });
	}
}

function handle(message: HostMessage): void {
	switch (message.type) {
		case 'init': {
			strings.update(message.strings);
			view.relabel();
			if (message.testHooks) {
				installTestHooks();
			}
			// A second init (the host re-sending after a reload) keeps the runner and its models.
			if (!runnerCreating) {
				runnerCreating = true;
				const { ganModelBase, wasmBase } = message;
				void engine.then((m) => {
					const created = new m.GanRunner({ modelBase: ganModelBase, wasmBase, log });
					runner = created;
					// The backend starts now, while the first request's model downloads.
					void created.warmUp().then(() => setTimeout(() => m.warmUpPngEncoder(), 0));
					for (const early of beforeInit.splice(0)) {
						void runGan(early);
					}
				}, (err: unknown) => {
					engineFailure = errorText(err);
					for (const early of beforeInit.splice(0)) {
						void runGan(early);
					}
				});
			}
			for (const early of runner === undefined ? [] : beforeInit.splice(0)) {
				void runGan(early);
			}
			return;
		}
		case 'jobStarted':
			view.jobStarted(message.job);
			return;
		case 'jobProgress':
			view.jobProgress(message.jobId, message.message, message.partialSrc);
			return;
		case 'jobFinished':
			view.jobFinished(message.jobId, message.entry);
			saveHistory();
			return;
		case 'jobFailed':
			view.jobFailed(message.jobId, message.message, message.cancelled);
			return;
		case 'history':
			view.setHistory(message.history);
			saveHistory();
			return;
		case 'ganGenerate':
			void runGan(message);
			return;
		case 'pictures':
			view.showPictures(message.pictures);
			return;
		case 'diagnostics':
			if (message.scroll !== undefined) {
				window.scrollTo(0, message.scroll === 'end' ? document.documentElement.scrollHeight : 0);
			}
			host.post({
				type: 'diagnosticsResult',
				requestId: message.requestId,
				backend: runner?.backend ?? 'none',
				numTensors: runner?.numTensors() ?? 0,
				modelLoaded: runner?.modelLoaded ?? false,
				partialPreviews: view.shownPartials,
				historyFiles: view.history.flatMap((e) => e.images.filter((i) => i.src !== '').map((i) => i.file)),
				savedStateChars: host.savedStateChars,
				historyEntries: view.history.length,
			});
			return;
		default: {
			const unhandled: never = message;
			log(`unhandled message ${JSON.stringify(unhandled)}`);
		}
	}
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	if (isHostMessage(event.data)) {
		handle(event.data);
	}
});

host.post({ type: 'ready' });
// The probe holds this thread for a GL context's start-up: after `ready`, while the engine downloads.
setTimeout(() => probeWebGLRenderer(), 0);
