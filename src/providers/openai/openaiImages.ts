/**
 * The OpenAI Images API through the official SDK. Deliberately free of 'vscode' so that the unit
 * tests run this exact code against a local server speaking the real wire format.
 * Runs in the extension host only: the key never leaves this process except to the API itself.
 */
import OpenAI, {
	AzureOpenAI,
	APIConnectionError,
	APIConnectionTimeoutError,
	APIError,
	APIUserAbortError,
	AuthenticationError,
	BadRequestError,
	NotFoundError,
	PermissionDeniedError,
	RateLimitError,
} from 'openai';
import type { ImageEditParamsNonStreaming, ImageEditParamsStreaming, ImageEditStreamEvent, ImageGenerateParamsNonStreaming, ImageGenerateParamsStreaming, ImageGenStreamEvent, ImagesResponse } from 'openai/resources/images';
import { toFile } from 'openai';
import type { Stream } from 'openai/core/streaming';
import { buildImageParams, optionDefaults, type ImageOptions, type ImageRequestParams, type TokenUsage } from '../../core/openaiOptions';
import { sniffImageFormat, type ImageFormat } from '../../core/fileName';

export const defaultOpenAIBaseUrl = 'https://api.openai.com/v1';

export interface OpenAIConnection {
	readonly apiKey: string;
	/** Empty or undefined: OpenAI's own endpoint. */
	readonly baseURL?: string;
	readonly timeoutMs: number;
	readonly maxRetries: number;
	/** Azure OpenAI instead of `baseURL`: the key goes in an `api-key` header to the deployment's URL. */
	readonly azure?: AzureConnection;
}

export interface AzureConnection {
	/** `https://<resource>.openai.azure.com` (a trailing `/openai` or `/openai/v1` is allowed). */
	readonly endpoint: string;
	readonly deployment: string;
	/** `v1`: Microsoft's v1 API; a dated version (`2025-04-01-preview`): the deployment form. See `azureForm`. */
	readonly apiVersion: string;
}

/**
 * Which of Azure OpenAI's two forms a connection uses (Microsoft, "Azure OpenAI v1 API",
 * https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle, and "How to use image generation models",
 * https://learn.microsoft.com/azure/ai-foundry/openai/how-to/dall-e):
 * - `v1`, where Microsoft now directs users: the plain `OpenAI` client on `<endpoint>/openai/v1/` with the resource's key,
 *   no `api-version`, and the deployment's name as `model`. Microsoft documents image streaming (`stream`,
 *   `partial_images`) on this form.
 * - `deployment`: the `AzureOpenAI` client, `<endpoint>/openai/deployments/<name>/…?api-version=…`, the key in an
 *   `api-key` header.
 * An endpoint given as `…/openai/v1` means v1 whatever `apiVersion` says.
 */
export function azureForm(a: AzureConnection): { readonly kind: 'v1' | 'deployment'; readonly baseURL: string } {
	const trimmed = a.endpoint.trim().replace(/\/+$/, '');
	const root = trimmed.replace(/\/openai(\/v1)?$/i, '');
	const v1 = /\/openai\/v1$/i.test(trimmed) || a.apiVersion.trim().toLowerCase() === 'v1';
	return v1 ? { kind: 'v1', baseURL: `${root}/openai/v1` } : { kind: 'deployment', baseURL: `${root}/openai` };
}

/** The prompt and the options; options left out take the API's defaults (size and quality `auto`). */
export type OpenAIImageOptions = Partial<ImageOptions> & { readonly model: string; readonly prompt: string };

export interface OpenAIImage {
	readonly bytes: Uint8Array;
	readonly format: ImageFormat;
	readonly revisedPrompt?: string;
}

export interface OpenAIImageResult {
	readonly images: readonly OpenAIImage[];
	readonly requestId?: string;
	readonly usage?: TokenUsage;
	/** How many partial images arrived before the final one (streamed requests). */
	readonly partials: number;
	/** When the last byte of the answer arrived (performance.now()), for the flow-overhead benchmark. */
	readonly receivedAt: number;
}

