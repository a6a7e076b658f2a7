import * as assert from 'node:assert/strict';
import { classifyOpenAIError, editOpenAIImages, generateOpenAIImages, type OpenAIConnection } from '../../../src/providers/openai/openaiImages';
import { OpenAIWireServer, testPng, type MultipartBody } from '../../support/openaiWireServer';

/** Azure OpenAI through the SDK's AzureOpenAI client: the deployment's URL, `api-version`, the key in `api-key`. */
describe('Azure OpenAI against the wire-format server', () => {
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, timeoutMs: 10_000, maxRetries: 0, azure: { endpoint: `${server.origin}/`, deployment: 'images-prod', apiVersion: '2025-04-01-preview' } };
	});
	after(() => server.stop());
	beforeEach(() => server.reset());

	it('generates through the deployment with the api-version and the key in an api-key header, never as a bearer token', async () => {
		const result = await generateOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'a red door', partialImages: 1 });
		const req = server.requests[0];
		assert.equal(req.path, '/openai/deployments/images-prod/images/generations');
		assert.deepEqual(req.query, { 'api-version': '2025-04-01-preview' });
		assert.equal(req.headers['api-key'], server.apiKey);
		assert.equal(req.authorization, undefined);
		assert.equal((req.body as { model: string }).model, 'gpt-image-2');
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.equal(result.partials, 1, 'streams as with OpenAI');
	});

	it('edits through the deployment', async () => {
		await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'x' }, { images: [{ name: 'a.png', bytes: testPng(16, 16, 1) }] });
		assert.equal(server.requests[0].path, '/openai/deployments/images-prod/images/edits');
		assert.equal((server.requests[0].body as MultipartBody).prompt, 'x');
	});

	it('ignores OPENAI_BASE_URL and AZURE_OPENAI_ENDPOINT in the environment', async () => {
		const saved = { base: process.env.OPENAI_BASE_URL, endpoint: process.env.AZURE_OPENAI_ENDPOINT };
		process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
		process.env.AZURE_OPENAI_ENDPOINT = 'http://127.0.0.1:9';
		try {
			await generateOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'x' });
			assert.equal(server.requests.length, 1);
		} finally {
			for (const [k, v] of [['OPENAI_BASE_URL', saved.base], ['AZURE_OPENAI_ENDPOINT', saved.endpoint]] as const) {
				if (v === undefined) {
					delete process.env[k];
				} else {
					process.env[k] = v;
				}
			}
		}
	});

	it('reports a wrong key as auth', async () => {
		try {
			await generateOpenAIImages({ ...conn, apiKey: 'wrong' }, { model: 'gpt-image-2', prompt: 'x' });
			assert.fail('expected a 401');
		} catch (err) {
			assert.equal(classifyOpenAIError(err).kind, 'auth');
		}
	});
});
