import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readProvenance } from '../../src/core/pngText';
import type { OpenAIWireServer } from '../support/openaiWireServer';
import { exists, generate, listFiles, openFreshDocument, readBytes, select, startOpenAI, stopOpenAI, workspaceRoot } from './helpers';

describe('Where images go and how they are linked', () => {
	let server: OpenAIWireServer;
	const restore: (() => Thenable<void>)[] = [];

	async function set(section: string, key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
		const config = vscode.workspace.getConfiguration(section);
		await config.update(key, value, target);
		restore.push(() => vscode.workspace.getConfiguration(section).update(key, undefined, target));
	}

	before(async () => {
		server = await startOpenAI();
	});
	after(() => stopOpenAI(server));
	beforeEach(() => server.reset());
	afterEach(async () => {
		for (const r of restore.splice(0).reverse()) {
			await r();
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it("honours markdown.copyFiles.destination for Markdown files when ImageGen's own setting is empty", async () => {
		await set('markdown', 'copyFiles.destination', { '**/*.md': 'assets/${documentBaseName}/' });
		const editor = await openFreshDocument('a paper boat\n', 'chapter-1.md');
		select(editor, 'a paper boat');
		const outcome = await generate();
		assert.equal(vscode.Uri.parse(outcome!.files[0]).path, vscode.Uri.joinPath(editor.document.uri, '..', 'assets', 'chapter-1', 'a-paper-boat.png').path);
		assert.equal(editor.document.getText(), 'a paper boat\n\n![a paper boat](assets/chapter-1/a-paper-boat.png)\n');
	});

	it('prefers imagegen.destination over markdown.copyFiles.destination', async () => {
		await set('markdown', 'copyFiles.destination', { '**/*.md': 'assets/' });
		await set('imagegen', 'destination', { '**/*.md': 'generated/${fileName}' });
		const editor = await openFreshDocument('a tin robot\n');
		select(editor, 'a tin robot');
		const outcome = await generate();
		assert.equal(vscode.Uri.parse(outcome!.files[0]).path, vscode.Uri.joinPath(editor.document.uri, '..', 'generated', 'a-tin-robot.png').path);
	});

	it('anchors a destination starting with / to the workspace folder and links to it relatively', async () => {
		await set('imagegen', 'destination', { '**/*.md': '/media/' });
		const editor = await openFreshDocument('an owl at night\n');
		select(editor, 'an owl at night');
		const outcome = await generate();
		assert.equal(vscode.Uri.parse(outcome!.files[0]).path, vscode.Uri.joinPath(workspaceRoot(), 'media', 'an-owl-at-night.png').path);
		assert.equal(outcome?.link, '![an owl at night](../media/an-owl-at-night.png)');
	});

	it('refuses a destination outside every workspace folder, before sending anything', async () => {
		await set('imagegen', 'destination', { '**/*.md': '../../../outside-imagegen/' });
		const editor = await openFreshDocument('a runaway balloon\n');
		select(editor, 'a runaway balloon');
		const outcome = await generate();
		assert.match(outcome?.error?.message ?? '', /outside every workspace folder/);
		assert.ok(outcome?.error?.actions.includes('Open Setting'));
		assert.equal(server.requests.length, 0, 'nothing was paid for');
		assert.equal(editor.document.getText(), 'a runaway balloon\n');
	});

	it('writes outside the workspace only when the user settings allow it', async () => {
		await set('imagegen', 'destination', { '**/*.md': '../../../outside-imagegen/' });
		await set('imagegen', 'allowDestinationOutsideWorkspace', true, vscode.ConfigurationTarget.Global);
		const editor = await openFreshDocument('a kite over the hills\n');
		select(editor, 'a kite over the hills');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		const file = vscode.Uri.parse(outcome!.files[0]);
		assert.ok(!file.path.startsWith(workspaceRoot().path));
		assert.ok(await exists(file));
		await vscode.workspace.fs.delete(vscode.Uri.joinPath(file, '..'), { recursive: true });
	});

	it('saves an untitled document\'s image in the first workspace folder and links from there', async () => {
		const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'a moon over water\n' });
		const editor = await vscode.window.showTextDocument(document);
		select(editor, 'a moon over water');
		const outcome = await generate();
		assert.equal(vscode.Uri.parse(outcome!.files[0]).path, vscode.Uri.joinPath(workspaceRoot(), 'images', 'a-moon-over-water.png').path);
		assert.equal(document.getText(), 'a moon over water\n\n![a moon over water](images/a-moon-over-water.png)\n');
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});

	it('in a multi-root workspace, uses the folder of the document', async function () {
		const second = vscode.workspace.workspaceFolders?.[1];
		if (!second) {
			this.skip();
		}
		await set('imagegen', 'destination', { '**/*.md': '/art/' }, vscode.ConfigurationTarget.Workspace);
		const uri = vscode.Uri.joinPath(second.uri, `notes-${Date.now()}.md`);
		await vscode.workspace.fs.writeFile(uri, Buffer.from('a glass lantern\n'));
		const editor = await vscode.window.showTextDocument(uri);
		select(editor, 'a glass lantern');
		const outcome = await generate();
		assert.equal(vscode.Uri.parse(outcome!.files[0]).path, vscode.Uri.joinPath(second.uri, 'art', 'a-glass-lantern.png').path);
		assert.equal(outcome?.link, '![a glass lantern](art/a-glass-lantern.png)');
	});

	it('writes the prompt, engine, model and size into the PNG text chunks', async () => {
		const editor = await openFreshDocument('一只红色的运动鞋\n');
		select(editor, '一只红色的运动鞋');
		const outcome = await generate();
		const file = vscode.Uri.parse(outcome!.files[0]);
		assert.equal(file.path.split('/').pop(), '一只红色的运动鞋.png', 'a Chinese prompt gives a readable Chinese name');
		const p = readProvenance(await readBytes(file));
		assert.equal(p?.prompt, '一只红色的运动鞋');
		assert.equal(p?.engine, 'openai');
		assert.equal(p?.model, 'gpt-image-2.6-sunburst');
		assert.equal(p?.size, 'auto');
		assert.ok(p?.date && !Number.isNaN(Date.parse(p.date)));
	});

	it('writes the link in the syntax of the document: HTML', async () => {
		const editor = await openFreshDocument('<p>a "quoted" fox</p>\n', 'page.html');
		select(editor, 'a "quoted" fox');
		const outcome = await generate();
		assert.match(outcome?.link ?? '', /^<img src="images\/a-quoted-fox\.png" alt="a &quot;quoted&quot; fox"/);
		assert.ok(editor.document.getText().includes(outcome!.link!));
	});

	it('follows imagegen.linkTemplate', async () => {
		await set('imagegen', 'linkTemplate', '{{< figure src="${path}" caption="${alt}" >}}');
		const editor = await openFreshDocument('a bonsai tree\n');
		select(editor, 'a bonsai tree');
		const outcome = await generate();
		assert.equal(outcome?.link, '{{< figure src="images/a-bonsai-tree.png" caption="a bonsai tree" >}}');
	});

	it('shows how an image was made on hover, and Regenerate makes a variation and repoints the link, keeping the old file', async () => {
		const editor = await openFreshDocument('a copper kettle\n');
		select(editor, 'a copper kettle');
		const first = await generate();
		const oldFile = vscode.Uri.parse(first!.files[0]);
		const linkLine = editor.document.lineCount - 2;
		const position = new vscode.Position(linkLine, 5);
		assert.ok(editor.document.lineAt(linkLine).text.startsWith('![a copper kettle]'));

		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
		const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
		assert.match(text, /a copper kettle/);
		assert.match(text, /command:imagegen\.regenerateImage/);

		const outcome = await vscode.commands.executeCommand<{ files: string[] }>('imagegen.regenerateImage', { uri: editor.document.uri.toString(), line: position.line, character: position.character });
		assert.equal(vscode.Uri.parse(outcome.files[0]).path.split('/').pop(), 'a-copper-kettle-1.png');
		assert.equal(editor.document.lineAt(linkLine).text, '![a copper kettle](images/a-copper-kettle-1.png)');
		assert.ok(await exists(oldFile), 'the old image stays');
		assert.deepEqual(server.requests[1].body, server.requests[0].body, 'same prompt and parameters');
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(oldFile, '..')), ['a-copper-kettle-1.png', 'a-copper-kettle.png']);
	});
});