export interface RetryNotice {
	readonly status: number;
	readonly attempt: number;
	readonly retryAfterSeconds?: number;
}

export interface PartialImage {
	readonly bytes: Uint8Array;
	readonly format: ImageFormat;
	/** 0-based, in the order the API sent them. */
	readonly index: number;
}

export interface OpenAICallHooks {
	readonly signal?: AbortSignal;
	/** Called when an answer will be retried by the SDK (429, 5xx), before it waits. */
	readonly onRetry?: (notice: RetryNotice) => void;
	/** Each partial image of a streamed request, as it arrives. Shown, never saved. */
	readonly onPartial?: (partial: PartialImage) => void;
	/** One line per request, never containing the key. */
	readonly log?: (line: string) => void;
}

/** A file sent to the edits endpoint. */
export interface EditFile {
	/** The file name (with its extension: the API tells PNG, JPEG and WebP apart by it and the type). */
	readonly name: string;
	readonly bytes: Uint8Array;
}

export interface EditInput {
	/** The image to edit first, then any reference images. */
	readonly images: readonly EditFile[];
	/** PNG whose transparent pixels mark where the first image is edited. */
	readonly mask?: EditFile;
}

/** Thrown when the API answered 200 without usable image data. */
export class NoImageDataError extends Error {
	constructor(readonly detail: string) {
		super(`The API answered without image data (${detail}).`);
		this.name = 'NoImageDataError';
	}
}

/** Thrown when a stream broke off, or reported an error, before its final image. */
export class StreamFailedError extends Error {
	constructor(
		readonly detail: string,
		readonly apiMessage?: string,
		readonly code?: string,
	) {
		super(`The image stream failed: ${detail}`);
		this.name = 'StreamFailedError';
	}
}

/** The options with the API's own defaults where none was given. */
export function withDefaults(o: OpenAIImageOptions): ImageOptions {
	return {
		model: o.model,
		size: o.size ?? 'auto',
		quality: o.quality ?? 'auto',
		n: o.n ?? 1,
		background: o.background ?? optionDefaults.background,
		outputFormat: o.outputFormat ?? optionDefaults.outputFormat,
		outputCompression: o.outputCompression,
		moderation: o.moderation ?? optionDefaults.moderation,
		style: o.style ?? optionDefaults.style,
		complexity: o.complexity ?? optionDefaults.complexity,
		svgModel: o.svgModel,
		frameCount: o.frameCount,
		frameDurationMs: o.frameDurationMs,
		// Streams only when asked: callers that want previews say how many.
		partialImages: o.partialImages ?? 0,
	};
}

/** The request parameters as sent: `model` always (the API's default is an old model). */
export function buildGenerateParams(o: OpenAIImageOptions): ImageRequestParams {
	return buildImageParams(withDefaults(o), o.prompt);
}

export function createClient(conn: OpenAIConnection, hooks: Pick<OpenAICallHooks, 'onRetry'> = {}): OpenAI {
	const azure = conn.azure ? azureForm(conn.azure) : undefined;
	if (conn.azure && azure?.kind === 'deployment') {
		return new AzureOpenAI({
			apiKey: conn.apiKey,
			// The base URL given outright, so that OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT in the environment play no part.
			baseURL: azure.baseURL,
			deployment: conn.azure.deployment,
			apiVersion: conn.azure.apiVersion,
			timeout: conn.timeoutMs,
			maxRetries: conn.maxRetries,
			organization: null,
			project: null,
			fetch: observingFetch(conn.maxRetries, hooks.onRetry),
		});
	}
	return new OpenAI({
		apiKey: conn.apiKey,
		baseURL: azure?.baseURL ?? (conn.baseURL || defaultOpenAIBaseUrl),
		timeout: conn.timeoutMs,
		maxRetries: conn.maxRetries,
		// Not taken from the environment: only our settings decide where the key goes.
		organization: null,
		project: null,
		fetch: observingFetch(conn.maxRetries, hooks.onRetry),
	});
}

