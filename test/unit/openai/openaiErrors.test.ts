import * as assert from 'node:assert/strict';
import { generateOpenAIImages, type OpenAIConnection, type RetryNotice } from '../../../src/providers/openai/openaiImages';
import { failureOf } from '../../support/openaiFailure';
import { answers, OpenAIWireServer } from '../../support/openaiWireServer';

/** How the API's failures are told apart, with the real SDK against the wire server. */
describe('OpenAI errors: billing, rate limits, moderation details, retired models', () => {
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;
	const options = { model: 'gpt-image-2', prompt: 'a lighthouse at dusk' };

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 2 };
	});
	after(() => server.stop());
	beforeEach(() => server.reset());

	it('does not retry a 429 insufficient_quota: it is billing, not a rate limit', async () => {
		server.setFallback(answers.insufficientQuota);
		const retries: RetryNotice[] = [];
		const failure = await failureOf(generateOpenAIImages(conn, options, { onRetry: (n) => retries.push(n) }));
		assert.equal(failure.kind, 'billing');
		assert.equal(failure.code, 'insufficient_quota');
		assert.equal(server.requests.length, 1, 'sent once');
		assert.deepEqual(retries, []);
	});

	it('recognises the other billing codes on any status', async () => {
		for (const code of ['billing_hard_limit_reached', 'credit_balance_exhausted', 'organization_spend_limit_exceeded']) {
			server.reset();
			server.setFallback({ kind: 'error', status: 400, type: 'invalid_request_error', code, message: 'Billing limit reached.' });
			const failure = await failureOf(generateOpenAIImages(conn, options));
			assert.equal(failure.kind, 'billing', code);
			assert.equal(server.requests.length, 1);
		}
	});

	it('still retries a 429 rate limit, telling the caller each time', async () => {
		server.setFallback(answers.rateLimited);
		const retries: RetryNotice[] = [];
		const failure = await failureOf(generateOpenAIImages(conn, options, { onRetry: (n) => retries.push(n) }));
		assert.equal(failure.kind, 'rateLimit');
		assert.equal(server.requests.length, 3, 'the first try and two retries');
		assert.deepEqual(retries.map((r) => r.attempt), [1, 2]);
	});

	it('keeps the moderation details of a moderation block', async () => {
		server.enqueue(answers.moderationDetailed);
		const failure = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(failure.kind, 'moderation');
		assert.deepEqual(failure.moderationDetails, { categories: ['violence', 'self-harm'], stage: 'input' });
	});

	it('answers a retired model as the API does (404 model_not_found), unless the server still serves it', async () => {
		const failure = await failureOf(generateOpenAIImages(conn, { ...options, model: 'gpt-image-1' }));
		assert.equal(failure.kind, 'notFound');
		assert.equal(failure.code, 'model_not_found');
		server.reset();
		server.servesRetiredModels = true;
		const result = await generateOpenAIImages(conn, { ...options, model: 'gpt-image-1' });
		assert.equal(result.images.length, 1);
	});
});
