/**
 * Every message between the extension host and the preview webview: one union per direction,
 * imported by both sides. Incoming messages are `unknown` until a guard below accepts them.
 * Pure: no 'vscode', no DOM.
 */
import { isEngineId, type EngineId } from './core/engines';

export type { EngineId };
export type GanBackend = 'webgl' | 'wasm' | 'cpu';
export type GanDomainId = 'digits' | 'fashion';

/** One saved image as the panel shows it. */
export interface PreviewImage {
	/** A URI the webview can load (asWebviewUri of the saved file). */
	readonly src: string;
	/** The saved file, as a URI string (for actions). */
	readonly file: string;
	/** Workspace-relative path for display. */
	readonly label: string;
	/** The picture was not sent (an older entry): `src` is empty until the panel asks for it with a `PicturesRequestMessage`. */
	readonly lazy?: boolean;
	readonly width?: number;
	readonly height?: number;
}

/** What the host and the panel both keep of one generation. */
export interface GenerationSummary {
	readonly id: string;
	readonly prompt: string;
	readonly engine: EngineId;
	/** Model, size / class and seed, in words. */
	readonly details: string;
	readonly createdAt: number;
	readonly elapsedMs: number;
	/** The link text that was (or would be) inserted for the first image. */
	readonly link: string;
}

/** One generation in the panel's history. */
export interface HistoryEntry extends GenerationSummary {
	readonly images: readonly PreviewImage[];
}

export interface JobInfo {
	readonly id: string;
	readonly prompt: string;
	readonly engine: EngineId;
	readonly details: string;
	readonly startedAt: number;
}

/** A request to run the bundled generator. `seeds` has one seed per image. */
export interface GanRequest {
	readonly domain: GanDomainId;
	readonly classIndex: number;
	readonly seeds: readonly number[];
	/** Edge of the saved square PNG in pixels. */
	readonly size: number;
	readonly smooth: boolean;
	/** Foreground colour as [r, g, b] 0–255 (from colour words in the prompt). */
	readonly foreground: readonly [number, number, number];
	/** Background colour, or null for transparent. */
	readonly background: readonly [number, number, number] | null;
}

export interface GanImage {
	/** PNG bytes, base64. */
	readonly pngBase64: string;
	readonly width: number;
	readonly height: number;
}

/** A partial preview the panel decoded and showed, as its diagnostics report it (tests). */
export interface ShownPartial {
	readonly jobId: string;
	readonly width: number;
	readonly height: number;
}

// ---- host → webview ---------------------------------------------------------------------------

/** What the panel needs before anything else: its strings, where the model and the WASM binaries are, and whether the test hooks are on. */
export interface InitMessage {
	readonly type: 'init';
	readonly strings: Readonly<Record<string, string>>;
	readonly ganModelBase: string;
	readonly wasmBase: string;
	/** The extension runs under development or its tests: the page exposes its test hooks (never for users). */
	readonly testHooks?: boolean;
}

export interface JobStartedMessage {
	readonly type: 'jobStarted';
	readonly job: JobInfo;
}

export interface JobProgressMessage {
	readonly type: 'jobProgress';
	readonly jobId: string;
	readonly message: string;
	readonly partialSrc?: string;
}

export interface JobFinishedMessage {
	readonly type: 'jobFinished';
	readonly jobId: string;
	readonly entry: HistoryEntry;
}

export interface JobFailedMessage {
	readonly type: 'jobFailed';
	readonly jobId: string;
	readonly message: string;
	readonly cancelled: boolean;
}

export interface HistoryMessage {
	readonly type: 'history';
	readonly history: readonly HistoryEntry[];
}

/** One picture the panel asked for: `src` a data: URI, or '' when the file is gone or too large to show. */
export interface PictureData {
	readonly file: string;
	readonly src: string;
}

/** The envelope of a request and of its response: the response carries the request's id. */
export interface Envelope {
	readonly requestId: number;
}

/** Run the bundled generator: answered by a `GanResultMessage` or a `GanErrorMessage`. */
export interface GanGenerateMessage extends Envelope {
	readonly type: 'ganGenerate';
	readonly request: GanRequest;
}

