/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI Images wire format, for tests.
 * The SDK under test talks to it over a socket exactly as it would to the API; nothing is mocked.
 * Each test scripts the answers it needs (errors, delays, hangs, broken bodies).
 *
 * `POST /v1/images/generations` takes JSON; `POST /v1/images/edits` takes multipart form data
 * (parsed with the platform's own `Request.formData()`). With `"stream": true` both answer with
 * server-sent events (`text/event-stream`): `event: image_generation.partial_image` (or
 * `image_edit.…`) lines with a `data:` JSON line each, then the `…completed` event with `usage`,
 * as the API sends them; scripted streams can instead fail, hang or drop mid-way.
 *
 * Every request is first held to the API's documented rules (openaiApiRules.ts, written from the SDK's
 * docs and OpenAI's reference, independently of the extension's own validator): a request the real
 * API would refuse is refused here the same way (400 `invalid_request_error` with `param`, or 404
 * `model_not_found` for a retired model), before any scripted answer. `servesRetiredModels` makes it a
 * compatible server that still serves the retired names.
 *
 * `GET /v1/models` lists the models "this key" can use, as the API's `ListModelsResponse`
 * (`{ object: 'list', data: [{ id, object: 'model', created, owned_by }] }`, SDK `resources/models.d.ts`).
 *
 * Azure OpenAI is served too, in both of Microsoft's forms (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle):
 * the deployment form `/openai/deployments/<name>/images/…?api-version=…` with the key in an `api-key` header,
 * and the v1 form `/openai/v1/images/…` (no `api-version`; the plain OpenAI client's bearer key, or `api-key`)
 * whose `model` is the deployment's name. A deployment this resource lacks answers Azure's 404 `DeploymentNotFound`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'fast-png';
import { imageSize, sniffImageFormat } from '../../src/core/imageBytes';
import { apiRuleViolation } from './openaiApiRules';

export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	/** The query parameters (Azure's `api-version`). */
	readonly query: Readonly<Record<string, string>>;
	readonly authorization: string | undefined;
	readonly headers: http.IncomingHttpHeaders;
	readonly body: unknown;
}

/** A file part of a multipart request, as received. */
export interface ReceivedFile {
	readonly filename: string;
	readonly type: string;
	readonly bytes: Uint8Array;
}

/** How a scripted stream ends after its partial images. */
export type StreamEnd =
	/** The `completed` event with the final image and usage. */
	| 'complete'
	/** An `error` event carrying an `error` object (the SDK throws an APIError for it). */
	| 'error'
	/** An `error` event with the message at the top level, as the Responses API words them. */
	| 'flatError'
	/** Nothing more is sent and the connection stays open. */
	| 'hang'
	/** The connection is cut. */
	| 'drop'
	/** The stream ends normally but without a completed event. */
	| 'end';

export type Answer =
	| { readonly kind: 'image'; readonly width?: number; readonly height?: number; readonly count?: number; readonly delayMs?: number; readonly revisedPrompt?: string }
	| { readonly kind: 'stream'; readonly width?: number; readonly height?: number; readonly partials?: number; readonly delayMs?: number; readonly eventDelayMs?: number; readonly end: StreamEnd; readonly errorMessage?: string; readonly errorCode?: string }
	| {
			readonly kind: 'error';
			readonly status: number;
			readonly message: string;
			readonly type?: string;
			readonly code?: string | null;
			readonly param?: string | null;
			readonly headers?: Readonly<Record<string, string>>;
			/** More fields of the `error` object (e.g. `moderation_details`). */
			readonly extra?: Readonly<Record<string, unknown>>;
	  }
	| { readonly kind: 'hang' }
	| { readonly kind: 'malformed' }
	/** Headers and part of a 200 JSON body, then the socket is reset: the connection breaks mid-answer. */
	| { readonly kind: 'cutBody' }
	| { readonly kind: 'noImage' };

