import * as assert from 'node:assert/strict';
import { encode } from 'fast-png';
import {
	buildImageParams,
	editedFileName,
	estimateCost,
	maskProblem,
	retiredProblem,
	validateEditOptions,
	formatDollars,
	parsePriceTable,
	problemSetting,
	streams,
	validateImageOptions,
	type ImageOptions,
	type OptionProblem,
} from '../../../src/core/openaiOptions';
import { currentModels, defaultModel, findModel, isRetired, modelCatalogue, suggestModel } from '../../../src/core/modelCatalogue';

const defaults: Omit<ImageOptions, 'model'> = {
	size: 'auto',
	quality: 'auto',
	n: 1,
	background: 'auto',
	outputFormat: 'png',
	moderation: 'auto',
	style: 'vivid',
	partialImages: 2,
};

function check(model: string, changes: Partial<ImageOptions> = {}): OptionProblem[] {
	return validateImageOptions({ model, ...defaults, ...changes });
}

const today = new Date('2026-12-01T12:00:00Z');

describe('OpenAI model catalogue', () => {
	it('knows every model the SDK documents, each once', () => {
		// The `ImageModel` union of openai 7.59.0 (resources/images.d.ts).
		const sdkModels = ['gpt-image-1.5', 'gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-flare', 'gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-1', 'gpt-image-1-mini', 'chatgpt-image-latest', 'dall-e-2', 'dall-e-3'];
		assert.deepEqual([...modelCatalogue.map((m) => m.id)].sort(), [...sdkModels].sort());
	});

	it('has a current default model', () => {
		const entry = findModel(defaultModel);
		assert.ok(entry && !isRetired(entry, today));
		assert.equal(currentModels(today)[0].id, defaultModel, 'the default heads the list');
	});

	it('gives each retired model a date and current successors', () => {
		const retired = modelCatalogue.filter((m) => isRetired(m, today)).map((m) => m.id);
		assert.deepEqual(retired, ['gpt-image-1.5', 'gpt-image-1-mini', 'chatgpt-image-latest', 'gpt-image-1', 'dall-e-3', 'dall-e-2']);
		for (const m of modelCatalogue.filter((e) => e.retired)) {
			for (const successor of m.retired!.successors) {
				const s = findModel(successor);
				assert.ok(s && !isRetired(s, today), `${m.id} → ${successor} is current`);
			}
		}
	});

	it('counts a model as retired from its date, not before', () => {
		const entry = findModel('gpt-image-1.5')!;
		assert.equal(isRetired(entry, new Date('2026-11-30T23:59:59Z')), false);
		assert.equal(isRetired(entry, new Date('2026-12-01T00:00:00Z')), true);
		assert.deepEqual(retiredProblem('gpt-image-1', today), { kind: 'retired', model: 'gpt-image-1', date: '2026-10-23', successors: ['gpt-image-2.5-sunburst', 'gpt-image-2.5-flare'] });
		assert.equal(retiredProblem('gpt-image-2', today), undefined);
		assert.equal(retiredProblem('my-own-model', today), undefined);
	});

	it('never suggests a retired model', () => {
		assert.equal(suggestModel((m) => m.maxN > 1, today), defaultModel);
		assert.equal(suggestModel((m) => m.family === 'gpt-image-1', today), undefined);
	});
});

