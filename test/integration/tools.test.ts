import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Diagnostics } from '../../src/preview/previewPanel';
import type { PreparedForTest } from '../../src/tools';
import { maskPng, testPng, type OpenAIWireServer } from '../support/openaiWireServer';
import { listFiles, openFreshDocument, readBytes, startOpenAI, stopOpenAI, waitFor, withoutTextChunks } from './helpers';

const generateTool = 'imagegen_generateImage';
const editTool = 'imagegen_editImage';

/** The tool's answer as a model reads it: the text of its parts. */
async function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<string> {
	const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
	return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : `[part ${JSON.stringify(p).slice(0, 80)}]`)).join('\n');
}

/** What prepareInvocation returns (in the extension's tests the workbench itself answers the confirmation dialog). */
function prepare(name: string, input: object): Thenable<PreparedForTest> {
	return vscode.commands.executeCommand<PreparedForTest>('imagegen.test.prepareToolInvocation', name, input);
}

/** A confirmation's Markdown as the dialog shows it: no escapes, plain spaces. */
function plain(markdown: string | undefined): string {
	return (markdown ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

/** A fresh case folder with a Markdown document open in it; its workspace paths as the tools take and give them. */
async function caseFolder(): Promise<{ editor: vscode.TextEditor; folder: vscode.Uri; rel: string; shown: string }> {
	const editor = await openFreshDocument('# Notes\n');
	const folder = vscode.Uri.joinPath(editor.document.uri, '..');
	const rel = vscode.workspace.asRelativePath(folder, false);
	// Two folders are open (multi-root): paths come back with the folder's name first.
	return { editor, folder, rel, shown: vscode.workspace.asRelativePath(folder, true) };
}

describe('Language model tools (vscode.lm.invokeTool, no chat extension)', function () {
	this.timeout(180_000);
	let server: OpenAIWireServer;
	const config = () => vscode.workspace.getConfiguration('imagegen');

	// The tests name gpt-image-2's rules (any size in multiples of 16), not the default model's.
	before(async () => {
		server = await startOpenAI();
		await config().update('openai.model', 'gpt-image-2', vscode.ConfigurationTarget.Global);
	});
	after(async () => {
		await config().update('openai.model', undefined, vscode.ConfigurationTarget.Global);
		await stopOpenAI(server);
	});
	beforeEach(() => server.reset());
	afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

	it('both tools are registered with their schemas', () => {
		const tools = vscode.lm.tools.filter((t) => t.name.startsWith('imagegen_'));
		assert.deepEqual(tools.map((t) => t.name).sort(), [editTool, generateTool]);
		const generate = tools.find((t) => t.name === generateTool)!;
		assert.deepEqual((generate.inputSchema as { required: string[] }).required, ['prompt']);
		assert.match(generate.description, /saves them as files in the user's workspace/);
	});

	it('generate: saves to the target file, answers with its exact workspace path, pixel size, format and link, and adds it to the panel\'s history', async () => {
		const { folder, rel, shown } = await caseFolder();
		const text = await invoke(generateTool, { prompt: 'a red fox in the snow', target: `${rel}/art/fox.png`, size: '1536x1024', quality: 'low' });
		const file = vscode.Uri.joinPath(folder, 'art', 'fox.png');
		assert.match(text, /^Generated 1 image with gpt-image-2/);
		assert.ok(text.includes(`1. ${shown}/art/fox.png — 1536x1024 PNG`), text);
		assert.ok(text.includes('![a red fox in the snow](art/fox.png)'), 'the link is relative to the active document');
		assert.ok(!/[A-Za-z0-9+/]{200,}/.test(text), 'no base64 in the text');
		assert.deepEqual(withoutTextChunks(await readBytes(file)), Buffer.from(server.sentImages[0]), 'the image as sent');
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2', prompt: 'a red fox in the snow', size: '1536x1024', quality: 'low', stream: true, partial_images: 2 });
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		await waitFor('the image in the panel\'s history', async () => (await diagnostics()).historyFiles.includes(file.toString()), 30_000);
	});

	it('generate: a folder target and a count give one file each; the revised prompt is returned', async () => {
		const { folder, rel, shown } = await caseFolder();
		server.enqueue({ kind: 'image', revisedPrompt: 'A small lighthouse on a rocky shore at dusk' });
		const text = await invoke(generateTool, { prompt: 'a lighthouse', target: `${rel}/pics/`, count: 2, aspectRatio: '1:1' });
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(folder, 'pics')), ['a-lighthouse-1.png', 'a-lighthouse.png']);
		assert.ok(text.includes(`1. ${shown}/pics/a-lighthouse.png — 1024x1024 PNG`), text);
		assert.ok(text.includes(`2. ${shown}/pics/a-lighthouse-1.png — 1024x1024 PNG`), text);
		assert.match(text, /Revised prompt \(as the API rewrote it\): A small lighthouse on a rocky shore at dusk/);
		assert.equal((server.requests[0].body as { n: number }).n, 2);
	});

	it('generate: two calls at once with one name never overwrite: name.png and name-1.png', async () => {
		const { folder, rel, shown } = await caseFolder();
		const input = { prompt: 'a paper crane', target: `${rel}/same.png` };
		const texts = await Promise.all([invoke(generateTool, input), invoke(generateTool, input)]);
		assert.deepEqual(await listFiles(folder), ['notes.md', 'same-1.png', 'same.png']);
		const paths = texts.map((t) => /^1\. (\S+)/m.exec(t)?.[1]).sort();
		assert.deepEqual(paths, [`${shown}/same-1.png`, `${shown}/same.png`], 'each call answers with its own file');
		const saved = await Promise.all(['same.png', 'same-1.png'].map(async (n) => withoutTextChunks(await readBytes(vscode.Uri.joinPath(folder, n)))));
		assert.notDeepEqual(saved[0], saved[1], 'two different images, neither written over the other');
	});

	const invalid = [
		{ name: 'an empty prompt', input: { prompt: '  ' }, message: /"prompt" is empty/ },
		{ name: 'an unknown format', input: { prompt: 'a fox', format: 'bmp' }, message: /"format" is "bmp"; it must be one of png, jpeg, webp, gif, svg/ },
		{ name: 'a size outside the model\'s rules', input: { prompt: 'a fox', size: '1000x1000' }, message: /gpt-image-2 takes sizes whose width and height are multiples of 16; 1000x1000 is not/ },
		{ name: 'a count the model does not make', input: { prompt: 'a fox', count: 12 }, message: /gpt-image-2 makes 1 to 10 image\(s\) per request; "count" is 12/ },
		{ name: 'a target outside the workspace', input: { prompt: 'a fox', target: '../../outside.png' }, message: /"target" \(\.\.\/\.\.\/outside\.png\) is outside every workspace folder/ },
		{ name: 'an option the offline engine does not take', input: { prompt: 'a seven', engine: 'offline', quality: 'high' }, message: /The offline engine .* takes no "quality"/ },
	];
	for (const c of invalid) {
		it(`generate refuses ${c.name} with a clear text, and sends and writes nothing`, async () => {
			const { folder } = await caseFolder();
			const text = await invoke(generateTool, c.input);
			assert.match(text, /^Nothing was generated: the input was not accepted\./);
			assert.match(text, c.message);
			assert.equal(server.requests.length, 0);
			assert.deepEqual(await listFiles(folder), ['notes.md']);
		});
	}

	it('cancelling the call mid-request aborts it and writes nothing', async () => {
		const { folder, rel } = await caseFolder();
		server.enqueue({ kind: 'hang' });
		const source = new vscode.CancellationTokenSource();
		const pending = invoke(generateTool, { prompt: 'a slow snail', target: `${rel}/snail.png` }, source.token).then(
			(text) => text,
			// The workbench ends a cancelled invocation with its own cancellation error.
			(err: unknown) => (err instanceof vscode.CancellationError || (err instanceof Error && err.name === 'Canceled') ? 'cancelled' : Promise.reject(err)),
		);
		// The first call opens the preview panel before it sends: allow for a slow start.
		await waitFor('the request', () => server.requests.length === 1, 60_000);
		source.cancel();
		const text = await pending;
		assert.match(text, /^(cancelled|Cancelled: nothing was generated or written\.)$/);
		await waitFor('the HTTP request aborted by the tool', () => server.hangingRequests === 0);
		assert.deepEqual(await listFiles(folder), ['notes.md']);
	});

	it('the confirmation says engine, model, size, count, where the files go and the cost by the user\'s price table', async () => {
		const { rel, shown } = await caseFolder();
		await config().update('openai.model', 'gpt-image-1.5', vscode.ConfigurationTarget.Global);
		await config().update('openai.prices', { 'gpt-image-1.5': { input: 5, output: 40 } }, vscode.ConfigurationTarget.Global);
		try {
			const prepared = await prepare(generateTool, { prompt: 'a fox', size: '1024x1024', quality: 'high', count: 2, target: `${rel}/img/` });
			assert.equal(prepared.confirmation?.title, 'Generate 2 images with OpenAI?');
			const message = plain(prepared.confirmation?.message);
			for (const line of ['Engine: OpenAI, model gpt-image-1.5', 'Size 1024x1024 · quality high · format png · background auto', 'Images: 2', `Saved to: ${shown}/img/a-fox.png`, 'Estimated cost: about $0.33 by your price table']) {
				assert.ok(message.includes(line), `${line} in ${message}`);
			}
			// Without the destination given, the user's rules say where it goes (images/ beside the document).
			const byRules = await prepare(generateTool, { prompt: 'a fox' });
			assert.ok(plain(byRules.confirmation?.message).includes(`Saved to: ${shown}/images/a-fox.png`), byRules.confirmation?.message);
			// The offline engine spends nothing: no confirmation.
			assert.equal((await prepare(generateTool, { prompt: 'a seven', engine: 'offline' })).confirmation, undefined);
		} finally {
			await config().update('openai.model', 'gpt-image-2', vscode.ConfigurationTarget.Global);
			await config().update('openai.prices', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('without a key, an OpenAI call answers how to set one (and that the offline engine needs none), sending nothing', async () => {
		await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
		try {
			const text = await invoke(generateTool, { prompt: 'a fox', engine: 'openai' });
			assert.match(text, /No OpenAI API key is set, so nothing was generated\. Ask the user to run "ImageGen: Set OpenAI API Key"/);
			assert.match(text, /engine "offline"/);
			assert.equal((await prepare(generateTool, { prompt: 'a fox', engine: 'openai' })).confirmation, undefined, 'nothing to confirm: nothing is spent');
			assert.equal(server.requests.length, 0);
		} finally {
			await vscode.commands.executeCommand('imagegen.setOpenAIKey', server.apiKey);
		}
	});

	it('edit: saves a new file beside the original (untouched) and answers with its path', async () => {
		const { folder, rel, shown } = await caseFolder();
		const original = testPng(64, 48, 5);
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'images', 'cat.png'), original);
		const text = await invoke(editTool, { image: `${rel}/images/cat.png`, prompt: 'as a watercolor' });
		assert.match(text, /^Edited .*cat\.png with gpt-image-2 into a new file/);
		assert.ok(text.includes(`1. ${shown}/images/cat-edited.png — 64x48 PNG`), text);
		assert.deepEqual(await readBytes(vscode.Uri.joinPath(folder, 'images', 'cat-edited.png')), Buffer.from(server.sentImages[0]));
		assert.deepEqual(await readBytes(vscode.Uri.joinPath(folder, 'images', 'cat.png')), Buffer.from(original));
		assert.equal(server.requests[0].path, '/v1/images/edits');
	});

	it('edit refuses a missing image and a mask of the wrong size, sending nothing', async () => {
		const { folder, rel } = await caseFolder();
		const missing = await invoke(editTool, { image: `${rel}/images/nothing.png`, prompt: 'as a watercolor' });
		assert.match(missing, /Nothing was edited: there is no file .*images\/nothing\.png in the workspace \("image"\)/);
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'cat.png'), testPng(64, 48, 6));
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'mask.png'), maskPng(32, 32));
		const wrongMask = await invoke(editTool, { image: `${rel}/cat.png`, prompt: 'add a hat', mask: `${rel}/mask.png` });
		assert.match(wrongMask, /The mask .*mask\.png is 32x32 pixels, but .*cat\.png is 64x48\. A mask must have the same size as the image\./);
		const outside = await invoke(editTool, { image: '/etc/passwd', prompt: 'x' });
		assert.match(outside, /"image" \(\/etc\/passwd\) is outside every workspace folder/);
		assert.equal(server.requests.length, 0);
		assert.deepEqual(await listFiles(folder), ['cat.png', 'mask.png', 'notes.md']);
	});

	it('offline engine: no key, no confirmation; draws a PNG into the target folder', async () => {
		await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
		try {
			const { folder, rel, shown } = await caseFolder();
			const text = await invoke(generateTool, { prompt: 'a red sneaker', engine: 'offline', target: `${rel}/gan/` });
			assert.match(text, /^Generated 1 image with the offline model/);
			assert.ok(text.includes(`1. ${shown}/gan/a-red-sneaker.png — 256x256 PNG`), text);
			assert.deepEqual(await listFiles(vscode.Uri.joinPath(folder, 'gan')), ['a-red-sneaker.png']);
			assert.equal(server.requests.length, 0);
		} finally {
			await vscode.commands.executeCommand('imagegen.setOpenAIKey', server.apiKey);
		}
	});
});