/** Canned answers for the error paths, as the API words them. */
export const answers = {
	unauthorized: { kind: 'error', status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-test-****. You can find your API key at https://platform.openai.com/account/api-keys.' },
	unverified: { kind: 'error', status: 403, type: 'invalid_request_error', code: null, message: 'Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.' },
	moderation: { kind: 'error', status: 400, type: 'image_generation_user_error', code: 'moderation_blocked', message: 'Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID.' },
	badParameter: { kind: 'error', status: 400, type: 'invalid_request_error', code: 'invalid_value', message: "Invalid value: '999x999'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'." },
	unknownModel: { kind: 'error', status: 404, type: 'invalid_request_error', code: 'model_not_found', message: 'The model `gpt-image-404` does not exist or you do not have access to it.' },
	moderationDetailed: {
		kind: 'error',
		status: 400,
		type: 'image_generation_user_error',
		code: 'moderation_blocked',
		message: 'Your request was rejected by the safety system.',
		extra: { moderation_details: { categories: ['violence', 'self-harm'], moderation_stage: 'input' } },
	},
	// OpenAI's 429 for an exhausted quota (its error-code guide: "You exceeded your current quota, please check your plan and billing details").
	insufficientQuota: { kind: 'error', status: 429, type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' },
	rateLimited: { kind: 'error', status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-image-2 on images per minute (IPM): Limit 5, Used 5, Requested 1.', headers: { 'retry-after': '0' } },
	// Azure OpenAI's answer for a deployment the resource does not have.
	deploymentNotFound: {
		kind: 'error',
		status: 404,
		code: 'DeploymentNotFound',
		message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
	},
	serverError: { kind: 'error', status: 500, type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
} as const satisfies Record<string, Answer>;

const defaultDeployments: Readonly<Record<string, string>> = { 'images-prod': 'gpt-image-2' };

/** Like the API's own list: image models among chat, embedding and audio models, in no useful order. */
const defaultListedModels: readonly string[] = [
	'gpt-5.1',
	'gpt-image-2',
	'text-embedding-3-small',
	'gpt-image-2.5-flare',
	'gpt-image-2.6-sunburst',
	'whisper-1',
	'gpt-image-2.6-flare',
	'gpt-image-2.5-sunburst',
	'gpt-image-2-2026-04-21',
	'gpt-image-2.5-sunburst-2026-09-08',
	'gpt-image-2.5-flare-2026-09-08',
	'tts-1',
];

export class OpenAIWireServer {
	readonly requests: RecordedRequest[] = [];
	/** The key the server accepts; any other answers 401 like the real API. */
	apiKey = 'sk-test-imagegen-0123456789';
	/** False: OpenAI's own behaviour, retired models answer 404. True: a compatible server that still serves them. */
	servesRetiredModels = false;
	/** The date the shutdown dates are compared with. */
	now = new Date();
	/** The Azure deployments of this "resource": deployment name → the model it serves (whose rules apply). */
	azureDeployments: Record<string, string> = { ...defaultDeployments };
	/** What `GET /v1/models` lists; undefined: the image models served today and a few others, as the API's own list mixes them. */
	listedModels: readonly string[] | undefined;
	private readonly queue: Answer[] = [];
	private fallback: Answer = { kind: 'image' };
	private readonly hanging = new Set<http.ServerResponse>();
	private server: http.Server | undefined;
	/** PNG bytes of every (final) image sent, in order, so tests can compare what was saved. */
	readonly sentImages: Uint8Array[] = [];
	/** PNG bytes of every partial image streamed, in order. */
	readonly sentPartials: Uint8Array[] = [];
	private counter = 0;

	/** Starts on 127.0.0.1 with an ephemeral port. */
	async start(): Promise<void> {
		this.server = http.createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(0, '127.0.0.1', resolve);
		});
	}

	get baseUrl(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) {
			throw new Error('server not started');
		}
		return `http://127.0.0.1:${address.port}/v1`;
	}

	/** `http://127.0.0.1:<port>`: the "endpoint" of an Azure OpenAI resource served here. */
	get origin(): string {
		return this.baseUrl.replace(/\/v1$/, '');
	}

	/** How many requests are held open by a `hang` answer (a client that aborts closes its own). */
	get hangingRequests(): number {
		return this.hanging.size;
	}

	/** The next requests get these answers, in order; after that the fallback. */
	enqueue(...next: Answer[]): void {
		this.queue.push(...next);
	}

	/** What every request gets once the queue is empty. */
	setFallback(answer: Answer): void {
		this.fallback = answer;
	}

	reset(): void {
		this.queue.length = 0;
		this.requests.length = 0;
		this.sentImages.length = 0;
		this.sentPartials.length = 0;
		this.fallback = { kind: 'image' };
		this.servesRetiredModels = false;
		this.now = new Date();
		this.azureDeployments = { ...defaultDeployments };
		this.listedModels = undefined;
		this.releaseHanging();
	}

	async stop(): Promise<void> {
		this.releaseHanging();
		const server = this.server;
		this.server = undefined;
		if (server) {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	}

	private releaseHanging(): void {
		for (const res of this.hanging) {
			res.destroy();
		}
		this.hanging.clear();
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) {
			chunks.push(chunk as Buffer);
		}
		const rawBytes = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		// OpenAI: /v1/images/…, bearer key. Azure OpenAI: /openai/deployments/<name>/images/…?api-version=… with an
		// `api-key` header, or the v1 form /openai/v1/images/… (bearer key or `api-key`, the deployment as `model`).
		const deployment = /^\/openai\/deployments\/([^/]+)\/images\/(generations|edits)$/.exec(url.pathname);
		const azureV1 = /^\/openai\/v1\/images\/(generations|edits)$/.exec(url.pathname);
		const openai = /^\/v1\/images\/(generations|edits)$/.exec(url.pathname);
		const route = (deployment?.[2] ?? azureV1?.[1] ?? openai?.[1]) as 'generations' | 'edits' | undefined;
		const edit = route === 'edits';
		let body: unknown = rawBytes.toString('utf8');
		if (edit) {
			body = await parseMultipart(rawBytes, req.headers['content-type']);
		} else {
			try {
				body = rawBytes.length ? JSON.parse(rawBytes.toString('utf8')) : undefined;
			} catch {
				// keep the raw text; the route answers 400 below
			}
		}
		this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization, headers: req.headers, body });

		const bearer = req.headers.authorization === `Bearer ${this.apiKey}`;
		const apiKeyHeader = req.headers['api-key'] === this.apiKey;
		// Models - List: OpenAI's GET /v1/models, Azure's v1 GET /openai/v1/models and GET /openai/models?api-version=….
		if (req.method === 'GET' && (url.pathname === '/v1/models' || url.pathname === '/openai/v1/models' || url.pathname === '/openai/models')) {
			const azure = url.pathname.startsWith('/openai/');
			if (url.pathname === '/openai/models' && !url.searchParams.get('api-version')) {
				return this.sendError(res, { kind: 'error', status: 404, code: '404', message: 'Resource not found' });
			}
			if (!(bearer || (azure && apiKeyHeader))) {
				return this.sendError(res, answers.unauthorized);
			}
			// A scripted error answers the listing; any other scripted answer stays queued for the image request.
			if (this.queue[0]?.kind === 'error') {
				return this.sendError(res, this.queue.shift() as Extract<Answer, { kind: 'error' }>);
			}
			const ids = this.listedModels ?? defaultListedModels;
			return this.sendJson(res, 200, { object: 'list', data: ids.map((id, i) => ({ id, object: 'model', created: 1_700_000_000 + i, owned_by: id.startsWith('ft:') ? 'user' : 'system' })) });
		}
		if (req.method !== 'POST' || !route) {
			return this.sendError(res, { kind: 'error', status: 404, message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error' });
		}
		if (deployment && !url.searchParams.get('api-version')) {
			return this.sendError(res, { kind: 'error', status: 404, code: '404', message: 'Resource not found' });
		}
		if (deployment ? !apiKeyHeader : azureV1 ? !(bearer || apiKeyHeader) : !bearer) {
			return this.sendError(res, answers.unauthorized);
		}
		// The v1 form names the deployment in `model`; the rules are those of the model it serves.
		let ruleModel: string | undefined;
		if (azureV1) {
			const name = (body as Readonly<Record<string, unknown>> | undefined)?.model;
			ruleModel = typeof name === 'string' ? this.azureDeployments[name] : undefined;
			if (ruleModel === undefined) {
				return this.sendError(res, answers.deploymentNotFound);
			}
		}
		const problem = edit ? checkEditBody(body) : checkGenerationBody(body);
		if (problem) {
			return this.sendError(res, { kind: 'error', status: 400, type: 'invalid_request_error', code: 'invalid_value', message: problem });
		}
		const files = edit ? (body as MultipartBody) : undefined;
		const fields = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => k !== 'image' && k !== 'mask'));
		if (ruleModel !== undefined) {
			fields.model = ruleModel;
		}
		const rule = apiRuleViolation(fields, {
			endpoint: edit ? 'edits' : 'generations',
			servesRetiredModels: this.servesRetiredModels,
			now: this.now,
			images: files?.image?.length,
			mask: files?.mask !== undefined,
		});
		if (rule) {
			return this.sendError(res, { kind: 'error', status: rule.status, type: 'invalid_request_error', code: rule.code, param: rule.param, message: rule.message });
		}
		const request = normalized(body, edit);
		const queued = this.queue.shift() ?? this.fallback;
		// A streamed request that is simply to succeed streams like the API: the partials asked for, then the image.
		// A streamed request whose connection is to break mid-answer gets one partial, then the socket is cut.
		const answer: Answer =
			queued.kind === 'image' && request.stream
				? { kind: 'stream', end: 'complete', delayMs: queued.delayMs, width: queued.width, height: queued.height }
				: queued.kind === 'cutBody' && request.stream
					? { kind: 'stream', partials: 1, end: 'drop' }
					: queued;
		switch (answer.kind) {
			case 'stream':
				return this.sendStream(res, request, answer, edit ? 'image_edit' : 'image_generation');
			case 'hang':
				this.hanging.add(res);
				res.once('close', () => this.hanging.delete(res));
				return;
			case 'malformed':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"created": 1700000000, "data": [{"b64_json": "iVBOR');
				return;
			case 'cutBody': {
				const body = JSON.stringify({ created: 1700000000, data: [{ b64_json: Buffer.from(testPng(64, 64, ++this.counter)).toString('base64') }] });
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
				res.write(body.slice(0, Math.floor(body.length / 2)));
				// Once the first half has gone out, reset the socket (RST): the client sees the body end early.
				await new Promise((r) => setTimeout(r, 100));
				res.socket?.resetAndDestroy();
				return;
			}
			case 'noImage':
				return this.sendJson(res, 200, { created: 1700000000, data: [] });
			case 'error':
				return this.sendError(res, answer);
			case 'image': {
				if (answer.delayMs) {
					await new Promise((r) => setTimeout(r, answer.delayMs));
					// (req.destroyed is true once its body was read; the socket tells whether the client left.)
					if (res.destroyed || !res.socket || res.socket.destroyed) {
						return;
					}
				}
				const [w, h] = answer.width && answer.height ? [answer.width, answer.height] : request.dimensions;
				const count = answer.count ?? request.n;
				const data = [];
				for (let i = 0; i < count; i++) {
					const seed = ++this.counter;
					const image = request.outputFormat === 'svg' ? testSvg(w, h, seed) : request.outputFormat === 'gif' ? testGif(request.frameCount, seed) : testPng(w, h, seed);
					this.sentImages.push(image);
					data.push({ b64_json: Buffer.from(image).toString('base64'), ...(answer.revisedPrompt ? { revised_prompt: answer.revisedPrompt } : {}) });
				}
				return this.sendJson(res, 200, {
					created: Math.floor(Date.now() / 1000),
					data,
					usage: { input_tokens: 12, output_tokens: 1056 * count, total_tokens: 12 + 1056 * count, input_tokens_details: { text_tokens: 12, image_tokens: 0 } },
				}, { 'x-request-id': `req_test_${this.counter}` });
			}
			default: {
				const never: never = answer;
				throw new Error(`unknown answer ${JSON.stringify(never)}`);
			}
		}
	}

	private async sendStream(res: http.ServerResponse, request: NormalizedRequest, answer: Extract<Answer, { kind: 'stream' }>, prefix: 'image_generation' | 'image_edit'): Promise<void> {
		if (answer.delayMs) {
			await new Promise((r) => setTimeout(r, answer.delayMs));
			if (res.destroyed || !res.socket || res.socket.destroyed) {
				return;
			}
		}
		res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': `req_test_${++this.counter}` });
		const common = { created_at: Math.floor(Date.now() / 1000), size: request.size, quality: request.quality, background: request.background, output_format: 'png' };
		const gone = () => res.destroyed || !res.socket || res.socket.destroyed;
		const send = async (event: string, data: unknown) => {
			if (answer.eventDelayMs) {
				await new Promise((r) => setTimeout(r, answer.eventDelayMs));
			}
			if (!gone()) {
				res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
			}
		};
		const partials = answer.partials ?? request.partialImages;
		for (let i = 0; i < partials && !gone(); i++) {
			// Small, distinct previews: the API's are full size, but the client treats them alike.
			const png = testPng(32, 32, 1000 + ++this.counter);
			this.sentPartials.push(png);
			await send(`${prefix}.partial_image`, { type: `${prefix}.partial_image`, b64_json: Buffer.from(png).toString('base64'), ...common, partial_image_index: i });
		}
		if (gone()) {
			return;
		}
		const message = answer.errorMessage ?? 'The server had an error while processing your request. Sorry about that!';
		switch (answer.end) {
			case 'complete': {
				const [w, h] = answer.width && answer.height ? [answer.width, answer.height] : request.dimensions;
				const png = testPng(w, h, ++this.counter);
				this.sentImages.push(png);
				await send(`${prefix}.completed`, { type: `${prefix}.completed`, b64_json: Buffer.from(png).toString('base64'), ...common, usage: streamUsage(request) });
				res.end();
				return;
			}
			case 'error':
				await send('error', { type: 'error', error: { type: 'server_error', code: answer.errorCode ?? 'server_error', message, param: null } });
				res.end();
				return;
			case 'flatError':
				await send('error', { type: 'error', code: answer.errorCode ?? 'server_error', message, param: null });
				res.end();
				return;
			case 'hang':
				this.hanging.add(res);
				res.once('close', () => this.hanging.delete(res));
				return;
			case 'drop':
				// Once what was written has gone out: the client has the headers and the partials.
				await new Promise((r) => setTimeout(r, 100));
				res.socket?.destroy();
				return;
			case 'end':
				res.end();
				return;
			default: {
				const never: never = answer.end;
				throw new Error(`unknown stream end ${String(never)}`);
			}
		}
	}

	private sendJson(res: http.ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
		const text = JSON.stringify(json);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	private sendError(res: http.ServerResponse, e: Extract<Answer, { kind: 'error' }>): void {
		this.sendJson(
			res,
			e.status,
			{ error: { message: e.message, type: e.type ?? 'invalid_request_error', param: e.param ?? null, code: e.code ?? null, ...(e.extra ?? {}) } },
			{ ...(e.headers ?? {}), 'x-request-id': `req_err_${++this.counter}` },
		);
	}
}

/** The body checks the real endpoint makes that matter to us. */
function checkGenerationBody(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') {
		return 'We could not parse the JSON body of your request.';
	}
	const b = body as Record<string, unknown>;
	if (typeof b.prompt !== 'string' || b.prompt.length === 0) {
		return "Missing required parameter: 'prompt'.";
	}
	if (b.model !== undefined && typeof b.model !== 'string') {
		return "Invalid type for 'model'.";
	}
	if (b.n !== undefined && (typeof b.n !== 'number' || b.n < 1 || b.n > 10)) {
		return "Invalid value for 'n'.";
	}
	if (b.size !== undefined && (typeof b.size !== 'string' || !/^(auto|\d+x\d+)$/.test(b.size))) {
		return `Invalid value: '${String(b.size)}'.`;
	}
	return undefined;
}

/** The body checks the real edits endpoint makes that matter to us: image parts that are images, a mask of the same size. */
function checkEditBody(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') {
		return 'We could not parse the multipart body of your request.';
	}
	const b = body as MultipartBody;
	if (typeof b.prompt !== 'string' || b.prompt.length === 0) {
		return "Missing required parameter: 'prompt'.";
	}
	const images = b.image ?? [];
	if (images.length === 0) {
		return "Missing required parameter: 'image'.";
	}
	for (const image of images) {
		if (!imageDimensions(image.bytes) && !isJpegOrWebp(image.bytes)) {
			return `Invalid file '${image.filename}': unsupported image format. Supported formats are: 'png', 'jpeg', and 'webp'.`;
		}
	}
	if (b.mask) {
		const mask = imageDimensions(b.mask.bytes);
		if (!mask) {
			return "Invalid mask image format - mask image must be a PNG file.";
		}
		const first = imageDimensions(images[0].bytes);
		if (first && (first[0] !== mask[0] || first[1] !== mask[1])) {
			return 'Invalid mask image size - mask image must have the same dimensions as the image.';
		}
	}
	if (b.n !== undefined && !(typeof b.n === 'string' && /^([1-9]|10)$/.test(b.n))) {
		return "Invalid value for 'n'.";
	}
	return undefined;
}

