import * as assert from 'node:assert/strict';
import { modelCatalogue, isRetired } from '../../../src/core/modelCatalogue';
import { problemSetting, retiredProblem, validateEditOptions, validateImageOptions, type ImageOptions } from '../../../src/core/openaiOptions';
import { editOpenAIImages, generateOpenAIImages, type OpenAIConnection } from '../../../src/providers/openai/openaiImages';
import { apiRuleViolation, type ReceivedBody } from '../../support/openaiApiRules';
import { maskPng, OpenAIWireServer, testPng, type MultipartBody } from '../../support/openaiWireServer';

/**
 * The extension's catalogue against the API's documented rules, as the wire server enforces them
 * (written independently of the catalogue). For every model and every combination of options below,
 * the real SDK sends what the extension would send; whenever the server refuses it, the extension's own
 * validator must have refused it first, naming the option the server names.
 */
describe('Model catalogue against the API rules (every model × option combinations, through the real SDK)', function () {
	this.timeout(300_000);
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 };
	});
	after(() => server.stop());

	const base: Omit<ImageOptions, 'model'> = { size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png', moderation: 'auto', style: 'vivid', complexity: 'auto', partialImages: 2 };
	type Variation = Partial<ImageOptions> & { mask?: boolean; images?: number };
	const variations: Variation[] = [
		{},
		...['1024x1024', '1536x1024', '1024x1536', '1536x864', '2560x2560', '1024x640', '512x512', '256x256', '1792x1024', '1024x1792', '1000x1000', '3840x2160', '2160x3840', '3856x1600', '2400x800', '2464x800', '2896x2896', 'big'].map((size) => ({ size })),
		...['low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'].map((quality) => ({ quality })),
		{ n: 2 },
		{ n: 10 },
		{ n: 11 },
		{ background: 'opaque' },
		{ background: 'transparent' },
		{ background: 'transparent', outputFormat: 'jpeg' },
		{ background: 'transparent', outputFormat: 'webp' },
		{ background: 'transparent', outputFormat: 'gif' },
		{ background: 'transparent', outputFormat: 'svg' },
		{ outputFormat: 'jpeg' },
		{ outputFormat: 'webp' },
		{ outputFormat: 'gif' },
		{ outputFormat: 'svg' },
		{ outputFormat: 'bmp' },
		{ outputCompression: 80 },
		{ outputCompression: 80, outputFormat: 'jpeg' },
		{ outputCompression: 80, outputFormat: 'gif' },
		{ outputCompression: 80, outputFormat: 'svg' },
		{ outputCompression: 101, outputFormat: 'webp' },
		{ moderation: 'low' },
		{ complexity: 'low' },
		{ complexity: 'high' },
		{ complexity: 'extreme' },
		{ style: 'natural' },
		{ outputFormat: 'svg', n: 2 },
		{ outputFormat: 'svg', svgModel: 'gpt-6.2-astra' },
		{ outputFormat: 'svg', partialImages: 0 },
		{ outputFormat: 'gif', frameCount: 4, frameDurationMs: 120 },
		{ outputFormat: 'gif', frameCount: 17 },
		{ outputFormat: 'gif', frameCount: 1 },
		{ outputFormat: 'gif', n: 2 },
		{ outputFormat: 'gif', mask: true },
		{ svgModel: 'gpt-6.2-astra', frameCount: 4 },
		{ partialImages: 0 },
		{ partialImages: 3 },
		{ mask: true },
		{ images: 2 },
		{ images: 17 },
	];

	/** The setting behind each API parameter, as the extension's refusals name them. */
	const settingOf: Record<string, string[]> = {
		model: ['model'],
		size: ['size'],
		quality: ['quality'],
		n: ['n'],
		background: ['background'],
		output_format: ['outputFormat', 'background', 'n', 'outputCompression', 'frameCount', 'partialImages'],
		output_compression: ['outputCompression'],
		moderation: ['moderation'],
		style: ['style'],
		complexity: ['complexity'],
		frame_count: ['frameCount', 'outputFormat'],
		frame_duration_ms: ['frameDurationMs', 'outputFormat'],
		stream: ['partialImages', 'outputFormat'],
		partial_images: ['partialImages', 'outputFormat'],
		svg: ['outputFormat'],
		mask: ['outputFormat', 'model'],
		image: ['model'],
		response_format: ['model'],
	};

	const png = testPng(64, 64, 7);
	let checked = 0;
	let sent = 0;
	let refusedByBoth = 0;
	let refusedByExtensionOnly = 0;

	for (const endpoint of ['generations', 'edits'] as const) {
		it(`${endpoint}: whatever the server refuses, the extension refuses first, naming the option`, async () => {
			for (const model of modelCatalogue) {
				for (const v of variations) {
					if (endpoint === 'generations' && (v.mask || v.images)) {
						continue;
					}
					const { mask, images = 1, ...changes } = v;
					const options: ImageOptions = { model: model.id, ...base, ...changes };
					const problems = endpoint === 'edits' ? validateEditOptions(options, images, mask === true) : validateImageOptions(options);
					server.reset();
					// The option checks of retired models are for compatible servers that still serve them.
					server.servesRetiredModels = true;
					// Small answers: what is checked is the request, and a full-size PNG takes long to encode.
					server.setFallback({ kind: 'image', width: 16, height: 16 });
					const call =
						endpoint === 'edits'
							? editOpenAIImages(conn, { ...options, prompt: 'p' }, { images: Array.from({ length: images }, (_, i) => ({ name: `i${i}.png`, bytes: png })), mask: mask ? { name: 'mask.png', bytes: maskPng(64, 64) } : undefined })
							: generateOpenAIImages(conn, { ...options, prompt: 'p' });
					const ok = await call.then(
						() => true,
						() => false,
					);
					sent++;
					checked++;
					const what = `${model.id} ${endpoint} ${JSON.stringify(v)}`;
					if (ok) {
						refusedByExtensionOnly += problems.length > 0 ? 1 : 0;
						continue;
					}
					const req = server.requests[0];
					assert.ok(req, `${what}: the SDK sent nothing`);
					const fields = Object.fromEntries(Object.entries(req.body as ReceivedBody).filter(([k]) => k !== 'image' && k !== 'mask'));
					const rule = apiRuleViolation(fields, {
						endpoint,
						servesRetiredModels: true,
						now: server.now,
						images: endpoint === 'edits' ? ((req.body as MultipartBody).image?.length ?? 0) : undefined,
						mask: endpoint === 'edits' ? (req.body as MultipartBody).mask !== undefined : undefined,
					});
					assert.ok(rule, `${what}: refused, but not by a documented rule (${JSON.stringify(req.body).slice(0, 200)})`);
					assert.ok(problems.length > 0, `${what}: the server refused it (${rule.message}), the extension would have sent it`);
					const expected = rule.params.flatMap((p) => settingOf[p] ?? [p]).map((s) => `imagegen.openai.${s}`);
					assert.ok(
						// A model that cannot edit at all is named as such, whatever parameter the API tripped on first.
						problems.some((p) => expected.includes(problemSetting(p)) || p.kind === 'editModel'),
						`${what}: the server names ${rule.params.join('+')}, the extension names ${problems.map(problemSetting).join(', ')}`,
					);
					refusedByBoth++;
				}
			}
		});
	}

	it('a retired model on OpenAI is refused by the API (404) and by the extension before sending', async () => {
		for (const model of modelCatalogue.filter((m) => isRetired(m, server.now))) {
			server.reset();
			const ok = await generateOpenAIImages(conn, { model: model.id, prompt: 'p' }).then(
				() => true,
				() => false,
			);
			assert.equal(ok, false, model.id);
			assert.equal(retiredProblem(model.id, server.now)?.kind, 'retired', model.id);
		}
	});

	after(() => {
		console.log(`      ${checked} combinations checked, ${sent} sent through the SDK, ${refusedByBoth} refused by both, ${refusedByExtensionOnly} refused by the extension only`);
	});
});