/** Test hook: answered by a `DiagnosticsResultMessage`. */
export interface DiagnosticsMessage extends Envelope {
	readonly type: 'diagnostics';
	/** First scroll the panel as a user would: to the end of the history, or back to the top. */
	readonly scroll?: 'end' | 'top';
}

/** The host's requests, each answered by a response with its `requestId`. */
export type HostRequest = GanGenerateMessage | DiagnosticsMessage;

/** The answer to a `PicturesRequestMessage` (same `requestId`): the pictures of the history's files among those asked for. */
export interface PicturesMessage extends Envelope {
	readonly type: 'pictures';
	readonly pictures: readonly PictureData[];
}

/** Host → webview. */
export type HostMessage = InitMessage | JobStartedMessage | JobProgressMessage | JobFinishedMessage | JobFailedMessage | HistoryMessage | HostRequest | PicturesMessage;

// ---- webview → host ---------------------------------------------------------------------------

/** Actions the panel's buttons ask the host to carry out on a history entry's image. */
export type PreviewAction = 'insert' | 'open' | 'reveal' | 'copyLink' | 'edit' | 'regenerate' | 'moreLikeThis' | 'delete' | 'cancel';
export const previewActions: readonly PreviewAction[] = ['insert', 'open', 'reveal', 'copyLink', 'edit', 'regenerate', 'moreLikeThis', 'delete', 'cancel'];

export interface ReadyMessage {
	readonly type: 'ready';
}

export interface ActionMessage {
	readonly type: 'action';
	readonly action: PreviewAction;
	readonly entryId: string;
	readonly imageIndex: number;
}

export interface GanResultMessage extends Envelope {
	readonly type: 'ganResult';
	readonly images: readonly GanImage[];
	readonly backend: GanBackend;
	readonly ms: number;
}

/** The answer to any request that failed. */
export interface GanErrorMessage extends Envelope {
	readonly type: 'ganError';
	readonly message: string;
}

export interface DiagnosticsResultMessage extends Envelope {
	readonly type: 'diagnosticsResult';
	readonly backend: GanBackend | 'none';
	readonly numTensors: number;
	readonly modelLoaded: boolean;
	/** The latest partial previews shown, oldest first. */
	readonly partialPreviews: readonly ShownPartial[];
	/** The files the history list shows with their picture, newest first. */
	readonly historyFiles: readonly string[];
	/** Characters of the state the panel saved last (setState). */
	readonly savedStateChars?: number;
	/** Entries the history list shows, with or without their pictures. */
	readonly historyEntries?: number;
}

/** The answers to the host's requests, matched to them by `requestId`. */
export type WebviewResponse = GanResultMessage | GanErrorMessage | DiagnosticsResultMessage;

/** Which response answers which request (a failure is a `GanErrorMessage` for either). */
export interface ResponseTo {
	readonly ganGenerate: GanResultMessage;
	readonly diagnostics: DiagnosticsResultMessage;
}

/** The panel asks for the pictures of history entries that scrolled into view; answered by a `PicturesMessage`. */
export interface PicturesRequestMessage extends Envelope {
	readonly type: 'picturesRequest';
	/** The images' files, as URI strings (`PreviewImage.file`). */
	readonly files: readonly string[];
}

/** The most files one `PicturesRequestMessage` may name. */
export const maxPicturesPerRequest = 32;

/** Webview → host. */
export type WebviewMessage = ReadyMessage | ActionMessage | WebviewResponse | PicturesRequestMessage;

// ---- guards ---------------------------------------------------------------------------------

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isBackend = (v: unknown): v is GanBackend => v === 'webgl' || v === 'wasm' || v === 'cpu';
const isRgb = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every((c) => isInt(c) && c >= 0 && c <= 255);

function isGanImage(v: unknown): v is GanImage {
	return isObject(v) && isString(v.pngBase64) && isInt(v.width) && isInt(v.height);
}

function isHistoryEntry(v: unknown): v is HistoryEntry {
	return (
		isObject(v) &&
		isString(v.id) &&
		isString(v.prompt) &&
		isEngineId(v.engine) &&
		isString(v.details) &&
		isNumber(v.createdAt) &&
		isNumber(v.elapsedMs) &&
		isString(v.link) &&
		Array.isArray(v.images) &&
		v.images.every((i) => isObject(i) && isString(i.src) && isString(i.file) && isString(i.label) && (i.lazy === undefined || typeof i.lazy === 'boolean'))
	);
}