/** A multipart request's fields (strings) and files (`image` always a list, as `image` or `image[]`). */
export interface MultipartBody {
	readonly [field: string]: string | ReceivedFile | readonly ReceivedFile[] | undefined;
	readonly image?: readonly ReceivedFile[];
	readonly mask?: ReceivedFile;
}

async function parseMultipart(raw: Buffer, contentType: string | undefined): Promise<MultipartBody | string> {
	try {
		const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType ?? '' }, body: raw }).formData();
		const out: Record<string, string | ReceivedFile | ReceivedFile[]> = {};
		const images: ReceivedFile[] = [];
		for (const [key, value] of form.entries()) {
			if (typeof value === 'string') {
				out[key] = value;
				continue;
			}
			const file: ReceivedFile = { filename: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
			if (key === 'image' || key === 'image[]') {
				images.push(file);
			} else {
				out[key] = file;
			}
		}
		if (images.length) {
			out.image = images;
		}
		return out as MultipartBody;
	} catch (err) {
		return `unparseable multipart body: ${String(err)}`;
	}
}

interface NormalizedRequest {
	readonly size: string;
	readonly quality: string;
	readonly background: string;
	readonly n: number;
	readonly stream: boolean;
	readonly partialImages: number;
	readonly dimensions: [number, number];
	readonly outputFormat: string;
	/** GIF frames asked for (the API's default: 9). */
	readonly frameCount: number;
}