/** Azure's v1 API names the deployment in `model`; everywhere else `model` is the model. */
function forConnection(conn: OpenAIConnection, params: ImageRequestParams): ImageRequestParams {
	return conn.azure && azureForm(conn.azure).kind === 'v1' ? { ...params, model: conn.azure.deployment } : params;
}

/** The ids of the models this key can use (`GET /models`; compatible servers answer it too), in the server's order. */
export async function listOpenAIModels(conn: OpenAIConnection, signal?: AbortSignal): Promise<string[]> {
	const ids: string[] = [];
	for await (const model of createClient(conn).models.list({ signal })) {
		ids.push(model.id);
	}
	return ids;
}

export async function generateOpenAIImages(conn: OpenAIConnection, options: OpenAIImageOptions, hooks: OpenAICallHooks = {}): Promise<OpenAIImageResult> {
	const client = createClient(conn, hooks);
	const params = forConnection(conn, buildGenerateParams(options));
	return run(conn, hooks, 'generations', params, '', (signal) =>
		params.stream
			? client.images.generate(params as ImageGenerateParamsStreaming, { signal }).withResponse()
			: client.images.generate(params as ImageGenerateParamsNonStreaming, { signal }).withResponse(),
	);
}

/** `images.edit` (multipart): the first image edited as the prompt says, the others as references, the mask marking where. */
export async function editOpenAIImages(conn: OpenAIConnection, options: OpenAIImageOptions, input: EditInput, hooks: OpenAICallHooks = {}): Promise<OpenAIImageResult> {
	const client = createClient(conn, hooks);
	const params = forConnection(conn, buildImageParams(withDefaults(options), options.prompt, 'edit'));
	const images = await Promise.all(input.images.map((f) => toFile(f.bytes, f.name, { type: mimeTypeOf(f.name) })));
	const mask = input.mask ? await toFile(input.mask.bytes, input.mask.name, { type: 'image/png' }) : undefined;
	const body = { ...params, image: images.length === 1 ? images[0] : images, ...(mask ? { mask } : {}) };
	const files = ` images=${images.length}${mask ? ' mask' : ''}`;
	return run(conn, hooks, 'edits', params, files, (signal) =>
		params.stream
			? client.images.edit(body as ImageEditParamsStreaming, { signal }).withResponse()
			: client.images.edit(body as ImageEditParamsNonStreaming, { signal }).withResponse(),
	);
}

type Answer = { data: ImagesResponse | Stream<ImageGenStreamEvent> | Stream<ImageEditStreamEvent>; response: Response };

async function run(
	conn: OpenAIConnection,
	hooks: OpenAICallHooks,
	endpoint: 'generations' | 'edits',
	params: ImageRequestParams,
	extra: string,
	send: (signal: AbortSignal) => Promise<Answer>,
): Promise<OpenAIImageResult> {
	const started = performance.now();
	const azure = conn.azure ? azureForm(conn.azure) : undefined;
	const base = azure
		? azure.kind === 'v1'
			? azure.baseURL
			: `${azure.baseURL}/deployments/${conn.azure?.deployment ?? ''}`
		: (conn.baseURL || defaultOpenAIBaseUrl).replace(/\/+$/, '');
	hooks.log?.(
		`POST ${base}/images/${endpoint} model=${params.model} size=${params.size ?? '(default)'} quality=${params.quality ?? '(default)'} n=${params.n ?? 1}${optionsText(params)}${extra} prompt=${params.prompt.length} chars`,
	);
	// Our own controller: the caller's cancel and the stream's idle time-out both end the request.
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	hooks.signal?.addEventListener('abort', onAbort);
	if (hooks.signal?.aborted) {
		controller.abort();
	}
	try {
		const { data, response } = await send(controller.signal);
		const requestId = response.headers.get('x-request-id') ?? undefined;
		let images: OpenAIImage[];
		let usage: TokenUsage | undefined;
		let partials = 0;
		if (isStream(data) && /\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
			// A compatible server that does not stream answers as if `stream` were not set.
			const body = (await response.json()) as ImagesResponse;
			images = await decodeImages(body, controller.signal);
			usage = body.usage;
		} else if (isStream(data)) {
			const streamed = await readStream(data, controller, conn.timeoutMs, hooks);
			images = [streamed.image];
			usage = streamed.usage;
			partials = streamed.partials;
		} else {
			images = await decodeImages(data, controller.signal);
			usage = data.usage;
		}
		const receivedAt = performance.now();
		hooks.log?.(
			`200 in ${Math.round(receivedAt - started)} ms, ${images.length} image(s)${partials ? ` after ${partials} partial(s)` : ''}${requestId ? `, request ${requestId}` : ''}${usage ? `, ${usage.total_tokens} tokens (${usage.input_tokens} in, ${usage.output_tokens} out)` : ''}`,
		);
		return { images, requestId, usage, partials, receivedAt };
	} catch (err) {
		const failure = classifyOpenAIError(hooks.signal?.aborted ? new APIUserAbortError() : err);
		hooks.log?.(`failed after ${Math.round(performance.now() - started)} ms: ${failure.kind}${failure.status ? ` ${failure.status}` : ''}${failure.apiMessage ? ` — ${failure.apiMessage}` : ''}`);
		throw hooks.signal?.aborted ? new APIUserAbortError() : err;
	} finally {
		hooks.signal?.removeEventListener('abort', onAbort);
	}
}