describe('OpenAI options: validation before any request', () => {
	it('accepts the defaults for every known model', () => {
		for (const m of modelCatalogue) {
			assert.deepEqual(check(m.id), [], m.id);
		}
	});

	it('passes unknown models through unchecked (the API answers for them)', () => {
		assert.deepEqual(check('gpt-image-3', { size: '17x3', quality: 'ultra', n: 50, background: 'transparent', outputFormat: 'jpeg', outputCompression: 50, style: 'natural', complexity: 'extreme' }), []);
	});

	type Case = [name: string, model: string, changes: Partial<ImageOptions>, expected: OptionProblem['kind'] | undefined, setting?: string];
	const cases: Case[] = [
		// size: the standard sizes
		['gpt-image-2.6-sunburst takes 1536x1024', 'gpt-image-2.6-sunburst', { size: '1536x1024' }, undefined],
		['gpt-image-2.6-flare takes auto', 'gpt-image-2.6-flare', { size: 'auto' }, undefined],
		['gpt-image-2.6-sunburst refuses a custom size', 'gpt-image-2.6-sunburst', { size: '1536x864' }, 'size', 'imagegen.openai.size'],
		['gpt-image-1.5 refuses a custom size', 'gpt-image-1.5', { size: '1536x864' }, 'size'],
		// size: flexible sizes (gpt-image-2 and the 2.5 family)
		['gpt-image-2 takes 1536x864', 'gpt-image-2', { size: '1536x864' }, undefined],
		['gpt-image-2 takes 3840x2160', 'gpt-image-2', { size: '3840x2160' }, undefined],
		['gpt-image-2 takes 2160x3840 (portrait)', 'gpt-image-2', { size: '2160x3840' }, undefined],
		['gpt-image-2 takes 2560x2560 (6.5 megapixels)', 'gpt-image-2', { size: '2560x2560' }, undefined],
		['gpt-image-2 takes 1024x640, the fewest pixels', 'gpt-image-2', { size: '1024x640' }, undefined],
		['gpt-image-2 refuses 512x512 (too few pixels)', 'gpt-image-2', { size: '512x512' }, 'customSize'],
		['gpt-image-2 refuses 256x256', 'gpt-image-2', { size: '256x256' }, 'customSize'],
		['gpt-image-2 takes 2880x2880 (exactly the most pixels)', 'gpt-image-2', { size: '2880x2880' }, undefined],
		['gpt-image-2 refuses 2896x2896 (too many pixels)', 'gpt-image-2', { size: '2896x2896' }, 'customSize'],
		['gpt-image-2 takes 3:1', 'gpt-image-2', { size: '2400x800' }, undefined],
		['gpt-image-2 refuses a width not divisible by 16', 'gpt-image-2', { size: '1000x1000' }, 'customSize'],
		['gpt-image-2 refuses wider than 3:1', 'gpt-image-2', { size: '2464x800' }, 'customSize'],
		['gpt-image-2 refuses taller than 1:3', 'gpt-image-2', { size: '800x2464' }, 'customSize'],
		['gpt-image-2 refuses an edge beyond 3840', 'gpt-image-2', { size: '3856x1600' }, 'customSize'],
		['gpt-image-2.5-flare takes custom sizes too', 'gpt-image-2.5-flare', { size: '2048x1152' }, undefined],
		['gpt-image-2 refuses a size that is not WxH', 'gpt-image-2', { size: 'big' }, 'size'],
		// quality
		['gpt-image-2.5-sunburst takes max', 'gpt-image-2.5-sunburst', { quality: 'max' }, undefined],
		['gpt-image-2.5-flare-2026-09-08 takes xhigh', 'gpt-image-2.5-flare-2026-09-08', { quality: 'xhigh' }, undefined],
		['gpt-image-2 refuses xhigh', 'gpt-image-2', { quality: 'xhigh' }, 'quality', 'imagegen.openai.quality'],
		['gpt-image-2.6-sunburst refuses max', 'gpt-image-2.6-sunburst', { quality: 'max' }, 'quality'],
		['gpt-image-2 refuses hd', 'gpt-image-2', { quality: 'hd' }, 'quality'],
		['dall-e-3 takes hd', 'dall-e-3', { quality: 'hd' }, undefined],
		['dall-e-3 refuses high', 'dall-e-3', { quality: 'high' }, 'quality'],
		['dall-e-2 refuses hd', 'dall-e-2', { quality: 'hd' }, 'quality'],
		// background
		['gpt-image-2 takes transparent (in preview)', 'gpt-image-2', { background: 'transparent' }, undefined],
		['gpt-image-2.5-sunburst takes transparent with webp', 'gpt-image-2.5-sunburst', { background: 'transparent', outputFormat: 'webp' }, undefined],
		['transparent with jpeg is refused', 'gpt-image-2.6-sunburst', { background: 'transparent', outputFormat: 'jpeg' }, 'transparentFormat', 'imagegen.openai.background'],
		['transparent with gif is refused', 'gpt-image-2.6-sunburst', { background: 'transparent', outputFormat: 'gif' }, 'transparentFormat'],
		['transparent with svg is refused', 'gpt-image-2.6-sunburst', { background: 'transparent', outputFormat: 'svg' }, 'transparentFormat'],
		['an unknown background is refused', 'gpt-image-2', { background: 'checkered' }, 'value', 'imagegen.openai.background'],
		['dall-e-3 refuses a background', 'dall-e-3', { background: 'opaque' }, 'unsupported', 'imagegen.openai.background'],
		// output format and compression
		['gpt-image-2.6-sunburst takes svg', 'gpt-image-2.6-sunburst', { outputFormat: 'svg' }, undefined],
		['gpt-image-2.6-sunburst takes gif', 'gpt-image-2.6-sunburst', { outputFormat: 'gif' }, undefined],
		['gpt-image-1 refuses gif', 'gpt-image-1', { outputFormat: 'gif' }, 'value', 'imagegen.openai.outputFormat'],
		['dall-e-2 refuses webp', 'dall-e-2', { outputFormat: 'webp' }, 'unsupported', 'imagegen.openai.outputFormat'],
		['compression 0 with jpeg', 'gpt-image-2', { outputFormat: 'jpeg', outputCompression: 0 }, undefined],
		['compression with png is refused', 'gpt-image-2', { outputCompression: 80 }, 'compressionFormat', 'imagegen.openai.outputCompression'],
		['compression with svg is refused', 'gpt-image-2', { outputFormat: 'svg', outputCompression: 80 }, 'compressionFormat'],
		['compression with gif is refused', 'gpt-image-2', { outputFormat: 'gif', outputCompression: 80 }, 'compressionFormat'],
		['compression 101 is refused', 'gpt-image-2', { outputFormat: 'jpeg', outputCompression: 101 }, 'compressionRange'],
		['dall-e-3 refuses compression', 'dall-e-3', { outputCompression: 50 }, 'unsupported', 'imagegen.openai.outputCompression'],
		// svg and gif parameters
		['svg with n=2 is refused', 'gpt-image-2', { outputFormat: 'svg', n: 2 }, 'formatN', 'imagegen.openai.n'],
		['gif with n=2 is fine', 'gpt-image-2', { outputFormat: 'gif', n: 2 }, undefined],
		['gif with 16 frames', 'gpt-image-2', { outputFormat: 'gif', frameCount: 16 }, undefined],
		['gif with 17 frames is refused', 'gpt-image-2', { outputFormat: 'gif', frameCount: 17 }, 'frameCount', 'imagegen.openai.frameCount'],
		['gif with 1 frame is refused', 'gpt-image-2', { outputFormat: 'gif', frameCount: 1 }, 'frameCount'],
		['a negative frame duration is refused', 'gpt-image-2', { outputFormat: 'gif', frameDurationMs: -10 }, 'frameDuration', 'imagegen.openai.frameDurationMs'],
		['frame settings are ignored without gif', 'gpt-image-2', { frameCount: 40 }, undefined],
		// complexity
		['gpt-image-2.6-flare takes complexity high', 'gpt-image-2.6-flare', { complexity: 'high' }, undefined],
		['an unknown complexity is refused', 'gpt-image-2', { complexity: 'extreme' }, 'value', 'imagegen.openai.complexity'],
		['gpt-image-1 refuses complexity', 'gpt-image-1', { complexity: 'low' }, 'unsupported', 'imagegen.openai.complexity'],
		// moderation
		['moderation low', 'gpt-image-2', { moderation: 'low' }, undefined],
		['moderation high is refused', 'gpt-image-2', { moderation: 'high' }, 'value', 'imagegen.openai.moderation'],
		['dall-e-3 refuses moderation low', 'dall-e-3', { moderation: 'low' }, 'unsupported', 'imagegen.openai.moderation'],
		// n
		['n=10', 'gpt-image-2', { n: 10 }, undefined],
		['n=11 is refused', 'gpt-image-2', { n: 11 }, 'n', 'imagegen.openai.n'],
		['n=1.5 is refused', 'gpt-image-2', { n: 1.5 }, 'n'],
		['dall-e-3 refuses n=2', 'dall-e-3', { n: 2 }, 'n', 'imagegen.openai.n'],
		// DALL·E sizes (for compatible servers that still serve them)
		['dall-e-3 takes 1792x1024', 'dall-e-3', { size: '1792x1024' }, undefined],
		['dall-e-3 refuses 512x512', 'dall-e-3', { size: '512x512' }, 'size'],
		['dall-e-2 takes 256x256', 'dall-e-2', { size: '256x256' }, undefined],
		// style: a legacy DALL·E 3 parameter
		['dall-e-3 takes natural', 'dall-e-3', { style: 'natural' }, undefined],
		['dall-e-3 refuses an unknown style', 'dall-e-3', { style: 'noir' }, 'value', 'imagegen.openai.style'],
		['gpt-image-2.6-sunburst refuses natural', 'gpt-image-2.6-sunburst', { style: 'natural' }, 'unsupported', 'imagegen.openai.style'],
		// partial images
		['partial images 3 is fine', 'gpt-image-2', { partialImages: 3 }, undefined],
		['partial images 4 is refused', 'gpt-image-2', { partialImages: 4 }, 'value', 'imagegen.openai.partialImages'],
	];
	for (const [name, model, changes, expected, setting] of cases) {
		it(name, () => {
			const problems = check(model, changes);
			if (expected === undefined) {
				assert.deepEqual(problems, []);
				return;
			}
			assert.equal(problems.length, 1, JSON.stringify(problems));
			assert.equal(problems[0].kind, expected);
			if (setting) {
				assert.equal(problemSetting(problems[0]), setting);
			}
		});
	}

	it('names the model and the value in the problem', () => {
		assert.deepEqual(check('dall-e-3', { n: 4 }), [{ kind: 'n', model: 'dall-e-3', n: 4, max: 1 }]);
		assert.deepEqual(check('gpt-image-2', { size: '1000x1000' }), [{ kind: 'customSize', model: 'gpt-image-2', size: '1000x1000', reason: 'multipleOf' }]);
		assert.deepEqual(check('gpt-image-2', { size: '512x512' }), [{ kind: 'customSize', model: 'gpt-image-2', size: '512x512', reason: 'tooSmall' }]);
		assert.deepEqual(check('gpt-image-2.6-flare', { size: '1792x1024' }), [{ kind: 'size', model: 'gpt-image-2.6-flare', size: '1792x1024', allowed: ['auto', '1024x1024', '1536x1024', '1024x1536'] }]);
	});

	it('reports every problem at once', () => {
		assert.deepEqual(
			check('dall-e-3', { n: 2, size: '256x256', quality: 'low' }).map((p) => p.kind),
			['n', 'size', 'quality'],
		);
	});
});