/** The parameters that shape the answer, from a JSON or multipart body. */
function normalized(body: unknown, edit: boolean): NormalizedRequest {
	const b = (body ?? {}) as Record<string, unknown>;
	const size = typeof b.size === 'string' ? b.size : 'auto';
	const m = /^(\d+)x(\d+)$/.exec(size);
	let dimensions: [number, number] = m ? [Number(m[1]), Number(m[2])] : [1024, 1024];
	if (edit && !m) {
		// An edit keeps the original's size when none is asked for (as `auto` does for square originals).
		const first = (b as MultipartBody).image?.[0];
		dimensions = (first && imageDimensions(first.bytes)) || dimensions;
	}
	return {
		size,
		quality: typeof b.quality === 'string' ? b.quality : 'auto',
		background: typeof b.background === 'string' ? b.background : 'auto',
		n: Number(b.n ?? 1),
		stream: b.stream === true || b.stream === 'true',
		partialImages: Number(b.partial_images ?? 0),
		dimensions,
		outputFormat: typeof b.output_format === 'string' ? b.output_format : 'png',
		frameCount: Number(b.frame_count ?? 9),
	};
}

function streamUsage(r: NormalizedRequest) {
	return { input_tokens: 12, output_tokens: 1056, total_tokens: 1068, input_tokens_details: { text_tokens: 12, image_tokens: 0 }, size: r.size };
}

