import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditImageOutcome } from '../../src/jobs/edit';
import { imageDimensions, maskPng, testPng, type MultipartBody, type OpenAIWireServer } from '../support/openaiWireServer';
import { acceptUntilSettled, listFiles, openFreshDocument, readBytes, startOpenAI, stopOpenAI, waitFor } from './helpers';

function edit(args?: unknown): Thenable<EditImageOutcome | undefined> {
	return vscode.commands.executeCommand<EditImageOutcome | undefined>('imagegen.editImage', args);
}

describe('Edit Image with Prompt', () => {
	let server: OpenAIWireServer;
	const original = testPng(64, 48, 3);

	before(async () => {
		server = await startOpenAI();
	});
	after(async () => {
		await vscode.workspace.getConfiguration('imagegen').update('edit.link', undefined, vscode.ConfigurationTarget.Global);
		await stopOpenAI(server);
	});
	beforeEach(() => server.reset());
	afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

	/** A document linking to images/cat.png, which exists; the cursor inside the link. */
	async function documentWithImage(): Promise<{ editor: vscode.TextEditor; image: vscode.Uri }> {
		const editor = await openFreshDocument('# Pets\n\nOur cat: ![a cat](images/cat.png) in the garden.\n');
		const image = vscode.Uri.joinPath(editor.document.uri, '..', 'images', 'cat.png');
		await vscode.workspace.fs.writeFile(image, original);
		const at = editor.document.positionAt(editor.document.getText().indexOf('images/cat.png') + 3);
		editor.selection = new vscode.Selection(at, at);
		return { editor, image };
	}

	it('contributes the command with an Explorer entry for PNG, JPEG and WebP files', async () => {
		assert.ok((await vscode.commands.getCommands(true)).includes('imagegen.editImage'));
		const manifest = vscode.extensions.getExtension('imagegen.imagegen')?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
		const entry = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'imagegen.editImage');
		assert.match(entry?.when ?? '', /resourceExtname =~ \/\^\\\.\(png\|jpe\?g\|webp\)\$\/i/);
	});

	it('edits the image under the cursor without a mask: sends it through images.edit, saves the result beside it, and repoints the link', async () => {
		const { editor, image } = await documentWithImage();
		const outcome = await edit({ prompt: 'as a watercolor' });
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		const req = server.requests[0];
		assert.equal(req.path, '/v1/images/edits');
		const body = req.body as MultipartBody;
		assert.equal(body.prompt, 'as a watercolor');
		assert.equal(body.model, 'gpt-image-2.6-sunburst');
		assert.equal(body.stream, 'true', 'edits stream their partials too');
		assert.deepEqual(Buffer.from(body.image![0].bytes), Buffer.from(original));
		assert.equal(body.image![0].filename, 'cat.png');
		assert.equal(body.mask, undefined);

		const saved = vscode.Uri.parse(outcome!.file!);
		assert.equal(saved.path, vscode.Uri.joinPath(image, '..', 'cat-edited.png').path);
		assert.deepEqual(await readBytes(saved), Buffer.from(server.sentImages[0]));
		assert.deepEqual(await readBytes(image), Buffer.from(original), 'the original is untouched');
		assert.equal(outcome?.linkChange, 'replaced');
		assert.equal(editor.document.getText(), '# Pets\n\nOur cat: ![a cat](images/cat-edited.png) in the garden.\n');
	});

	it('with a mask and a reference image (as from the Explorer): sends both, saves beside the original, never over an earlier edit, and leaves documents alone', async () => {
		const { editor, image } = await documentWithImage();
		const maskUri = vscode.Uri.joinPath(image, '..', 'mask.png');
		const referenceUri = vscode.Uri.joinPath(image, '..', 'hat.png');
		const reference = testPng(32, 32, 11);
		await vscode.workspace.fs.writeFile(maskUri, maskPng(64, 48));
		await vscode.workspace.fs.writeFile(referenceUri, reference);
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(image, '..', 'cat-edited.png'), Buffer.from('an earlier edit'));

		const outcome = await edit({ file: image.toString(), prompt: 'give the cat this hat', references: [referenceUri.toString()], mask: maskUri.toString() });
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		const body = server.requests[0].body as MultipartBody;
		assert.deepEqual(body.image?.map((f) => f.filename), ['cat.png', 'hat.png']);
		assert.deepEqual(Buffer.from(body.image![1].bytes), Buffer.from(reference));
		assert.equal(body.mask?.filename, 'mask.png');
		assert.deepEqual(imageDimensions(body.mask!.bytes), [64, 48]);

		assert.equal(vscode.Uri.parse(outcome!.file!).path.split('/').pop(), 'cat-edited-1.png');
		assert.equal((await readBytes(vscode.Uri.joinPath(image, '..', 'cat-edited.png'))).toString(), 'an earlier edit');
		assert.equal(outcome?.linkChange, 'none');
		assert.equal(editor.document.getText(), '# Pets\n\nOur cat: ![a cat](images/cat.png) in the garden.\n');
	});

	it('inserts a new link after the original when imagegen.edit.link is "insert"', async () => {
		await vscode.workspace.getConfiguration('imagegen').update('edit.link', 'insert', vscode.ConfigurationTarget.Global);
		try {
			const { editor } = await documentWithImage();
			const outcome = await edit({ prompt: 'restore this scan' });
			assert.equal(outcome?.linkChange, 'inserted');
			assert.equal(editor.document.getText(), '# Pets\n\nOur cat: ![a cat](images/cat.png) ![restore this scan](images/cat-edited.png) in the garden.\n');
		} finally {
			await vscode.workspace.getConfiguration('imagegen').update('edit.link', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('refuses a mask of another size, or without transparency, before sending anything', async () => {
		const { image } = await documentWithImage();
		const small = vscode.Uri.joinPath(image, '..', 'small-mask.png');
		const opaque = vscode.Uri.joinPath(image, '..', 'opaque-mask.png');
		await vscode.workspace.fs.writeFile(small, maskPng(32, 32));
		await vscode.workspace.fs.writeFile(opaque, testPng(64, 48, 1));
		const wrongSize = await edit({ file: image.toString(), prompt: 'x', mask: small.toString() });
		assert.match(wrongSize?.error?.message ?? '', /The mask .*small-mask\.png is 32x32 pixels, but .*cat\.png is 64x48\. A mask must have the same size as the image\./);
		const noAlpha = await edit({ file: image.toString(), prompt: 'x', mask: opaque.toString() });
		assert.match(noAlpha?.error?.message ?? '', /has no transparency/);
		assert.equal(server.requests.length, 0);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(image, '..')), ['cat.png', 'opaque-mask.png', 'small-mask.png']);
	});

	it('refuses dall-e-3, which cannot edit, naming the setting', async () => {
		await vscode.workspace.getConfiguration('imagegen').update('openai.model', 'dall-e-3', vscode.ConfigurationTarget.Global);
		try {
			const { image } = await documentWithImage();
			const outcome = await edit({ file: image.toString(), prompt: 'x' });
			assert.match(outcome?.error?.message ?? '', /dall-e-3 cannot edit images; set imagegen\.openai\.model/);
			assert.deepEqual(outcome?.error?.actions, ['Open Setting']);
			assert.equal(server.requests.length, 0);
		} finally {
			await vscode.workspace.getConfiguration('imagegen').update('openai.model', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('Cancel Image Generation stops an edit while it streams: nothing is written, the link is untouched', async () => {
		const { editor, image } = await documentWithImage();
		const before = editor.document.getText();
		server.enqueue({ kind: 'stream', partials: 1, end: 'hang' });
		const pending = edit({ prompt: 'as a woodcut' });
		await waitFor('the first partial of the edit', () => server.sentPartials.length === 1, 30_000);
		assert.equal(await vscode.commands.executeCommand<number>('imagegen.cancelGeneration'), 1, 'one job was running');
		const outcome = await pending;
		assert.equal(outcome?.cancelled, true);
		assert.equal(outcome?.error, undefined);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(image, '..')), ['cat.png']);
		assert.equal(editor.document.getText(), before);
	});

	it('from the Explorer asks for the prompt (offering the last one) and the optional extras', async () => {
		const { image } = await documentWithImage();
		await edit({ file: image.toString(), prompt: 'in pencil' });
		// Enter at the prompt box (the last prompt offered), then Enter at the extras (none).
		const outcome = await acceptUntilSettled(edit(image));
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		assert.equal((server.requests[1].body as MultipartBody).prompt, 'in pencil');
		assert.equal((server.requests[1].body as MultipartBody).mask, undefined);
		assert.equal(vscode.Uri.parse(outcome!.file!).path.split('/').pop(), 'cat-edited-1.png');
	});
});
