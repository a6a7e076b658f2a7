/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI Images wire format, for tests.
 * The SDK under test talks to it over a socket exactly as it would to the API; nothing is mocked.
 * Each test scripts the answers it needs (errors, delays, hangs, broken bodies).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'fast-png';

export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly authorization: string | undefined;
	readonly headers: http.IncomingHttpHeaders;
	readonly body: unknown;
}

export type Answer =
	| { readonly kind: 'image'; readonly width?: number; readonly height?: number; readonly count?: number; readonly delayMs?: number; readonly revisedPrompt?: string }
	| { readonly kind: 'error'; readonly status: number; readonly message: string; readonly type?: string; readonly code?: string | null; readonly headers?: Readonly<Record<string, string>> }
	| { readonly kind: 'hang' }
	| { readonly kind: 'malformed' }
	| { readonly kind: 'noImage' };

/** Canned answers for the error paths, as the API words them. */
export const answers = {
	unauthorized: { kind: 'error', status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-test-****. You can find your API key at https://platform.openai.com/account/api-keys.' },
	unverified: { kind: 'error', status: 403, type: 'invalid_request_error', code: null, message: 'Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.' },
	moderation: { kind: 'error', status: 400, type: 'image_generation_user_error', code: 'moderation_blocked', message: 'Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID.' },
	badParameter: { kind: 'error', status: 400, type: 'invalid_request_error', code: 'invalid_value', message: "Invalid value: '999x999'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'." },
	unknownModel: { kind: 'error', status: 404, type: 'invalid_request_error', code: 'model_not_found', message: 'The model `gpt-image-404` does not exist or you do not have access to it.' },
	rateLimited: { kind: 'error', status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-image-2 on images per minute (IPM): Limit 5, Used 5, Requested 1.', headers: { 'retry-after': '0' } },
	serverError: { kind: 'error', status: 500, type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
} as const satisfies Record<string, Answer>;

export class OpenAIWireServer {
	readonly requests: RecordedRequest[] = [];
	/** The key the server accepts; any other answers 401 like the real API. */
	apiKey = 'sk-test-imagegen-0123456789';
	private readonly queue: Answer[] = [];
	private fallback: Answer = { kind: 'image' };
	private readonly hanging = new Set<http.ServerResponse>();
	private server: http.Server | undefined;
	/** PNG bytes of every image sent, in order, so tests can compare what was saved. */
	readonly sentImages: Uint8Array[] = [];
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
		this.fallback = { kind: 'image' };
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
		const raw = Buffer.concat(chunks).toString('utf8');
		let body: unknown = raw;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			// keep the raw text; the route answers 400 below
		}
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		this.requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, headers: req.headers, body });

		if (req.method !== 'POST' || url.pathname !== '/v1/images/generations') {
			return this.sendError(res, { kind: 'error', status: 404, message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error' });
		}
		if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
			return this.sendError(res, answers.unauthorized);
		}
		const problem = checkGenerationBody(body);
		if (problem) {
			return this.sendError(res, { kind: 'error', status: 400, type: 'invalid_request_error', code: 'invalid_value', message: problem });
		}
		const answer = this.queue.shift() ?? this.fallback;
		switch (answer.kind) {
			case 'hang':
				this.hanging.add(res);
				res.once('close', () => this.hanging.delete(res));
				return;
			case 'malformed':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"created": 1700000000, "data": [{"b64_json": "iVBOR');
				return;
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
				const b = body as { n?: number; size?: string };
				const [w, h] = sizeOf(b.size, answer.width, answer.height);
				const count = answer.count ?? b.n ?? 1;
				const data = [];
				for (let i = 0; i < count; i++) {
					const png = testPng(w, h, ++this.counter);
					this.sentImages.push(png);
					data.push({ b64_json: Buffer.from(png).toString('base64'), ...(answer.revisedPrompt ? { revised_prompt: answer.revisedPrompt } : {}) });
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

	private sendJson(res: http.ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
		const text = JSON.stringify(json);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
		res.end(text);
	}

	private sendError(res: http.ServerResponse, e: Extract<Answer, { kind: 'error' }>): void {
		this.sendJson(res, e.status, { error: { message: e.message, type: e.type ?? 'invalid_request_error', param: null, code: e.code ?? null } }, { ...(e.headers ?? {}), 'x-request-id': `req_err_${++this.counter}` });
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

function sizeOf(size: string | undefined, w?: number, h?: number): [number, number] {
	if (w && h) {
		return [w, h];
	}
	const m = /^(\d+)x(\d+)$/.exec(size ?? '');
	return m ? [Number(m[1]), Number(m[2])] : [1024, 1024];
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