function optionsText(p: ImageRequestParams): string {
	const parts = [
		p.background && `background=${p.background}`,
		p.output_format && `format=${p.output_format}`,
		p.output_compression !== undefined && `compression=${p.output_compression}`,
		p.moderation && `moderation=${p.moderation}`,
		p.style && `style=${p.style}`,
		p.complexity && `complexity=${p.complexity}`,
		p.svg && `svg.model=${p.svg.model}`,
		p.frame_count !== undefined && `frames=${p.frame_count}`,
		p.frame_duration_ms !== undefined && `frame_ms=${p.frame_duration_ms}`,
		p.stream && `stream partials=${p.partial_images}`,
	].filter(Boolean);
	return parts.length ? ` ${parts.join(' ')}` : '';
}

function isStream(data: Answer['data']): data is Stream<ImageGenStreamEvent> | Stream<ImageEditStreamEvent> {
	return typeof (data as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/**
 * Reads a stream of image events: partials go to `onPartial`, the completed event is the result.
 * Ends with an error when the stream reports one, breaks off, goes quiet for longer than the time-out,
 * or ends without a completed image; nothing of a failed stream is returned.
 */
async function readStream(
	stream: AsyncIterable<ImageGenStreamEvent | ImageEditStreamEvent>,
	controller: AbortController,
	idleMs: number,
	hooks: OpenAICallHooks,
): Promise<{ image: OpenAIImage; usage?: TokenUsage; partials: number }> {
	let timedOut = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			timedOut = true;
			controller.abort();
		}, idleMs);
	};
	let partials = 0;
	let completed: { image: OpenAIImage; usage?: TokenUsage } | undefined;
	arm();
	try {
		for await (const event of stream) {
			arm();
			const type = (event as { type?: unknown }).type;
			if (type === 'image_generation.partial_image' || type === 'image_edit.partial_image') {
				const bytes = decodeBase64Image((event as { b64_json?: unknown }).b64_json);
				if (bytes) {
					hooks.onPartial?.({ ...bytes, index: (event as { partial_image_index?: number }).partial_image_index ?? partials });
					partials++;
				}
			} else if (type === 'image_generation.completed' || type === 'image_edit.completed') {
				const bytes = decodeBase64Image((event as { b64_json?: unknown }).b64_json);
				if (!bytes) {
					throw new NoImageDataError('the completed event held no image');
				}
				completed = { image: bytes, usage: (event as { usage?: TokenUsage }).usage };
			} else if (type === 'error') {
				// An error event the SDK passed on (it throws for those with an `error` object).
				const e = event as { message?: unknown; code?: unknown };
				throw new StreamFailedError('An error event.', typeof e.message === 'string' ? e.message : undefined, typeof e.code === 'string' ? e.code : undefined);
			}
		}
	} catch (err) {
		if (err instanceof APIError || err instanceof NoImageDataError || err instanceof StreamFailedError || err instanceof SyntaxError || hooks.signal?.aborted) {
			throw err;
		}
		if (timedOut) {
			throw new APIConnectionTimeoutError();
		}
		if (isTransportBreak(err)) {
			throw err;
		}
		throw new StreamFailedError(`The connection broke off (${err instanceof Error ? err.message : String(err)}).`);
	} finally {
		clearTimeout(timer);
	}
	// The SDK ends the iteration quietly when the request was aborted.
	if (hooks.signal?.aborted) {
		throw new APIUserAbortError();
	}
	if (timedOut) {
		throw new APIConnectionTimeoutError();
	}
	if (!completed) {
		throw new StreamFailedError('The stream ended without a final image.');
	}
	return { ...completed, partials };
}

