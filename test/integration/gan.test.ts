import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readProvenance } from '../../src/core/pngText';
import type { Diagnostics } from '../../src/preview/previewPanel';
import { generate, listFiles, openFreshDocument, readBytes, select, waitFor, withoutTextChunks } from './helpers';

/** The offline engine: no key, no network; the generator runs in the preview panel's webview. */
describe('Generate Image with the offline engine', function () {
	// The first run compiles WebGL shaders on a software renderer (SwiftShader).
	this.timeout(180_000);

	before(async () => {
		await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
		await vscode.workspace.getConfiguration('imagegen').update('engine', undefined, vscode.ConfigurationTarget.Global);
	});
	afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

	it('is what "auto" picks without a key: a red sneaker is drawn, saved as a PNG and linked', async function () {
		if (process.env.OPENAI_API_KEY) {
			this.skip();
		}
		const editor = await openFreshDocument('A red sneaker\n');
		select(editor, 'A red sneaker');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		assert.equal(outcome?.engine, 'gan');
		const file = vscode.Uri.parse(outcome!.files[0]);
		const bytes = await readBytes(file);
		assert.equal(bytes.readUInt32BE(16), 256, 'width is imagegen.gan.size');
		assert.equal(bytes.readUInt32BE(20), 256, 'height is imagegen.gan.size');
		const p = readProvenance(bytes);
		assert.equal(p?.engine, 'gan');
		assert.equal(p?.model, 'imagegen-gan-fashion');
		assert.equal(editor.document.getText(), 'A red sneaker\n\n![A red sneaker](images/a-red-sneaker.png)\n');
	});

	it('explains what it can draw when the prompt names nothing it knows, and writes nothing', async () => {
		const editor = await openFreshDocument('a castle on a hill\n');
		select(editor, 'a castle on a hill');
		const outcome = await vscode.commands.executeCommand<{ error?: { message: string }; files: string[] }>('imagegen.generateImage', { engine: 'gan' });
		assert.ok(outcome.error, 'an explanation');
		assert.match(outcome.error.message, /cannot draw "a castle on a hill"/);
		assert.match(outcome.error.message, /Sneaker/);
		assert.match(outcome.error.message, /seven/);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
		assert.equal(editor.document.getText(), 'a castle on a hill\n');
	});

	it('gives the same image for the same prompt and seed, and a different one for another seed', async () => {
		const run = (seed: number) =>
			vscode.commands.executeCommand<{ files: string[] }>('imagegen.generateImage', { prompt: 'the digit seven', engine: 'gan', seed, insertLink: false });
		const a = await run(7);
		const b = await run(7);
		const c = await run(8);
		const [pa, pb, pc] = await Promise.all([a, b, c].map((o) => readBytes(vscode.Uri.parse(o.files[0]))));
		assert.notEqual(a.files[0], b.files[0], 'a new file each time');
		assert.deepEqual(withoutTextChunks(pa), withoutTextChunks(pb));
		assert.notDeepEqual(withoutTextChunks(pa), withoutTextChunks(pc));
	});

	it('draws another picture when the same prompt is asked for again, and records each seed so either can be reproduced', async () => {
		const ask = () => vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt: 'a red sneaker', engine: 'gan', insertLink: false });
		const first = await ask();
		const second = await ask();
		assert.equal(first.error ?? second.error, undefined);
		const [b1, b2] = await Promise.all([first, second].map((o) => readBytes(vscode.Uri.parse(o.files[0]))));
		assert.notEqual(first.files[0], second.files[0], 'never the same file');
		assert.notDeepEqual(withoutTextChunks(b1), withoutTextChunks(b2), 'asking again gives another picture');
		const s1 = readProvenance(b1)?.seed;
		const s2 = readProvenance(b2)?.seed;
		assert.ok(s1 !== undefined && s2 !== undefined && s1 !== s2, `each image records its own seed (${s1}, ${s2})`);
		const again = await vscode.commands.executeCommand<{ files: string[] }>('imagegen.generateImage', { prompt: 'a red sneaker', engine: 'gan', seed: Number(s1), insertLink: false });
		assert.deepEqual(withoutTextChunks(await readBytes(vscode.Uri.parse(again.files[0]))), withoutTextChunks(b1), 'the recorded seed reproduces the first picture');
	});

	it('reopened over an existing history, the panel shows every earlier image and the new one, newest first', async () => {
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		const earlier: string[] = [];
		for (const prompt of ['digit 1', 'a bag', 'digit 2', 'a dress']) {
			const outcome = await vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt, engine: 'gan', insertLink: false });
			assert.equal(outcome.error, undefined, outcome.error?.message);
			earlier.unshift(outcome.files[0]);
		}
		// Closing the panel drops its webview (and its saved state); the next generation opens a new one.
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const outcome = await vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt: 'digit 3', engine: 'gan', insertLink: false });
		assert.equal(outcome.error, undefined, outcome.error?.message);
		const expected = [outcome.files[0], ...earlier];
		let shown: readonly string[] = [];
		await waitFor('the whole history in the new panel', async () => {
			shown = (await diagnostics()).historyFiles;
			return JSON.stringify(shown.slice(0, expected.length)) === JSON.stringify(expected);
		}, 30_000).catch((err: Error) => {
			throw new Error(`${err.message}; shown ${JSON.stringify(shown.slice(0, expected.length))}, expected ${JSON.stringify(expected)}`);
		});
	});

	it('keeps only imagegen.history.maxEntries entries in the history, and never deletes the files of the older ones', async () => {
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('history.maxEntries', 2, vscode.ConfigurationTarget.Global);
		try {
			const made: string[] = [];
			for (const prompt of ['digit 4', 'a shirt', 'digit 6']) {
				const outcome = await vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt, engine: 'gan', insertLink: false });
				assert.equal(outcome.error, undefined, outcome.error?.message);
				made.unshift(outcome.files[0]);
			}
			// A new panel shows what the host's history holds.
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
			let shown: readonly string[] = [];
			await waitFor('the capped history in a new panel', async () => {
				shown = (await diagnostics()).historyFiles;
				return JSON.stringify(shown) === JSON.stringify(made.slice(0, 2));
			}, 30_000).catch((err: Error) => {
				throw new Error(`${err.message}; shown ${JSON.stringify(shown)}, expected ${JSON.stringify(made.slice(0, 2))}`);
			});
			for (const file of made) {
				assert.ok((await readBytes(vscode.Uri.parse(file))).length > 0, `${file} is still on disk`);
			}
		} finally {
			await config.update('history.maxEntries', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('over a history of 300 entries, the panel lists them all but reads only the pictures on screen, and shows older ones as they scroll into view', async () => {
		const diagnostics = (scroll?: 'end' | 'top') => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics', scroll ? { scroll } : undefined);
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('history.maxEntries', 1000, vscode.ConfigurationTarget.Global);
		try {
			// 300 entries, each for a file of its own (copies of one offline image), oldest last.
			const made = await vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt: 'a bag', engine: 'gan', seed: 7, insertLink: false });
			assert.equal(made.error, undefined, made.error?.message);
			const bytes = await readBytes(vscode.Uri.parse(made.files[0]));
			const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'images', 'lazy-history');
			const files = Array.from({ length: 300 }, (_, i) => vscode.Uri.joinPath(folder, `bag-${String(i).padStart(3, '0')}.png`));
			await Promise.all(files.map((f) => vscode.workspace.fs.writeFile(f, bytes)));
			const now = Date.now();
			const entries = files.map((f, i) => ({ id: `lazy-${i}`, prompt: `a bag ${i}`, engine: 'gan', details: 'offline model', createdAt: now - 1000 * (i + 1), elapsedMs: 100, files: [f.toString()], link: `![a bag ${i}](images/lazy-history/${path.posix.basename(f.path)})` }));
			await vscode.commands.executeCommand('imagegen.test.clearHistory');
			await vscode.commands.executeCommand('imagegen.test.seedHistory', entries);
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');

			let opened: Diagnostics | undefined;
			await waitFor('the whole history listed in a new panel', async () => {
				opened = await diagnostics();
				return opened.historyEntries === 300 && opened.historyFiles.includes(files[0].toString());
			}, 60_000);
			assert.ok(opened!.historyFiles.length < 100, `the panel read ${opened!.historyFiles.length} of 300 pictures to show its first screen`);
			assert.ok(!opened!.historyFiles.includes(files[299].toString()), 'the oldest picture, far below the screen, was not read');
			// Scrolled to the end, as a user would: the oldest entry's picture arrives.
			await waitFor('the oldest picture after scrolling to the end', async () => (await diagnostics('end')).historyFiles.includes(files[299].toString()), 60_000);
			const state = await vscode.commands.executeCommand<{ storedChars: number }>('imagegen.test.historyState');
			assert.ok(state.storedChars < 300 * 1000, `workspaceState holds ${state.storedChars} characters for 300 entries: no pictures inlined`);
		} finally {
			await vscode.commands.executeCommand('imagegen.test.clearHistory');
			await config.update('history.maxEntries', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('brings the panel out from behind the document being edited to beside it, and links in the document', async () => {
		const panelTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('imagegen.preview'));
		const editor = await openFreshDocument('digit 5\n');
		await vscode.commands.executeCommand('imagegen.previewDiagnostics'); // opens the panel beside, loaded
		// Put the panel in the document's group, behind the document.
		await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
		await vscode.commands.executeCommand('workbench.action.moveEditorToFirstGroup');
		const shown = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
		await waitFor('the panel behind the document', () => panelTab()?.group.viewColumn === shown.viewColumn && panelTab()?.isActive === false);
		select(shown, 'digit 5');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		await waitFor('the panel beside the document', () => panelTab()?.isActive === true && panelTab()?.group.viewColumn !== shown.viewColumn);
		assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === shown.document), 'the document is still on screen');
		assert.equal(shown.document.getText(), 'digit 5\n\n![digit 5](images/digit-5.png)\n');
	});

	describe('when the panel\'s page does not run', () => {
		const generateDigit = (seed: number) =>
			vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', { prompt: 'digit 4', engine: 'gan', seed, insertLink: false });
		beforeEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
		afterEach(() => vscode.commands.executeCommand('imagegen.test.previewLoadFaults', 0));

		it('loads the page again once, and the generation goes on', async () => {
			await vscode.commands.executeCommand('imagegen.test.previewLoadFaults', 1, 3_000);
			const outcome = await generateDigit(41);
			assert.equal(outcome.error, undefined, outcome.error?.message);
			assert.equal((await readBytes(vscode.Uri.parse(outcome.files[0]))).readUInt32BE(16), 256, 'a picture was saved');
		});

		it('fails with a message saying what to do when the page never runs, and writes nothing', async () => {
			const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'images');
			const before = await listFiles(folder);
			await vscode.commands.executeCommand('imagegen.test.previewLoadFaults', 2, 2_000);
			const outcome = await generateDigit(42);
			assert.ok(outcome.error, 'the generation failed instead of waiting for ever');
			assert.match(outcome.error.message, /Image Preview panel did not load/);
			assert.match(outcome.error.message, /restart VS Code/);
			assert.deepEqual(await listFiles(folder), before);
			// The next attempt starts over, and with a page that runs, it draws.
			const retry = await generateDigit(42);
			assert.equal(retry.error, undefined, retry.error?.message);
		});
	});

	it('keeps the webview tensor count flat over 100 generations', async function () {
		this.timeout(900_000);
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		await vscode.commands.executeCommand('imagegen.generateImage', { prompt: 'digit 3', engine: 'gan', seed: 1, insertLink: false });
		const before = await diagnostics();
		assert.equal(before.modelLoaded, true);
		for (let i = 0; i < 100; i++) {
			const outcome = await vscode.commands.executeCommand<{ files: string[]; error?: { message: string } }>('imagegen.generateImage', {
				prompt: i % 2 ? 'digit 3' : 'digit 8',
				engine: 'gan',
				seed: 100 + i,
				insertLink: false,
			});
			assert.equal(outcome.error, undefined, outcome.error?.message);
		}
		const after = await diagnostics();
		console.log(`webview tensors: ${before.numTensors} before, ${after.numTensors} after 100 generations (${after.backend})`);
		assert.equal(after.numTensors, before.numTensors);
	});
});
