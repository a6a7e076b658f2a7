import * as assert from 'node:assert/strict';
import type { ImageOptions } from '../../../src/core/openaiOptions';
import { estimateImagesCost } from '../../../src/core/toolCost';
import { checkEditInput, checkGenerateInput, resolveTarget, sizeForAspectRatio, type GenerateContext, type ToolWorkspace } from '../../../src/core/toolInput';

const settings: ImageOptions = { model: 'gpt-image-1.5', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png', moderation: 'auto', style: 'vivid', partialImages: 2 };
const workspace: ToolWorkspace = { folders: [{ name: 'site', path: '/home/u/site' }], allowOutside: false };
const ctx = (over: Partial<GenerateContext> = {}): GenerateContext => ({ defaultEngine: 'openai', settings, promptLimit: () => 32000, workspace, ...over });

function problems(r: ReturnType<typeof checkGenerateInput> | ReturnType<typeof checkEditInput>) {
	assert.equal(r.ok, false, 'refused');
	return r.ok ? [] : r.problems;
}

describe('tool input: imagegen_generateImage', () => {
	it('accepts a prompt alone and takes the rest from the settings', () => {
		const r = checkGenerateInput({ prompt: '  a red   fox ' }, ctx());
		assert.ok(r.ok);
		assert.equal(r.value.prompt, 'a red fox');
		assert.equal(r.value.engine, 'openai');
		assert.deepEqual([r.value.options?.model, r.value.options?.size, r.value.options?.n], ['gpt-image-1.5', 'auto', 1]);
		assert.equal(r.value.target, undefined);
	});

	it('refuses an empty prompt, a missing one, and a prompt over the model limit', () => {
		assert.deepEqual(problems(checkGenerateInput({ prompt: '   ' }, ctx())), [{ kind: 'emptyPrompt' }]);
		assert.deepEqual(problems(checkGenerateInput({}, ctx())), [{ kind: 'missing', field: 'prompt' }]);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'abcdef' }, ctx({ promptLimit: () => 5 }))), [{ kind: 'promptTooLong', length: 6, limit: 5 }]);
		assert.deepEqual(problems(checkGenerateInput('a fox', ctx())), [{ kind: 'notObject' }]);
	});

	it('refuses an unknown format, with the formats allowed', () => {
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', format: 'bmp' }, ctx())), [{ kind: 'enum', field: 'format', value: 'bmp', allowed: ['png', 'jpeg', 'webp', 'gif', 'svg'] }]);
	});

	it("takes this year's options where the model does: svg and gif, xhigh and max quality", () => {
		const gpt25 = ctx({ settings: { ...settings, model: 'gpt-image-2.5-sunburst' } });
		const svg = checkGenerateInput({ prompt: 'a fox logo', format: 'svg', quality: 'xhigh' }, gpt25);
		assert.ok(svg.ok, JSON.stringify(svg));
		assert.deepEqual([svg.value.options?.outputFormat, svg.value.options?.quality], ['svg', 'xhigh']);
		const gif = checkGenerateInput({ prompt: 'a fox running', format: 'gif', target: 'docs/fox.gif' }, gpt25);
		assert.ok(gif.ok, JSON.stringify(gif));
		// One SVG per request, and xhigh is for the 2.5 models only: refused by the commands' own rules, naming the option.
		const twoSvgs = problems(checkGenerateInput({ prompt: 'a fox logo', format: 'svg', count: 2 }, gpt25));
		assert.deepEqual(twoSvgs.map((p) => p.kind === 'option' && p.problem.kind), ['formatN']);
		const xhigh26 = problems(checkGenerateInput({ prompt: 'a fox', quality: 'xhigh' }, ctx({ settings: { ...settings, model: 'gpt-image-2.6-sunburst' } })));
		assert.deepEqual(xhigh26.map((p) => p.kind === 'option' && p.problem.kind), ['quality']);
	});

	it('refuses a size the model does not make, with the sizes it does (the commands\' rule)', () => {
		const p = problems(checkGenerateInput({ prompt: 'a fox', size: '999x999' }, ctx()));
		assert.equal(p.length, 1);
		assert.equal(p[0].kind, 'option');
		assert.deepEqual(p[0].kind === 'option' && p[0].problem, { kind: 'size', model: 'gpt-image-1.5', size: '999x999', allowed: ['auto', '1024x1024', '1536x1024', '1024x1536'] });
		// gpt-image-2 takes any multiple of 16 within its limits, and says which rule a size breaks.
		const g2 = ctx({ settings: { ...settings, model: 'gpt-image-2' } });
		assert.ok(checkGenerateInput({ prompt: 'a fox', size: '1536x864' }, g2).ok);
		const p2 = problems(checkGenerateInput({ prompt: 'a fox', size: '1000x1000' }, g2));
		assert.deepEqual(p2[0].kind === 'option' && p2[0].problem, { kind: 'customSize', model: 'gpt-image-2', size: '1000x1000', reason: 'multipleOf' });
	});

	it('maps an aspect ratio to the model\'s size, and refuses one it has no size for', () => {
		assert.equal(sizeForAspectRatio('gpt-image-1.5', '3:2'), '1536x1024');
		assert.equal(sizeForAspectRatio('gpt-image-2', '16:9'), '1536x864');
		assert.equal(sizeForAspectRatio('dall-e-3', '9:16'), '1024x1792');
		const r = checkGenerateInput({ prompt: 'a fox', aspectRatio: '2:3' }, ctx());
		assert.ok(r.ok);
		assert.equal(r.value.options?.size, '1024x1536');
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', aspectRatio: '16:9' }, ctx())), [{ kind: 'ratio', model: 'gpt-image-1.5', ratio: '16:9', allowed: ['1:1', '3:2', '2:3'] }]);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', aspectRatio: '1:1', size: '1024x1024' }, ctx())), [{ kind: 'sizeAndRatio' }]);
	});

	it('checks count against the model: dall-e-3 makes one per request', () => {
		assert.ok(checkGenerateInput({ prompt: 'a fox', count: 10 }, ctx()).ok);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', count: 11 }, ctx())), [{ kind: 'option', problem: { kind: 'n', model: 'gpt-image-1.5', n: 11, max: 10 } }]);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a seven', engine: 'offline', count: 11 }, ctx())), [{ kind: 'count', value: 11, max: 10 }]);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', count: 1.5 }, ctx())), [{ kind: 'type', field: 'count', expected: 'integer' }]);
		const p = problems(checkGenerateInput({ prompt: 'a fox', count: 2 }, ctx({ settings: { ...settings, model: 'dall-e-3', size: '1024x1024' } })));
		assert.deepEqual(p[0].kind === 'option' && p[0].problem, { kind: 'n', model: 'dall-e-3', n: 2, max: 1 });
	});

	it('a transparent background needs png or webp, and a model that makes one', () => {
		const p = problems(checkGenerateInput({ prompt: 'an icon', background: 'transparent', format: 'jpeg' }, ctx()));
		assert.deepEqual(p[0].kind === 'option' && p[0].problem, { kind: 'transparentFormat', model: 'gpt-image-1.5', format: 'jpeg' });
		assert.ok(checkGenerateInput({ prompt: 'an icon', background: 'transparent', format: 'webp' }, ctx()).ok);
	});

	it('the offline engine takes a prompt and a count, and refuses OpenAI options by name', () => {
		assert.ok(checkGenerateInput({ prompt: 'a seven', engine: 'offline', count: 3 }, ctx()).ok);
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a seven', engine: 'offline', size: '1024x1024', format: 'jpeg' }, ctx())), [
			{ kind: 'offlineOption', field: 'size', value: '1024x1024' },
			{ kind: 'offlineOption', field: 'format', value: 'jpeg' },
		]);
		// Without a key the default engine is the offline one.
		const r = checkGenerateInput({ prompt: 'a seven' }, ctx({ defaultEngine: 'offline' }));
		assert.ok(r.ok);
		assert.equal(r.value.engine, 'offline');
	});

	it('refuses unknown inputs, naming the ones there are', () => {
		const p = problems(checkGenerateInput({ prompt: 'a fox', resolution: 'hd' }, ctx()));
		assert.equal(p[0].kind, 'unknownField');
	});

	it('a target file sets the format, and must agree with an explicit one', () => {
		const r = checkGenerateInput({ prompt: 'a fox', target: 'img/fox.webp' }, ctx());
		assert.ok(r.ok);
		assert.deepEqual(r.value.target, { path: '/home/u/site/img/fox.webp', folderPath: '/home/u/site', kind: 'file', format: 'webp' });
		assert.equal(r.value.options?.outputFormat, 'webp');
		assert.deepEqual(problems(checkGenerateInput({ prompt: 'a fox', target: 'img/fox.png', format: 'jpeg' }, ctx())), [{ kind: 'targetFormat', value: 'img/fox.png', format: 'jpeg' }]);
	});
});