function decodeBase64Image(b64: unknown): { bytes: Uint8Array; format: ImageFormat } | undefined {
	if (typeof b64 !== 'string' || b64.length === 0) {
		return undefined;
	}
	const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
	const format = sniffImageFormat(bytes);
	if (!format) {
		throw new NoImageDataError('the data is not a PNG, JPEG, WebP, GIF or SVG image');
	}
	return { bytes, format };
}

function mimeTypeOf(name: string): string {
	const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
	return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'webp' ? 'image/webp' : 'image/png';
}

async function decodeImages(body: ImagesResponse, signal: AbortSignal | undefined): Promise<OpenAIImage[]> {
	if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
		throw new NoImageDataError('no "data" array');
	}
	const images: OpenAIImage[] = [];
	for (const item of body.data) {
		let bytes: Uint8Array | undefined;
		if (typeof item.b64_json === 'string' && item.b64_json.length > 0) {
			bytes = new Uint8Array(Buffer.from(item.b64_json, 'base64'));
		} else if (typeof item.url === 'string' && item.url.length > 0) {
			// Some compatible servers only answer with URLs; they expire, so fetch at once.
			const res = await fetch(item.url, { signal });
			if (!res.ok) {
				throw new NoImageDataError(`image URL answered ${res.status}`);
			}
			bytes = new Uint8Array(await res.arrayBuffer());
		}
		if (!bytes) {
			continue;
		}
		const format = sniffImageFormat(bytes);
		if (!format) {
			throw new NoImageDataError('the data is not a PNG, JPEG, WebP, GIF or SVG image');
		}
		images.push({ bytes, format, revisedPrompt: item.revised_prompt ?? undefined });
	}
	if (images.length === 0) {
		throw new NoImageDataError(body.data.length === 0 ? 'empty "data"' : 'no b64_json or url');
	}
	return images;
}

/**
 * Error codes that mean the account must act (add credit, raise a limit, turn billing on): retrying
 * cannot help. `insufficient_quota` is the Images API's 429 for an exhausted quota (OpenAI's error-code
 * guide, "429 - You exceeded your current quota"); `billing_hard_limit_reached` its 400 for a spending
 * limit; the others are the billing failure codes the SDK documents (openai 7.59.0,
 * resources/beta/agents/agents.d.ts: `usage_limit_exceeded`, `project_spend_limit_exceeded`,
 * `organization_spend_limit_exceeded`, `organization_usage_limit_exceeded`, `billing_not_active`,
 * `credit_balance_exhausted`).
 */
export const billingErrorCodes: readonly string[] = [
	'insufficient_quota',
	'billing_hard_limit_reached',
	'billing_not_active',
	'usage_limit_exceeded',
	'project_spend_limit_exceeded',
	'organization_spend_limit_exceeded',
	'organization_usage_limit_exceeded',
	'credit_balance_exhausted',
];

/**
 * Wraps fetch to tell the caller when the SDK is about to wait and retry, and to stop it retrying
 * a 429 that is about billing, not rate (the SDK honours `x-should-retry: false`).
 */
