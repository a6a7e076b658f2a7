import * as assert from 'node:assert/strict';
import { azureForm, classifyOpenAIError, editOpenAIImages, generateOpenAIImages, listOpenAIModels, type OpenAIConnection } from '../../../src/providers/openai/openaiImages';
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

	describe("Microsoft's v1 API (`…/openai/v1/`, the plain OpenAI client)", () => {
		let v1: OpenAIConnection;
		before(() => {
			v1 = { ...conn, azure: { endpoint: `${server.origin}/`, deployment: 'images-prod', apiVersion: 'v1' } };
		});

		it('sends to /openai/v1/images with the deployment as the model, no api-version, and the resource key as a bearer token', async () => {
			const result = await generateOpenAIImages(v1, { model: 'gpt-image-2', prompt: 'a red door', partialImages: 1 });
			const req = server.requests[0];
			assert.equal(req.path, '/openai/v1/images/generations');
			assert.deepEqual(req.query, {});
			assert.equal(req.authorization, `Bearer ${server.apiKey}`);
			assert.equal((req.body as { model: string }).model, 'images-prod');
			assert.equal(result.partials, 1, 'streams: Microsoft documents streaming on the v1 API');
			assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		});

		it('edits through the v1 API with the deployment as the model', async () => {
			await editOpenAIImages(v1, { model: 'gpt-image-2', prompt: 'x' }, { images: [{ name: 'a.png', bytes: testPng(16, 16, 1) }] });
			assert.equal(server.requests[0].path, '/openai/v1/images/edits');
			assert.equal((server.requests[0].body as MultipartBody).model, 'images-prod');
		});

		it('is chosen by an endpoint that already ends in /openai/v1, whatever the api version says', () => {
			const form = azureForm({ endpoint: 'https://res.openai.azure.com/openai/v1/', deployment: 'd', apiVersion: '2025-04-01-preview' });
			assert.deepEqual(form, { kind: 'v1', baseURL: 'https://res.openai.azure.com/openai/v1' });
			assert.deepEqual(azureForm({ endpoint: 'https://res.openai.azure.com/openai', deployment: 'd', apiVersion: '2025-04-01-preview' }), {
				kind: 'deployment',
				baseURL: 'https://res.openai.azure.com/openai',
			});
		});

		it("holds the request to the rules of the deployment's model: gpt-image-2 makes nothing as small as 256x256", async () => {
			await assert.rejects(generateOpenAIImages(v1, { model: 'gpt-image-2', prompt: 'x', size: '256x256' }), (err) => {
				assert.equal(classifyOpenAIError(err).kind, 'badRequest');
				return true;
			});
			assert.equal(server.requests.length, 1, 'the server refused it (our validator is not in this path)');
		});

		it('reports a deployment the resource lacks as not found', async () => {
			await assert.rejects(generateOpenAIImages({ ...v1, azure: { ...v1.azure!, deployment: 'nope' } }, { model: 'gpt-image-2', prompt: 'x' }), (err) => {
				assert.equal(classifyOpenAIError(err).kind, 'notFound');
				return true;
			});
		});
	});

	describe('the model list (GET /models)', () => {
		it("lists OpenAI's models with the key as a bearer token, in the server's order", async () => {
			server.listedModels = ['gpt-5.1', 'gpt-image-2', 'text-embedding-3-small'];
			const ids = await listOpenAIModels({ apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 });
			assert.deepEqual(ids, ['gpt-5.1', 'gpt-image-2', 'text-embedding-3-small']);
			assert.equal(server.requests[0].method, 'GET');
			assert.equal(server.requests[0].path, '/v1/models');
			assert.equal(server.requests[0].authorization, `Bearer ${server.apiKey}`);
		});

		it('lists through both Azure forms', async () => {
			server.listedModels = ['gpt-image-2'];
			assert.deepEqual(await listOpenAIModels(conn), ['gpt-image-2']);
			assert.equal(server.requests[0].path, '/openai/models');
			assert.equal(server.requests[0].query['api-version'], '2025-04-01-preview');
			assert.equal(server.requests[0].headers['api-key'], server.apiKey);
			assert.deepEqual(await listOpenAIModels({ ...conn, azure: { ...conn.azure!, apiVersion: 'v1' } }), ['gpt-image-2']);
			assert.equal(server.requests[1].path, '/openai/v1/models');
		});

		it('reports a wrong key as auth', async () => {
			await assert.rejects(listOpenAIModels({ apiKey: 'wrong', baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 }), (err) => {
				assert.equal(classifyOpenAIError(err).kind, 'auth');
				return true;
			});
		});
	});
});