describe('tool input: target and workspace paths', () => {
	const multi: ToolWorkspace = { folders: [{ name: 'site', path: '/home/u/site' }, { name: 'docs', path: '/home/u/docs' }], activeFolderPath: '/home/u/docs', allowOutside: false };

	it('a folder ends in / or has no extension; a file has an image extension', () => {
		assert.deepEqual(resolveTarget('assets/', workspace), { path: '/home/u/site/assets', folderPath: '/home/u/site', kind: 'folder' });
		assert.deepEqual(resolveTarget('assets/icons', workspace), { path: '/home/u/site/assets/icons', folderPath: '/home/u/site', kind: 'folder' });
		assert.deepEqual(resolveTarget('a/logo.JPG', workspace), { path: '/home/u/site/a/logo.JPG', folderPath: '/home/u/site', kind: 'file', format: 'jpeg' });
		assert.deepEqual(resolveTarget('notes.txt', workspace), { kind: 'targetExtension', value: 'notes.txt', allowed: ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.svg'] });
	});

	it('never leads out of the workspace: .., absolute paths elsewhere and URLs are refused', () => {
		assert.deepEqual(resolveTarget('../elsewhere/x.png', workspace), { kind: 'pathOutside', field: 'target', value: '../elsewhere/x.png' });
		assert.deepEqual(resolveTarget('/etc/x.png', workspace), { kind: 'pathOutside', field: 'target', value: '/etc/x.png' });
		assert.deepEqual(resolveTarget('https://example.com/x.png', workspace), { kind: 'pathInvalid', field: 'target', value: 'https://example.com/x.png' });
		assert.equal(resolveTarget('/home/u/site/img/x.png', workspace).kind, 'file');
		// The user's own setting allows destinations outside, as for the commands.
		assert.equal(resolveTarget('/tmp/x.png', { ...workspace, allowOutside: true }).kind, 'file');
		assert.deepEqual(resolveTarget('x.png', { folders: [], allowOutside: false }), { kind: 'noFolder' });
	});

	it('takes a Windows path to a file of a Windows folder', () => {
		const win: ToolWorkspace = { folders: [{ name: 'proj', path: '/c:/Users/me/proj' }], allowOutside: false };
		assert.deepEqual(resolveTarget('C:\\Users\\me\\proj\\img\\x.png', win), { path: '/c:/Users/me/proj/img/x.png', folderPath: '/c:/Users/me/proj', kind: 'file', format: 'png' });
		assert.equal(resolveTarget('D:\\other\\x.png', win).kind, 'pathOutside');
	});

	it('in a multi-root workspace a path starts at the active folder, or at the folder it names', () => {
		assert.equal((resolveTarget('img/x.png', multi) as { path: string }).path, '/home/u/docs/img/x.png');
		assert.equal((resolveTarget('site/img/x.png', multi) as { path: string }).path, '/home/u/site/img/x.png');
	});
});

describe('tool input: imagegen_editImage', () => {
	const ectx = { settings, promptLimit: 32000, workspace };

	it('accepts an image and a prompt, with a mask and references', () => {
		const r = checkEditInput({ image: 'img/a.png', prompt: 'as a watercolor', mask: 'img/mask.png', referenceImages: ['img/b.png'] }, ectx);
		assert.ok(r.ok);
		assert.equal(r.value.image.path, '/home/u/site/img/a.png');
		assert.equal(r.value.mask?.path, '/home/u/site/img/mask.png');
		assert.deepEqual(r.value.references.map((x) => x.path), ['/home/u/site/img/b.png']);
	});

	it('refuses a missing image, an image outside the workspace, and too many references', () => {
		assert.deepEqual(problems(checkEditInput({ prompt: 'x' }, ectx)), [{ kind: 'missing', field: 'image' }]);
		assert.deepEqual(problems(checkEditInput({ image: '../a.png', prompt: 'x' }, ectx)), [{ kind: 'pathOutside', field: 'image', value: '../a.png' }]);
		const refs = Array.from({ length: 16 }, (_, i) => `r${i}.png`);
		assert.deepEqual(problems(checkEditInput({ image: 'a.png', prompt: 'x', referenceImages: refs }, ectx)), [{ kind: 'tooManyReferences', model: 'gpt-image-1.5', count: 16, max: 15 }]);
	});

	it('refuses a model that cannot edit (the commands\' rule)', () => {
		const p = problems(checkEditInput({ image: 'a.png', prompt: 'x' }, { ...ectx, settings: { ...settings, model: 'dall-e-3', size: '1024x1024' } }));
		assert.deepEqual(p[0].kind === 'option' && p[0].problem, { kind: 'editModel', model: 'dall-e-3' });
	});
});

describe('tool cost estimate', () => {
	it('prices the guide\'s output tokens with the user\'s table, and gives none without a figure', () => {
		// 2 images of 4160 output tokens at $40 per million.
		assert.equal(estimateImagesCost('gpt-image-1.5', '1024x1024', 'high', 2, { output: 40 }), (2 * 4160 * 40) / 1e6);
		assert.equal(estimateImagesCost('gpt-image-1.5', 'auto', 'high', 1, { output: 40 }), undefined);
		assert.equal(estimateImagesCost('gpt-image-2', '1024x1024', 'high', 1, { output: 40 }), undefined);
		assert.equal(estimateImagesCost('gpt-image-1.5', '1024x1024', 'low', 1, undefined), undefined);
	});
});