describe('OpenAI options: request parameters', () => {
	it('sends model, prompt, size and quality for GPT image models, and streams one image with partials', () => {
		assert.deepEqual(buildImageParams({ model: 'gpt-image-2', ...defaults }, 'p'), { model: 'gpt-image-2', prompt: 'p', size: 'auto', quality: 'auto', stream: true, partial_images: 2 });
	});

	it('does not stream without partial images, for several images, SVG, GIF, or models it does not know', () => {
		assert.equal(buildImageParams({ model: 'gpt-image-2', ...defaults, partialImages: 0 }, 'p').stream, undefined);
		assert.deepEqual(buildImageParams({ model: 'gpt-image-2', ...defaults, n: 3 }, 'p'), { model: 'gpt-image-2', prompt: 'p', n: 3, size: 'auto', quality: 'auto' });
		assert.equal(buildImageParams({ model: 'gpt-image-3', ...defaults }, 'p').stream, undefined);
		assert.equal(streams({ model: 'dall-e-3', n: 1, partialImages: 3 }), false);
		assert.deepEqual(buildImageParams({ model: 'gpt-image-2.6-sunburst', ...defaults, outputFormat: 'svg', svgModel: 'gpt-6.2-astra' }, 'p'), {
			model: 'gpt-image-2.6-sunburst',
			prompt: 'p',
			size: 'auto',
			quality: 'auto',
			output_format: 'svg',
			svg: { model: 'gpt-6.2-astra' },
		});
		assert.deepEqual(buildImageParams({ model: 'gpt-image-2.6-sunburst', ...defaults, outputFormat: 'gif', frameCount: 4, frameDurationMs: 120 }, 'p'), {
			model: 'gpt-image-2.6-sunburst',
			prompt: 'p',
			size: 'auto',
			quality: 'auto',
			output_format: 'gif',
			frame_count: 4,
			frame_duration_ms: 120,
		});
	});

	it('sends a format\'s own parameters only with that format', () => {
		const params = buildImageParams({ model: 'gpt-image-2', ...defaults, partialImages: 0, svgModel: 'gpt-6.2-astra', frameCount: 4 }, 'p');
		assert.deepEqual(params, { model: 'gpt-image-2', prompt: 'p', size: 'auto', quality: 'auto' });
	});

	it('sends the GPT options that differ from the API defaults', () => {
		const params = buildImageParams({ model: 'gpt-image-2.5-flare', ...defaults, partialImages: 0, background: 'transparent', outputFormat: 'webp', outputCompression: 70, moderation: 'low', complexity: 'high', quality: 'max' }, 'p');
		assert.deepEqual(params, { model: 'gpt-image-2.5-flare', prompt: 'p', size: 'auto', quality: 'max', background: 'transparent', output_format: 'webp', output_compression: 70, moderation: 'low', complexity: 'high' });
	});

	it('never sends the legacy style to a GPT model or a model it does not know', () => {
		assert.equal(buildImageParams({ model: 'gpt-image-3', ...defaults, style: 'natural' }, 'p').style, undefined);
	});

	it('asks DALL·E for base64 bytes, leaves out auto values, and sends style for dall-e-3 only', () => {
		assert.deepEqual(buildImageParams({ model: 'dall-e-3', ...defaults }, 'x'), { model: 'dall-e-3', prompt: 'x', response_format: 'b64_json' });
		assert.deepEqual(buildImageParams({ model: 'dall-e-3', ...defaults, style: 'natural', quality: 'hd', size: '1792x1024' }, 'x'), {
			model: 'dall-e-3',
			prompt: 'x',
			size: '1792x1024',
			quality: 'hd',
			response_format: 'b64_json',
			style: 'natural',
		});
		assert.deepEqual(buildImageParams({ model: 'dall-e-2', ...defaults, n: 2, size: '512x512' }, 'x'), { model: 'dall-e-2', prompt: 'x', n: 2, size: '512x512', response_format: 'b64_json' });
	});

	it('leaves generation-only options out of edits', () => {
		const params = buildImageParams({ model: 'gpt-image-2', ...defaults, moderation: 'low', partialImages: 0 }, 'p', 'edit');
		assert.equal(params.moderation, undefined);
	});
});