function observingFetch(maxRetries: number, onRetry: OpenAICallHooks['onRetry']): typeof fetch {
	return async (input, init) => {
		let response = await fetch(input, init);
		if (response.status === 429 && (await isBillingAnswer(response))) {
			const headers = new Headers(response.headers);
			headers.set('x-should-retry', 'false');
			response = new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers });
		}
		if (onRetry && isRetryable(response)) {
			const attempt = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? '0');
			if (attempt < maxRetries) {
				const retryAfter = Number.parseFloat(response.headers.get('retry-after') ?? '');
				onRetry({ status: response.status, attempt: attempt + 1, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
			}
		}
		return response;
	};
}

async function isBillingAnswer(response: Response): Promise<boolean> {
	try {
		const body = (await response.clone().json()) as { error?: { code?: unknown; type?: unknown } };
		const code = body?.error?.code ?? body?.error?.type;
		return typeof code === 'string' && billingErrorCodes.includes(code);
	} catch {
		return false;
	}
}

function isRetryable(response: Response): boolean {
	const header = response.headers.get('x-should-retry');
	if (header === 'true') {
		return true;
	}
	if (header === 'false') {
		return false;
	}
	return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

export type OpenAIFailureKind =
	| 'aborted'
	| 'auth'
	| 'forbidden'
	| 'moderation'
	| 'badRequest'
	| 'notFound'
	| 'rateLimit'
	| 'billing'
	| 'server'
	| 'timeout'
	| 'network'
	| 'connectionLost'
	| 'noImage'
	| 'stream'
	| 'malformed'
	| 'unknown';

export interface OpenAIFailure {
	readonly kind: OpenAIFailureKind;
	readonly status?: number;
	/** The API's own explanation, when it gave one. */
	readonly apiMessage?: string;
	readonly code?: string;
	readonly requestId?: string;
	/** From a moderation block, when the API gave them (`error.moderation_details`). */
	readonly moderationDetails?: ModerationDetails;
}

/**
 * `moderation_details` of a `moderation_blocked` error: "Public moderation categories" and "The stage where
 * moderation blocked the image generation call" (openai 7.59.0, resources/responses/responses.d.ts,
 * `ImageGenerationCall.Error.ModerationDetails`).
 */
export interface ModerationDetails {
	readonly categories: readonly string[];
	readonly stage?: 'input' | 'output' | 'unknown';
}

function moderationDetailsOf(error: unknown): ModerationDetails | undefined {
	const d = (error as { moderation_details?: unknown } | undefined)?.moderation_details as { categories?: unknown; moderation_stage?: unknown } | undefined;
	if (!d || typeof d !== 'object') {
		return undefined;
	}
	const categories = Array.isArray(d.categories) ? d.categories.filter((c): c is string => typeof c === 'string') : [];
	const stage = d.moderation_stage === 'input' || d.moderation_stage === 'output' || d.moderation_stage === 'unknown' ? d.moderation_stage : undefined;
	return categories.length > 0 || stage ? { categories, stage } : undefined;
}

/** What went wrong, in terms a message can be built from. Never includes request headers. */
export function classifyOpenAIError(err: unknown): OpenAIFailure {
	if (err instanceof APIUserAbortError) {
		return { kind: 'aborted' };
	}
	if (err instanceof APIConnectionTimeoutError) {
		return { kind: 'timeout' };
	}
	if (err instanceof APIConnectionError) {
		return { kind: isTransportBreak(err.cause) ? 'connectionLost' : 'network', apiMessage: causeMessage(err) };
	}
	if (isTransportBreak(err)) {
		// Node's fetch (undici) reports a body cut off mid-answer as a bare TypeError('terminated'),
		// which the SDK passes on unwrapped while it reads the JSON.
		return { kind: 'connectionLost', apiMessage: transportDetail(err) };
	}
	if (err instanceof NoImageDataError) {
		return { kind: 'noImage', apiMessage: err.detail };
	}
	if (err instanceof StreamFailedError) {
		const moderated = err.code === 'moderation_blocked' || /safety system|moderation/i.test(err.apiMessage ?? '');
		return { kind: moderated ? 'moderation' : 'stream', apiMessage: err.apiMessage ?? err.detail, code: err.code };
	}
	if (err instanceof APIError) {
		const base = {
			status: err.status,
			apiMessage: apiMessageOf(err),
			code: err.code ?? undefined,
			requestId: err.requestID ?? undefined,
			moderationDetails: moderationDetailsOf(err.error),
		};
		const errorType = (err.error as { type?: unknown } | undefined)?.type;
		if ((base.code && billingErrorCodes.includes(base.code)) || (typeof errorType === 'string' && billingErrorCodes.includes(errorType))) {
			return { kind: 'billing', ...base };
		}
		if (err instanceof AuthenticationError) {
			return { kind: 'auth', ...base };
		}
		if (err instanceof PermissionDeniedError) {
			return { kind: 'forbidden', ...base };
		}
		if (err instanceof BadRequestError) {
			const moderated = err.code === 'moderation_blocked' || err.code === 'content_policy_violation' || /safety system|moderation/i.test(base.apiMessage ?? '');
			return { kind: moderated ? 'moderation' : 'badRequest', ...base };
		}
		if (err instanceof NotFoundError) {
			return { kind: 'notFound', ...base };
		}
		if (err instanceof RateLimitError) {
			return { kind: 'rateLimit', ...base };
		}
		if (typeof err.status === 'number' && err.status >= 500) {
			return { kind: 'server', ...base };
		}
		if (err.status === undefined) {
			// An error event inside a 200 stream: the answer had begun, then the API reported a failure.
			const moderated = err.code === 'moderation_blocked' || /safety system|moderation/i.test(base.apiMessage ?? '');
			return { kind: moderated ? 'moderation' : 'stream', ...base };
		}
		return { kind: 'unknown', ...base };
	}
	if (err instanceof SyntaxError) {
		// The SDK parses the body as JSON; a broken body surfaces as a SyntaxError.
		return { kind: 'malformed', apiMessage: err.message };
	}
	if (err instanceof Error && err.name === 'AbortError') {
		return { kind: 'aborted' };
	}
	return { kind: 'unknown', apiMessage: err instanceof Error ? err.message : String(err) };
}

function apiMessageOf(err: APIError): string | undefined {
	const body = err.error as { message?: unknown } | undefined;
	if (body && typeof body.message === 'string' && body.message.length > 0) {
		return body.message;
	}
	// Without a JSON body the SDK's message is "<status> <text>"; drop the status.
	const text = err.message.replace(/^\d{3}\s*/, '').trim();
	return text && !/status code \(no body\)/.test(text) ? text : undefined;
}

/**
 * The bare words and codes with which Node (undici, net) reports a connection that broke after it
 * was made: `terminated` (undici's body read), `other side closed` (UND_ERR_SOCKET), `socket hang
 * up`, ECONNRESET, EPIPE. Walks the `cause` chain, where undici puts the socket's error.
 */
const transportWords = /^(terminated|other side closed|socket hang up|read ECONNRESET|write EPIPE)$/i;
const transportCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function isTransportBreak(err: unknown, depth = 0): err is Error {
	if (!(err instanceof Error) || depth > 4) {
		return false;
	}
	const code = (err as { code?: unknown }).code;
	if ((typeof code === 'string' && transportCodes.has(code)) || transportWords.test(err.message)) {
		return true;
	}
	return isTransportBreak((err as { cause?: unknown }).cause, depth + 1);
}

function transportDetail(err: Error): string {
	const cause = (err as { cause?: unknown }).cause;
	return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}

function causeMessage(err: Error): string | undefined {
	const cause = (err as { cause?: unknown }).cause;
	if (cause instanceof Error) {
		const code = (cause as { code?: unknown }).code;
		const inner = (cause as { cause?: unknown }).cause;
		const innerCode = inner instanceof Error ? (inner as { code?: unknown }).code : undefined;
		return [cause.message, typeof code === 'string' ? code : undefined, typeof innerCode === 'string' ? innerCode : undefined].filter(Boolean).join(' ');
	}
	return undefined;
}