/** Width and height of a PNG; undefined for anything else. */
export function imageDimensions(bytes: Uint8Array): [number, number] | undefined {
	const size = sniffImageFormat(bytes) === 'png' ? imageSize(bytes) : undefined;
	return size && [size.width, size.height];
}

function isJpegOrWebp(bytes: Uint8Array): boolean {
	const format = sniffImageFormat(bytes);
	return format === 'jpeg' || format === 'webp';
}

/** A real, distinct PNG per request: a gradient whose colour depends on `seed`. */
export function testPng(width: number, height: number, seed: number): Uint8Array {
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 3;
			data[i] = (x * 255) / width;
			data[i + 1] = (y * 255) / height;
			data[i + 2] = (seed * 53) % 256;
		}
	}
	return encode({ width, height, data, channels: 3, depth: 8 });
}

/** A small SVG drawing, distinct per `seed`, as `output_format: svg` answers (an XML declaration, then the root). */
export function testSvg(width: number, height: number, seed: number): Uint8Array {
	const hue = (seed * 53) % 360;
	return new TextEncoder().encode(
		`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>test ${seed}</title><rect width="100%" height="100%" fill="hsl(${hue} 60% 50%)"/><circle cx="50%" cy="50%" r="25%" fill="white"/></svg>\n`,
	);
}

