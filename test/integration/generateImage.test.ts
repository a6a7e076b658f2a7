import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageOutcome } from '../../src/jobs/generate';
import { readTextChunks } from '../../src/core/pngText';
import { answers, type OpenAIWireServer } from '../support/openaiWireServer';
import { acceptUntilSettled, exists, generate, listFiles, openFreshDocument, readBytes, select, startOpenAI, stopOpenAI, waitFor, withoutTextChunks } from './helpers';

describe('Generate Image with OpenAI', () => {
	let server: OpenAIWireServer;

	before(async () => {
		server = await startOpenAI();
	});
	after(() => stopOpenAI(server));
	beforeEach(() => server.reset());
	afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

	it('contributes its commands, the editor context menu entry and the settings', async () => {
		const commands = await vscode.commands.getCommands(true);
		for (const id of ['imagegen.generateImage', 'imagegen.setOpenAIKey', 'imagegen.clearOpenAIKey', 'imagegen.cancelGeneration']) {
			assert.ok(commands.includes(id), `${id} is registered`);
		}
		const manifest = vscode.extensions.getExtension('imagegen.imagegen')?.packageJSON as {
			contributes: { menus: Record<string, { command: string; when?: string }[]>; commands: { command: string; category?: string }[] };
		};
		const entry = manifest.contributes.menus['editor/context'].find((m) => m.command === 'imagegen.generateImage');
		assert.equal(entry?.when, 'editorHasSelection && !editorReadonly');
		assert.ok(manifest.contributes.commands.every((c) => c.category === 'ImageGen'));
		const config = vscode.workspace.getConfiguration('imagegen');
		assert.equal(config.inspect('engine')?.defaultValue, 'auto');
		assert.equal(config.inspect('openai.model')?.defaultValue, 'gpt-image-2.6-sunburst');
	});

	it('turns the selected text into a PNG under images/ and inserts the Markdown link after it', async () => {
		const editor = await openFreshDocument('# Trip\n\nA red bicycle leaning against a brick wall.\n\nThe end.\n');
		select(editor, 'A red bicycle leaning against a brick wall.');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined);
		assert.equal(outcome?.files.length, 1);

		const file = vscode.Uri.parse(outcome.files[0]);
		assert.equal(file.path, vscode.Uri.joinPath(editor.document.uri, '..', 'images', 'a-red-bicycle-leaning-against-a-brick-wall.png').path);
		const saved = await readBytes(file);
		assert.deepEqual(withoutTextChunks(saved), Buffer.from(server.sentImages[0]), 'the pixels are exactly what the API sent');
		const text = readTextChunks(saved);
		assert.ok(Object.values(text).some((v) => v.includes('A red bicycle leaning against a brick wall.')), 'the prompt travels in the PNG');

		assert.equal(
			editor.document.getText(),
			'# Trip\n\nA red bicycle leaning against a brick wall.\n\n![A red bicycle leaning against a brick wall.](images/a-red-bicycle-leaning-against-a-brick-wall.png)\n\nThe end.\n',
		);
		assert.equal(server.requests.length, 1);
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2.6-sunburst', prompt: 'A red bicycle leaning against a brick wall.', size: 'auto', quality: 'auto', stream: true, partial_images: 2 });
	});

	it('escapes brackets in the alt text and wraps a path with spaces or parentheses in <…>', async () => {
		const editor = await openFreshDocument('A lighthouse (at night) & [stars]\n', 'my notes.md');
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('destination', { '**/*.md': 'my images/' }, vscode.ConfigurationTarget.Workspace);
		try {
			select(editor, 'A lighthouse (at night) & [stars]');
			const outcome = await generate();
			assert.ok(outcome?.link);
			assert.equal(outcome.link, '![A lighthouse (at night) & \\[stars\\]](<my images/a-lighthouse-at-night-stars.png>)');
			assert.ok(editor.document.getText().includes(outcome.link));
		} finally {
			await config.update('destination', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('joins several selections into one prompt and puts the link after the last', async () => {
		const editor = await openFreshDocument('lighthouse\n\nat dusk\n');
		const doc = editor.document;
		editor.selections = [
			new vscode.Selection(doc.positionAt(12), doc.positionAt(19)),
			new vscode.Selection(doc.positionAt(0), doc.positionAt(10)),
		];
		const outcome = await generate();
		assert.equal((server.requests[0].body as { prompt: string }).prompt, 'lighthouse at dusk');
		assert.equal(doc.getText(), `lighthouse\n\nat dusk\n\n${outcome?.link}\n`);
	});

	it('never overwrites: a second image of the same prompt gets name-1.png and the first is untouched', async () => {
		const editor = await openFreshDocument('a blue whale\n');
		select(editor, 'a blue whale');
		const first = await generate();
		const firstBytes = await readBytes(vscode.Uri.parse(first!.files[0]));
		select(editor, 'a blue whale');
		const second = await generate();
		assert.equal(vscode.Uri.parse(second!.files[0]).path.split('/').pop(), 'a-blue-whale-1.png');
		assert.deepEqual(await readBytes(vscode.Uri.parse(first!.files[0])), firstBytes);
		assert.notDeepEqual(await readBytes(vscode.Uri.parse(second!.files[0])), firstBytes);
	});

	it('never overwrites when several images of one prompt finish together: each gets its own name', async () => {
		const editor = await openFreshDocument('three herons\n');
		server.setFallback({ kind: 'image', delayMs: 300 });
		const outcomes = await Promise.all(
			[0, 1, 2].map(() => vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage', { prompt: 'three herons', insertLink: false })),
		);
		const names = outcomes.map((o) => vscode.Uri.parse(o!.files[0]).path.split('/').pop()).sort();
		assert.deepEqual(names, ['three-herons-1.png', 'three-herons-2.png', 'three-herons.png']);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), names);
		// Every image sent is on disk once: none was written over another.
		const onDisk = await Promise.all(outcomes.map(async (o) => withoutTextChunks(await readBytes(vscode.Uri.parse(o!.files[0])))));
		assert.equal(server.sentImages.length, 3);
		for (const sent of server.sentImages) {
			assert.equal(onDisk.filter((d) => d.equals(Buffer.from(sent))).length, 1);
		}
	});

	it('asks for a prompt in an input box when nothing is selected, offering the last prompt', async () => {
		const editor = await openFreshDocument('Intro.\n\n');
		select(editor, 'Intro.');
		await generate();
		const images = vscode.Uri.joinPath(editor.document.uri, '..', 'images');
		editor.selection = new vscode.Selection(editor.document.lineAt(editor.document.lineCount - 1).range.end, editor.document.lineAt(editor.document.lineCount - 1).range.end);
		const outcome = await acceptUntilSettled(generate());
		assert.equal((server.requests[1].body as { prompt: string }).prompt, 'Intro.');
		assert.deepEqual(await listFiles(images), ['intro-1.png', 'intro.png']);
		assert.ok(editor.document.getText().endsWith('![Intro.](images/intro-1.png)'), editor.document.getText());
		assert.equal(outcome?.inserted, true);
	});

	it('inserts at the tracked position when the document changed during generation', async () => {
		const editor = await openFreshDocument('first line\n\na green apple\n');
		select(editor, 'a green apple');
		server.enqueue({ kind: 'image', delayMs: 1500 });
		const pending = generate();
		await waitFor('the request', () => server.requests.length === 1);
		await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# New heading\n\n'));
		const outcome = await pending;
		assert.equal(editor.document.getText(), `# New heading\n\nfirst line\n\na green apple\n\n${outcome?.link}\n`);
	});

	it('keeps the image and offers the link when the document was closed during generation', async () => {
		const editor = await openFreshDocument('a closed door\n');
		select(editor, 'a closed door');
		server.enqueue({ kind: 'image', delayMs: 1500 });
		const pending = generate();
		await waitFor('the request', () => server.requests.length === 1);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		const outcome = await pending;
		assert.equal(outcome?.inserted, false);
		assert.ok(await exists(vscode.Uri.parse(outcome!.files[0])));
		assert.equal(outcome?.link, '![a closed door](images/a-closed-door.png)');
		const onDisk = (await readBytes(editor.document.uri)).toString('utf8');
		assert.equal(onDisk, 'a closed door\n', 'the closed file is left as it was');
		assert.match(outcome?.notice ?? '', /saved to .*images\/a-closed-door\.png, but its document was closed/);
	});

	it('tells where the image went and offers the link when the document is read-only', async function () {
		// A read-only editor takes seconds to turn the snippet down (seen: 6 s in VS Code 1.139 under load).
		this.timeout(180_000);
		const config = vscode.workspace.getConfiguration('files');
		await config.update('readonlyInclude', { '**/locked-*.md': true }, vscode.ConfigurationTarget.Workspace);
		try {
			const editor = await openFreshDocument('a red sneaker\n', 'locked-notes.md');
			select(editor, 'a red sneaker');
			const outcome = await generate();
			assert.equal(outcome?.error, undefined);
			assert.equal(outcome?.inserted, false);
			assert.ok(await exists(vscode.Uri.parse(outcome!.files[0])), 'the image is saved');
			assert.match(outcome?.notice ?? '', /saved to .*images\/a-red-sneaker\.png, but its link could not be inserted into .*locked-notes\.md: the document is read-only/);
			assert.equal(editor.document.getText(), 'a red sneaker\n');
		} finally {
			await config.update('readonlyInclude', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('tells where the image went when imagegen.insert is "none", and inserts nothing', async () => {
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('insert', 'none', vscode.ConfigurationTarget.Global);
		try {
			const editor = await openFreshDocument('a blue bucket\n');
			select(editor, 'a blue bucket');
			const outcome = await generate();
			assert.equal(outcome?.inserted, false);
			assert.ok(await exists(vscode.Uri.parse(outcome!.files[0])));
			assert.match(outcome?.notice ?? '', /saved to .*images\/a-blue-bucket\.png\. No link was inserted \(imagegen\.insert is "none"\)/);
			assert.equal(editor.document.getText(), 'a blue bucket\n');
		} finally {
			await config.update('insert', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('says nothing extra when the link went in', async () => {
		const editor = await openFreshDocument('a quiet pond\n');
		select(editor, 'a quiet pond');
		const outcome = await generate();
		assert.equal(outcome?.inserted, true);
		assert.equal(outcome?.notice, undefined);
	});

	it('cancelling aborts the request and writes nothing', async () => {
		const editor = await openFreshDocument('a slow snail\n');
		select(editor, 'a slow snail');
		server.enqueue({ kind: 'hang' });
		const pending = generate();
		await waitFor('the request', () => server.requests.length === 1);
		await vscode.commands.executeCommand('imagegen.cancelGeneration');
		const outcome = await pending;
		assert.equal(outcome?.cancelled, true);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
		assert.equal(editor.document.getText(), 'a slow snail\n');
	});

	const errorCases = [
		{ name: 'a bad key', answer: answers.unauthorized, message: /rejected the API key \(401\)/, action: 'Set API Key' },
		{ name: 'an unverified organization', answer: answers.unverified, message: /refused access to gpt-image-2\.6-sunburst \(403\).*verified/, action: 'Open Setting' },
		{ name: 'a moderated prompt', answer: answers.moderation, message: /safety system rejected this prompt \(400\)/, action: undefined },
		{ name: 'an invalid parameter', answer: answers.badParameter, message: /rejected the request \(400\)\. Invalid value: '999x999'/, action: 'Open Setting' },
		{ name: 'an unknown model', answer: answers.unknownModel, message: /model "gpt-image-2\.6-sunburst" was not found \(404\)/, action: 'Open Setting' },
		{ name: 'a rate limit that outlasts the retries', answer: answers.rateLimited, message: /rate limiting your requests \(429\)/, action: 'Retry', sticky: true },
		{ name: 'a server error', answer: answers.serverError, message: /server error \(500\)/, action: 'Retry', sticky: true },
		{ name: 'a malformed answer', answer: { kind: 'malformed' } as const, message: /could not be read/, action: 'Retry' },
		{ name: 'an answer without image data', answer: { kind: 'noImage' } as const, message: /without an image/, action: 'Retry' },
	];
	for (const c of errorCases) {
		it(`explains ${c.name} with a next step, and writes nothing`, async () => {
			const editor = await openFreshDocument('a yellow kite\n');
			select(editor, 'a yellow kite');
			if (c.sticky) {
				server.setFallback(c.answer);
			} else {
				server.enqueue(c.answer);
			}
			const outcome = await generate();
			assert.ok(outcome?.error, 'an error is reported');
			assert.match(outcome.error.message, c.message);
			if (c.action) {
				assert.ok(outcome.error.actions.includes(c.action), `offers "${c.action}": ${outcome.error.actions.join(', ')}`);
			}
			assert.ok(!outcome.error.message.includes(server.apiKey));
			assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
			assert.equal(editor.document.getText(), 'a yellow kite\n');
		});
	}

	for (const partialImages of [0, 2]) {
		it(`explains a connection cut in the middle of the answer (${partialImages ? 'streamed' : 'not streamed'}) as a broken connection, with Retry, and writes nothing`, async () => {
			const config = vscode.workspace.getConfiguration('imagegen');
			await config.update('openai.partialImages', partialImages, vscode.ConfigurationTarget.Global);
			try {
				const editor = await openFreshDocument('a torn cable\n');
				select(editor, 'a torn cable');
				server.enqueue({ kind: 'cutBody' });
				const outcome = await generate();
				assert.match(outcome?.error?.message ?? '', /connection to the OpenAI API broke before the image arrived.*Nothing was saved/);
				assert.ok(outcome?.error?.actions.includes('Retry'), `offers Retry: ${outcome?.error?.actions.join(', ')}`);
				assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
				assert.equal(editor.document.getText(), 'a torn cable\n');
			} finally {
				await config.update('openai.partialImages', undefined, vscode.ConfigurationTarget.Global);
			}
		});
	}

	it('explains a timeout', async () => {
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('openai.timeoutSeconds', 5, vscode.ConfigurationTarget.Global);
		await config.update('openai.maxRetries', 0, vscode.ConfigurationTarget.Global);
		try {
			const editor = await openFreshDocument('a frozen clock\n');
			select(editor, 'a frozen clock');
			server.enqueue({ kind: 'hang' });
			const outcome = await generate();
			assert.match(outcome?.error?.message ?? '', /did not answer within 5 seconds/);
		} finally {
			await config.update('openai.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
			await config.update('openai.maxRetries', 1, vscode.ConfigurationTarget.Global);
		}
	});

	it('explains that the network is down', async () => {
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('openai.baseUrl', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Global);
		try {
			const editor = await openFreshDocument('an unplugged cable\n');
			select(editor, 'an unplugged cable');
			const outcome = await generate();
			assert.match(outcome?.error?.message ?? '', /Could not reach the OpenAI API/);
		} finally {
			await config.update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
		}
	});

	it('refuses an over-long prompt before sending anything', async () => {
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('openai.model', 'dall-e-2', vscode.ConfigurationTarget.Global);
		try {
			const outcome = await generate({ prompt: 'x'.repeat(1001) });
			assert.match(outcome?.error?.message ?? '', /1001 characters; this model accepts at most 1000/);
			assert.equal(server.requests.length, 0);
		} finally {
			await config.update('openai.model', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