describe('OpenAI options: usage and cost', () => {
	const usage = { input_tokens: 50, output_tokens: 4000, total_tokens: 4050, input_tokens_details: { text_tokens: 20, image_tokens: 30 } };

	it('estimates nothing without the user’s prices', () => {
		assert.equal(estimateCost(usage, undefined), undefined);
		assert.equal(estimateCost(usage, { input: 5 }), undefined, 'no output price');
	});

	it('estimates from the user’s prices per million tokens, image input at its own price when given', () => {
		assert.equal(estimateCost(usage, { input: 5, imageInput: 10, output: 40 }), (20 * 5 + 30 * 10 + 4000 * 40) / 1e6);
		assert.equal(estimateCost(usage, { input: 5, output: 40 }), (50 * 5 + 4000 * 40) / 1e6);
	});

	it('prices image and text output tokens separately when the answer splits them and the table has both prices', () => {
		const split = { ...usage, output_tokens_details: { text_tokens: 400, image_tokens: 3600 } };
		assert.equal(estimateCost(split, { input: 5, imageInput: 10, output: 10, imageOutput: 40 }), (20 * 5 + 30 * 10 + 400 * 10 + 3600 * 40) / 1e6);
		assert.equal(estimateCost(split, { input: 5, imageInput: 10, output: 40 }), (20 * 5 + 30 * 10 + 4000 * 40) / 1e6, 'one output price for all');
		assert.deepEqual(parsePriceTable({ m: { output: 10, imageOutput: 40 } }), { m: { input: undefined, imageInput: undefined, output: 10, imageOutput: 40 } });
	});

	it('estimates nothing when a kind of token used has no price', () => {
		assert.equal(estimateCost(usage, { output: 40 }), undefined);
		assert.equal(estimateCost({ input_tokens: 0, output_tokens: 100, total_tokens: 100 }, { output: 40 }), 0.004);
	});

	it('keeps only well-formed price table entries', () => {
		assert.deepEqual(parsePriceTable({ 'gpt-image-1': { input: 5, output: 40 }, bad: 'x', neg: { output: -1 }, arr: [1] }), { 'gpt-image-1': { input: 5, imageInput: undefined, output: 40 } });
		assert.deepEqual(parsePriceTable(undefined), {});
		assert.deepEqual(parsePriceTable([]), {});
	});

	it('formats dollars readably', () => {
		assert.equal(formatDollars(0.16025), '$0.16');
		assert.equal(formatDollars(0.042), '$0.042');
		assert.equal(formatDollars(0.0021), '$0.0021');
		assert.equal(formatDollars(1.2), '$1.20');
		assert.equal(formatDollars(0), '$0.00');
	});
});