/**
 * An animated GIF89a of `frames` 1×1 frames cycling through four colours, looping forever (NETSCAPE2.0),
 * 100 ms a frame: the smallest real animation, written byte by byte (each frame's LZW data is the
 * canonical one-pixel stream for a 2-bit colour table: clear, index, end).
 */
export function testGif(frames: number, seed: number): Uint8Array {
	const palette = [seed % 256, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];
	const bytes: number[] = [...Buffer.from('GIF89a'), 1, 0, 1, 0, 0xf1, 0, 0, ...palette];
	bytes.push(0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00);
	for (let i = 0; i < Math.max(1, frames); i++) {
		// Graphic control: 10 hundredths of a second per frame.
		bytes.push(0x21, 0xf9, 0x04, 0x00, 10, 0, 0, 0x00);
		// Image descriptor 1×1 at 0,0, then LZW (min code size 2): codes clear(4), index, end(5) in 3 bits each.
		const index = i % 4;
		const packed = 4 | (index << 3) | (5 << 6);
		bytes.push(0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, packed & 0xff, (packed >> 8) & 0xff, 0x00);
	}
	bytes.push(0x3b);
	return new Uint8Array(bytes);
}

/** A PNG mask: transparent (alpha 0) in its top half, the part to be edited. */
export function maskPng(width: number, height: number): Uint8Array {
	const data = new Uint8Array(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data[(y * width + x) * 4 + 3] = y < height / 2 ? 0 : 255;
		}
	}
	return encode({ width, height, data, channels: 4, depth: 8 });
}