function isGanRequest(v: unknown): v is GanRequest {
	return (
		isObject(v) &&
		(v.domain === 'digits' || v.domain === 'fashion') &&
		isInt(v.classIndex) &&
		Array.isArray(v.seeds) &&
		v.seeds.length > 0 &&
		v.seeds.every(isInt) &&
		isInt(v.size) &&
		v.size >= 28 &&
		v.size <= 2048 &&
		typeof v.smooth === 'boolean' &&
		isRgb(v.foreground) &&
		(v.background === null || isRgb(v.background))
	);
}

/** Accepts exactly the messages the webview may send; anything else is dropped by the caller. */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
	if (!isObject(v)) {
		return false;
	}
	switch (v.type) {
		case 'ready':
			return true;
		case 'action':
			return previewActions.includes(v.action as PreviewAction) && isString(v.entryId) && isInt(v.imageIndex) && (v.imageIndex as number) >= 0;
		case 'ganResult':
			return isInt(v.requestId) && Array.isArray(v.images) && v.images.every(isGanImage) && isBackend(v.backend) && isNumber(v.ms);
		case 'ganError':
			return isInt(v.requestId) && isString(v.message);
		case 'diagnosticsResult':
			return (
				isInt(v.requestId) &&
				(isBackend(v.backend) || v.backend === 'none') &&
				isInt(v.numTensors) &&
				typeof v.modelLoaded === 'boolean' &&
				Array.isArray(v.partialPreviews) &&
				v.partialPreviews.every((p) => isObject(p) && isString(p.jobId) && isInt(p.width) && isInt(p.height)) &&
				Array.isArray(v.historyFiles) &&
				v.historyFiles.every(isString) &&
				(v.savedStateChars === undefined || isInt(v.savedStateChars)) &&
				(v.historyEntries === undefined || isInt(v.historyEntries))
			);
		case 'picturesRequest':
			return isInt(v.requestId) && Array.isArray(v.files) && v.files.length > 0 && v.files.length <= maxPicturesPerRequest && v.files.every(isString);
		default:
			return false;
	}
}

/** Accepts exactly the messages the host may send. */
export function isHostMessage(v: unknown): v is HostMessage {
	if (!isObject(v)) {
		return false;
	}
	switch (v.type) {
		case 'init':
			return isObject(v.strings) && Object.values(v.strings).every(isString) && isString(v.ganModelBase) && isString(v.wasmBase) && (v.testHooks === undefined || typeof v.testHooks === 'boolean');
		case 'jobStarted':
			return isObject(v.job) && isString(v.job.id) && isString(v.job.prompt) && isEngineId(v.job.engine) && isString(v.job.details) && isNumber(v.job.startedAt);
		case 'jobProgress':
			return isString(v.jobId) && isString(v.message) && (v.partialSrc === undefined || isString(v.partialSrc));
		case 'jobFinished':
			return isString(v.jobId) && isHistoryEntry(v.entry);
		case 'jobFailed':
			return isString(v.jobId) && isString(v.message) && typeof v.cancelled === 'boolean';
		case 'history':
			return Array.isArray(v.history) && v.history.every(isHistoryEntry);
		case 'ganGenerate':
			return isInt(v.requestId) && isGanRequest(v.request);
		case 'diagnostics':
			return isInt(v.requestId) && (v.scroll === undefined || v.scroll === 'end' || v.scroll === 'top');
		case 'pictures':
			return isInt(v.requestId) && Array.isArray(v.pictures) && v.pictures.every((p) => isObject(p) && isString(p.file) && isString(p.src) && (p.src === '' || p.src.startsWith('data:image/')));
		default:
			return false;
	}
}

/** The state the webview keeps with setState, restored after a reload. */
export interface WebviewState {
	readonly history: readonly HistoryEntry[];
}

export function isWebviewState(v: unknown): v is WebviewState {
	return isObject(v) && Array.isArray(v.history) && v.history.every(isHistoryEntry);
}