describe('OpenAI options: edit inputs', () => {
	const png = (width: number, height: number, channels: 3 | 4) => encode({ width, height, data: new Uint8Array(width * height * channels), channels, depth: 8 });

	it('accepts a transparent PNG mask of the image’s size, and names what is wrong otherwise', () => {
		const image = png(64, 48, 3);
		assert.equal(maskProblem(png(64, 48, 4), image), undefined);
		assert.deepEqual(maskProblem(png(32, 32, 4), image), { kind: 'size', mask: '32x32', image: '64x48' });
		assert.deepEqual(maskProblem(png(64, 48, 3), image), { kind: 'noAlpha' });
		assert.deepEqual(maskProblem(new Uint8Array([0xff, 0xd8, 0xff]), image), { kind: 'notPng' });
	});

	it('names the edited image beside the original, in the result’s format', () => {
		assert.equal(editedFileName('photo.png', 'png'), 'photo-edited.png');
		assert.equal(editedFileName('scan.2024.jpg', 'png'), 'scan.2024-edited.png');
		assert.equal(editedFileName('.hidden', 'webp'), '.hidden-edited.webp');
	});

	it('refuses edits with dall-e-3, too many images, a GIF with a mask, and keeps the generation rules', () => {
		const o = { ...defaults, model: 'gpt-image-2' };
		assert.deepEqual(validateEditOptions({ ...o, outputFormat: 'gif' }, 1, true), [{ kind: 'gifMask', model: 'gpt-image-2' }]);
		assert.deepEqual(validateEditOptions({ ...o, outputFormat: 'gif' }, 1, false), []);
		assert.deepEqual(validateEditOptions(o, 3), []);
		assert.deepEqual(validateEditOptions({ ...o, model: 'dall-e-3' }, 1), [{ kind: 'editModel', model: 'dall-e-3' }]);
		assert.deepEqual(validateEditOptions({ ...o, model: 'dall-e-2' }, 2), [{ kind: 'editImages', model: 'dall-e-2', count: 2, max: 1 }]);
		assert.deepEqual(validateEditOptions(o, 17), [{ kind: 'editImages', model: 'gpt-image-2', count: 17, max: 16 }]);
		assert.equal(validateEditOptions({ ...o, size: '1000x1000' }, 1)[0].kind, 'customSize');
		assert.deepEqual(validateEditOptions({ ...o, moderation: 'low', style: 'natural' }, 1), [], 'generation-only options are not sent with edits');
		assert.deepEqual(validateEditOptions({ ...o, model: 'some-new-model' }, 40), [], 'unknown models pass');
	});
});
