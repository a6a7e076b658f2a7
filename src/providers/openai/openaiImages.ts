/**
 * The OpenAI Images API through the official SDK. Deliberately free of 'vscode' so that the unit
 * tests run this exact code against a local server speaking the real wire format.
 * Runs in the extension host only: the key never leaves this process except to the API itself.
 */
import OpenAI, {
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
import type { ImageGenerateParamsNonStreaming, ImagesResponse } from 'openai/resources/images';
import { sniffImageFormat, type ImageFormat } from '../../core/fileName';

export const defaultOpenAIBaseUrl = 'https://api.openai.com/v1';

export interface OpenAIConnection {
	readonly apiKey: string;
	/** Empty or undefined: OpenAI's own endpoint. */
	readonly baseURL?: string;
	readonly timeoutMs: number;
	readonly maxRetries: number;
}

export interface OpenAIImageOptions {
	readonly model: string;
	readonly prompt: string;
	readonly size: string;
	readonly quality: string;
	readonly n?: number;
}

export interface OpenAIImage {
	readonly bytes: Uint8Array;
	readonly format: ImageFormat;
	readonly revisedPrompt?: string;
}

export interface OpenAIImageResult {
	readonly images: readonly OpenAIImage[];
	readonly requestId?: string;
	readonly usage?: ImagesResponse.Usage;
	/** When the last byte of the answer arrived (performance.now()), for the flow-overhead benchmark. */
	readonly receivedAt: number;
}

export interface RetryNotice {
	readonly status: number;
	readonly attempt: number;
	readonly retryAfterSeconds?: number;
}

export interface OpenAICallHooks {
	readonly signal?: AbortSignal;
	/** Called when an answer will be retried by the SDK (429, 5xx), before it waits. */
	readonly onRetry?: (notice: RetryNotice) => void;
	/** One line per request, never containing the key. */
	readonly log?: (line: string) => void;
}

/** Thrown when the API answered 200 without usable image data. */
export class NoImageDataError extends Error {
	constructor(readonly detail: string) {
		super(`The API answered without image data (${detail}).`);
		this.name = 'NoImageDataError';
	}
}

/** The request parameters as sent: `model` always (the API's default is an old model). */
export function buildGenerateParams(o: OpenAIImageOptions): ImageGenerateParamsNonStreaming {
	const dalle = o.model === 'dall-e-2' || o.model === 'dall-e-3';
	const params: ImageGenerateParamsNonStreaming = { model: o.model, prompt: o.prompt };
	if (o.n !== undefined && o.n !== 1) {
		params.n = o.n;
	}
	// 'auto' is a GPT-image value; DALL·E models take their own default instead.
	if (!(dalle && o.size === 'auto')) {
		params.size = o.size;
	}
	if (!(dalle && o.quality === 'auto')) {
		params.quality = o.quality as ImageGenerateParamsNonStreaming['quality'];
	}
	if (dalle) {
		// DALL·E answers with short-lived URLs unless asked for the bytes.
		params.response_format = 'b64_json';
	}
	return params;
}

export function createClient(conn: OpenAIConnection, hooks: Pick<OpenAICallHooks, 'onRetry'> = {}): OpenAI {
	return new OpenAI({
		apiKey: conn.apiKey,
		baseURL: conn.baseURL || defaultOpenAIBaseUrl,
		timeout: conn.timeoutMs,
		maxRetries: conn.maxRetries,
		// Not taken from the environment: only our settings decide where the key goes.
		organization: null,
		project: null,
		fetch: observingFetch(conn.maxRetries, hooks.onRetry),
	});
}

export async function generateOpenAIImages(
	conn: OpenAIConnection,
	options: OpenAIImageOptions,
	hooks: OpenAICallHooks = {},
): Promise<OpenAIImageResult> {
	const client = createClient(conn, hooks);
	const params = buildGenerateParams(options);
	const started = performance.now();
	hooks.log?.(`POST ${client.baseURL}/images/generations model=${params.model} size=${params.size ?? '(default)'} quality=${params.quality ?? '(default)'} n=${params.n ?? 1} prompt=${params.prompt.length} chars`);
	try {
		const { data: body, response } = await client.images.generate(params, { signal: hooks.signal }).withResponse();
		const receivedAt = performance.now();
		const requestId = response.headers.get('x-request-id') ?? undefined;
		const images = await decodeImages(body, hooks.signal);
		hooks.log?.(`200 in ${Math.round(receivedAt - started)} ms, ${images.length} image(s)${requestId ? `, request ${requestId}` : ''}${body.usage ? `, ${body.usage.total_tokens} tokens` : ''}`);
		return { images, requestId, usage: body.usage, receivedAt };
	} catch (err) {
		const failure = classifyOpenAIError(err);
		hooks.log?.(`failed after ${Math.round(performance.now() - started)} ms: ${failure.kind}${failure.status ? ` ${failure.status}` : ''}${failure.apiMessage ? ` — ${failure.apiMessage}` : ''}`);
		throw err;
	}
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
			throw new NoImageDataError('the data is not a PNG, JPEG, WebP or GIF image');
		}
		images.push({ bytes, format, revisedPrompt: item.revised_prompt ?? undefined });
	}
	if (images.length === 0) {
		throw new NoImageDataError(body.data.length === 0 ? 'empty "data"' : 'no b64_json or url');
	}
	return images;
}

/** Wraps fetch to tell the caller when the SDK is about to wait and retry. */
function observingFetch(maxRetries: number, onRetry: OpenAICallHooks['onRetry']): typeof fetch {
	return async (input, init) => {
		const response = await fetch(input, init);
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
	| 'server'
	| 'timeout'
	| 'network'
	| 'noImage'
	| 'malformed'
	| 'unknown';

export interface OpenAIFailure {
	readonly kind: OpenAIFailureKind;
	readonly status?: number;
	/** The API's own explanation, when it gave one. */
	readonly apiMessage?: string;
	readonly code?: string;
	readonly requestId?: string;
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
		return { kind: 'network', apiMessage: causeMessage(err) };
	}
	if (err instanceof NoImageDataError) {
		return { kind: 'noImage', apiMessage: err.detail };
	}
	if (err instanceof APIError) {
		const base = {
			status: err.status,
			apiMessage: apiMessageOf(err),
			code: err.code ?? undefined,
			requestId: err.requestID ?? undefined,
		};
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
