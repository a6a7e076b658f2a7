import * as assert from 'node:assert/strict';
import { generateOpenAIImages, type OpenAIConnection, type RetryNotice } from '../../../src/providers/openai/openaiImages';
import { answers, OpenAIWireServer } from '../../support/openaiWireServer';
import { failureOf } from '../../support/openaiFailure';

/** The real `openai` SDK against a real HTTP server on 127.0.0.1 speaking the wire format. */
describe('OpenAI engine against the wire-format server', () => {
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;
	const options = { model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: '1024x1024', quality: 'low' };

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 2 };
	});
	after(() => server.stop());
	beforeEach(() => server.reset());

	it('sends the model, prompt, size and quality with the key as a bearer token, and returns the PNG bytes sent', async () => {
		const result = await generateOpenAIImages(conn, options);
		assert.equal(server.requests.length, 1);
		const req = server.requests[0];
		assert.equal(req.path, '/v1/images/generations');
		assert.equal(req.authorization, `Bearer ${server.apiKey}`);
		assert.deepEqual(req.body, { model: 'gpt-image-2', prompt: 'a lighthouse at dusk', size: '1024x1024', quality: 'low' });
		assert.equal(result.images.length, 1);
		assert.equal(result.images[0].format, 'png');
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.ok(result.requestId?.startsWith('req_test_'));
		assert.equal(result.usage?.total_tokens, 12 + 1056);
	});

	it('asks DALL·E models (on a compatible server that still serves them) for base64 bytes and leaves out the GPT-only "auto" values', async () => {
		server.servesRetiredModels = true;
		await generateOpenAIImages(conn, { model: 'dall-e-3', prompt: 'x', size: 'auto', quality: 'auto' });
		assert.deepEqual(server.requests[0].body, { model: 'dall-e-3', prompt: 'x', response_format: 'b64_json' });
	});

	it('returns every image when several are asked for', async () => {
		const result = await generateOpenAIImages(conn, { ...options, n: 3 });
		assert.equal((server.requests[0].body as { n: number }).n, 3);
		assert.equal(result.images.length, 3);
		assert.notDeepEqual(Buffer.from(result.images[0].bytes), Buffer.from(result.images[1].bytes));
	});

	it('never writes the key into the log lines', async () => {
		const lines: string[] = [];
		await generateOpenAIImages(conn, options, { log: (l) => lines.push(l) });
		server.enqueue(answers.serverError, answers.serverError, answers.serverError);
		await failureOf(generateOpenAIImages(conn, options, { log: (l) => lines.push(l) }));
		assert.ok(lines.length >= 4);
		for (const line of lines) {
			assert.ok(!line.includes(server.apiKey), line);
			assert.ok(!line.includes('a lighthouse'), 'the prompt text stays out of the log, only its length');
		}
	});

	const cases: { name: string; answer: (typeof answers)[keyof typeof answers]; kind: string; status?: number; message: RegExp }[] = [
		{ name: 'a bad key (401)', answer: answers.unauthorized, kind: 'auth', status: 401, message: /Incorrect API key/ },
		{ name: 'an unverified organization (403)', answer: answers.unverified, kind: 'forbidden', status: 403, message: /must be verified/ },
		{ name: 'moderation (400)', answer: answers.moderation, kind: 'moderation', status: 400, message: /safety system/ },
		{ name: 'an invalid parameter (400)', answer: answers.badParameter, kind: 'badRequest', status: 400, message: /Supported values/ },
		{ name: 'an unknown model (404)', answer: answers.unknownModel, kind: 'notFound', status: 404, message: /does not exist/ },
	];
	for (const c of cases) {
		it(`reports ${c.name} with the API's own message, without retrying`, async () => {
			server.enqueue(c.answer);
			const f = await failureOf(generateOpenAIImages(conn, options));
			assert.equal(f.kind, c.kind);
			assert.equal(f.status, c.status);
			assert.match(f.apiMessage ?? '', c.message);
			assert.equal(server.requests.length, 1);
		});
	}

	it('retries a rate limit as the SDK does, honouring retry-after, and says so before waiting', async () => {
		server.enqueue(answers.rateLimited, answers.rateLimited);
		const notices: RetryNotice[] = [];
		const result = await generateOpenAIImages(conn, options, { onRetry: (n) => notices.push(n) });
		assert.equal(result.images.length, 1);
		assert.equal(server.requests.length, 3);
		assert.deepEqual(notices, [
			{ status: 429, attempt: 1, retryAfterSeconds: 0 },
			{ status: 429, attempt: 2, retryAfterSeconds: 0 },
		]);
	});

	it('gives up on a rate limit once the retries are spent', async () => {
		server.setFallback(answers.rateLimited);
		const f = await failureOf(generateOpenAIImages({ ...conn, maxRetries: 1 }, options));
		assert.equal(f.kind, 'rateLimit');
		assert.equal(server.requests.length, 2);
	});

	it('reports a server error after the retries', async () => {
		server.setFallback(answers.serverError);
		const f = await failureOf(generateOpenAIImages({ ...conn, maxRetries: 0 }, options));
		assert.equal(f.kind, 'server');
		assert.equal(f.status, 500);
	});

	it('times out on a server that never answers', async () => {
		server.enqueue({ kind: 'hang' });
		const f = await failureOf(generateOpenAIImages({ ...conn, timeoutMs: 300, maxRetries: 0 }, options));
		assert.equal(f.kind, 'timeout');
	});

	it('stops at once when cancelled, mid-request', async () => {
		server.enqueue({ kind: 'hang' });
		const abort = new AbortController();
		const pending = generateOpenAIImages(conn, options, { signal: abort.signal });
		setTimeout(() => abort.abort(), 100);
		const f = await failureOf(pending);
		assert.equal(f.kind, 'aborted');
		assert.equal(server.requests.length, 1);
	});

	it('reports a network failure when nothing listens', async () => {
		const closed = new OpenAIWireServer();
		await closed.start();
		const url = closed.baseUrl;
		await closed.stop();
		const f = await failureOf(generateOpenAIImages({ ...conn, baseURL: url, maxRetries: 0 }, options));
		assert.equal(f.kind, 'network');
	});

	it('reports a connection reset in the middle of the body as a broken connection, not a bare word', async () => {
		server.enqueue({ kind: 'cutBody' });
		const f = await failureOf(generateOpenAIImages({ ...conn, maxRetries: 0 }, options));
		assert.equal(f.kind, 'connectionLost');
	});

	it('reports a broken JSON body as malformed', async () => {
		server.enqueue({ kind: 'malformed' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'malformed');
	});

	it('reports an answer without image data', async () => {
		server.enqueue({ kind: 'noImage' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'noImage');
	});
});
