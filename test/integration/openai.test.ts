import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Log } from '../../src/log';
import type { Diagnostics } from '../../src/preview/previewPanel';
import type { ApiKeyStore } from '../../src/providers/apiKeyStore';
import type { ProgressUpdate } from '../../src/providers/engine';
import { OpenAIEngine } from '../../src/providers/openaiEngine';
import { answers, type OpenAIWireServer } from '../support/openaiWireServer';
import { generate, listFiles, openFreshDocument, readBytes, select, startOpenAI, stopOpenAI, waitFor, withoutTextChunks } from './helpers';

/** The OpenAI engine's options, streaming and usage, inside VS Code against the wire-format server. */
describe('OpenAI models, options and streaming', () => {
	let server: OpenAIWireServer;
	const config = () => vscode.workspace.getConfiguration('imagegen');
	const touched = new Set<string>();
	async function set(key: string, value: unknown): Promise<void> {
		touched.add(key);
		await config().update(key, value, vscode.ConfigurationTarget.Global);
	}

	before(async () => {
		server = await startOpenAI();
	});
	after(() => stopOpenAI(server));
	beforeEach(() => server.reset());
	afterEach(async () => {
		for (const key of touched) {
			await config().update(key, undefined, vscode.ConfigurationTarget.Global);
		}
		touched.clear();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	const refused = [
		{ name: 'several images from dall-e-3', settings: { 'openai.model': 'dall-e-3', 'openai.n': 2 }, message: /^dall-e-3 makes one image per request; set imagegen\.openai\.n to 1\.$/ },
		{ name: 'a transparent JPEG', settings: { 'openai.background': 'transparent', 'openai.outputFormat': 'jpeg' }, message: /A transparent background needs PNG or WebP, not jpeg/ },
		{ name: 'a gpt-image-2 size not divisible by 16', settings: { 'openai.model': 'gpt-image-2', 'openai.size': '1000x1000' }, message: /multiples of 16; 1000x1000 is not/ },
		{ name: 'a gpt-image-2 size with too few pixels', settings: { 'openai.model': 'gpt-image-2', 'openai.size': '512x512' }, message: /at least 655,360 pixels in all .*512x512 has fewer/ },
		{ name: 'compression with PNG output', settings: { 'openai.outputCompression': 80 }, message: /Compression applies to JPEG and WebP only, and the output format is png/ },
		{ name: 'an HD quality on a GPT image model', settings: { 'openai.quality': 'hd' }, message: /gpt-image-2\.6-sunburst does not take quality "hd"/ },
		{ name: 'max quality on gpt-image-2', settings: { 'openai.model': 'gpt-image-2', 'openai.quality': 'max' }, message: /gpt-image-2 does not take quality "max"; set imagegen\.openai\.quality to one of auto, low, medium, high\./ },
		{ name: 'several SVG images', settings: { 'openai.outputFormat': 'svg', 'openai.n': 2 }, message: /SVG output makes one image per request, and 2 were asked for/ },
		{ name: 'a GIF of 20 frames', settings: { 'openai.outputFormat': 'gif', 'openai.frameCount': 20 }, message: /frameCount is 20; a GIF has 2 to 16 frames/ },
		{ name: 'a leftover dall-e-3 style on a GPT model', settings: { 'openai.style': 'natural' }, message: /does not take imagegen\.openai\.style \("natural"\), a setting of the retired dall-e-3/ },
	];
	for (const c of refused) {
		it(`refuses ${c.name} before sending anything, naming the combination, with Open Setting`, async () => {
			for (const [key, value] of Object.entries(c.settings)) {
				await set(key, value);
			}
			const editor = await openFreshDocument('a paper boat\n');
			select(editor, 'a paper boat');
			const outcome = await generate();
			assert.match(outcome?.error?.message ?? '', c.message);
			assert.deepEqual(outcome?.error?.actions, ['Open Setting']);
			assert.equal(server.requests.length, 0, 'nothing was sent');
			assert.equal(editor.document.getText(), 'a paper boat\n');
		});
	}

	it('refuses a retired model on OpenAI’s own endpoint before sending anything, naming the date and the successor', async () => {
		await set('openai.model', 'gpt-image-1');
		// OpenAI's own endpoint: no baseUrl (nothing may reach the network, and nothing does: the refusal comes first).
		await config().update('openai.baseUrl', '', vscode.ConfigurationTarget.Global);
		try {
			const editor = await openFreshDocument('a paper boat\n');
			select(editor, 'a paper boat');
			const outcome = await generate();
			assert.equal(outcome?.error?.message, 'OpenAI retired gpt-image-1 on October 23, 2026. Set imagegen.openai.model to gpt-image-2.5-sunburst or gpt-image-2.5-flare.');
			assert.deepEqual(outcome?.error?.actions, ['Open Setting']);
			assert.equal(server.requests.length, 0);
			assert.equal(editor.document.getText(), 'a paper boat\n');
		} finally {
			await config().update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
		}
	});

	it('sends a retired model name to a compatible server (imagegen.openai.baseUrl), which may still serve it', async () => {
		await set('openai.model', 'gpt-image-1.5');
		server.servesRetiredModels = true;
		const outcome = await generate({ prompt: 'a paper boat' });
		assert.equal(outcome?.error, undefined);
		assert.equal((server.requests[0].body as { model: string }).model, 'gpt-image-1.5');
	});

	it('says what to do about a billing 429 (insufficient_quota), sent once and not retried, with the billing page', async () => {
		server.setFallback(answers.insufficientQuota);
		const outcome = await generate({ prompt: 'a paper boat' });
		assert.match(outcome?.error?.message ?? '', /quota or billing \(insufficient_quota\); retrying will not help\. Add credit or raise your limits on the billing page/);
		assert.deepEqual(outcome?.error?.actions, ['Open Billing Page']);
		assert.equal(server.requests.length, 1);
	});

	it('shows the moderation details of a moderation block', async () => {
		server.enqueue(answers.moderationDetailed);
		const outcome = await generate({ prompt: 'a paper boat' });
		assert.match(outcome?.error?.message ?? '', /safety system rejected this prompt.*Flagged in the prompt or input images: violence, self-harm\./);
	});

	it('turns the API’s answer for a removed model into the catalogue’s message', async () => {
		// A compatible server that does not serve the retired name answers like OpenAI (404 model_not_found).
		await set('openai.model', 'dall-e-3');
		const outcome = await generate({ prompt: 'a paper boat' });
		assert.equal(outcome?.error?.message, 'OpenAI retired dall-e-3 on May 12, 2026. Set imagegen.openai.model to gpt-image-2.6-sunburst.');
		assert.deepEqual(outcome?.error?.actions, ['Open Setting']);
	});

	it('saves an SVG result as .svg with its provenance in <metadata>, links it, and shows it in the panel; not streamed', async () => {
		await set('openai.outputFormat', 'svg');
		await set('openai.svgModel', 'gpt-6.2-astra');
		const editor = await openFreshDocument('a paper boat\n');
		select(editor, 'a paper boat');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined);
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2.6-sunburst', prompt: 'a paper boat', size: 'auto', quality: 'auto', output_format: 'svg', svg: { model: 'gpt-6.2-astra' } });
		const file = vscode.Uri.parse(outcome!.files[0]);
		assert.match(file.path, /\/images\/a-paper-boat\.svg$/);
		const saved = new TextDecoder().decode(await readBytes(file));
		const sent = new TextDecoder().decode(server.sentImages[0]);
		const metadata = /<metadata data-imagegen="provenance">.*?<\/metadata>/.exec(saved)?.[0] ?? '';
		assert.match(metadata, /prompt="a paper boat"/);
		assert.match(metadata, /model="gpt-image-2\.6-sunburst"/);
		assert.equal(saved.replace(metadata, ''), sent, 'every other byte is what the API sent');
		assert.equal(editor.document.getText(), 'a paper boat\n\n![a paper boat](images/a-paper-boat.svg)\n');
		await vscode.commands.executeCommand('imagegen.openPreview');
		await waitFor('the panel to show the SVG', async () => (await vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics')).historyFiles.includes(file.toString()), 30_000);
	});

	it('saves an animated GIF result as .gif, byte for byte, with the frame settings sent; not streamed', async () => {
		await set('openai.outputFormat', 'gif');
		await set('openai.frameCount', 4);
		await set('openai.frameDurationMs', 120);
		const outcome = await generate({ prompt: 'a spinning top' });
		assert.equal(outcome?.error, undefined);
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2.6-sunburst', prompt: 'a spinning top', size: 'auto', quality: 'auto', output_format: 'gif', frame_count: 4, frame_duration_ms: 120 });
		const file = vscode.Uri.parse(outcome!.files[0]);
		assert.match(file.path, /\.gif$/);
		assert.deepEqual(Buffer.from(await readBytes(file)), Buffer.from(server.sentImages[0]));
		await vscode.commands.executeCommand('imagegen.openPreview');
		await waitFor('the panel to show the GIF', async () => (await vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics')).historyFiles.includes(file.toString()), 30_000);
	});

	it('sends the options a model takes: dall-e-3 (on a compatible server that still serves it) with style, size and HD quality', async () => {
		server.servesRetiredModels = true;
		await set('openai.model', 'dall-e-3');
		await set('openai.style', 'natural');
		await set('openai.size', '1792x1024');
		await set('openai.quality', 'hd');
		const outcome = await generate({ prompt: 'a quiet harbour' });
		assert.equal(outcome?.error, undefined);
		assert.deepEqual(server.requests[0].body, { model: 'dall-e-3', prompt: 'a quiet harbour', size: '1792x1024', quality: 'hd', response_format: 'b64_json', style: 'natural' });
	});

	it('passes an unknown model through unchecked and shows the API’s own answer', async () => {
		await set('openai.model', 'gpt-image-404');
		await set('openai.size', '123x45');
		server.enqueue({ kind: 'error', status: 400, type: 'invalid_request_error', code: 'invalid_value', message: "Invalid size '123x45' for this model." });
		const outcome = await generate({ prompt: 'a lamp' });
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-404', prompt: 'a lamp', size: '123x45', quality: 'auto' });
		assert.match(outcome?.error?.message ?? '', /Invalid size '123x45' for this model\./);
	});

	it('n > 1 saves every image and inserts the link to the first one only (the default)', async () => {
		await set('openai.n', 3);
		await set('openai.size', '1024x1024');
		const editor = await openFreshDocument('three pebbles\n');
		select(editor, 'three pebbles');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined);
		assert.equal((server.requests[0].body as { n?: number; stream?: boolean }).n, 3);
		assert.equal((server.requests[0].body as { stream?: boolean }).stream, undefined, 'several images come in one answer, not streamed');
		assert.equal(outcome?.files.length, 3);
		const names = outcome!.files.map((f) => vscode.Uri.parse(f).path.split('/').pop());
		assert.deepEqual(names, ['three-pebbles.png', 'three-pebbles-1.png', 'three-pebbles-2.png']);
		for (let i = 0; i < 3; i++) {
			assert.deepEqual(withoutTextChunks(await readBytes(vscode.Uri.parse(outcome!.files[i]))), Buffer.from(server.sentImages[i]), `image ${i + 1} is what the server sent`);
		}
		assert.equal(outcome?.link, '![three pebbles](images/three-pebbles.png)');
		assert.equal(editor.document.getText(), 'three pebbles\n\n![three pebbles](images/three-pebbles.png)\n', 'one link, to the first image');
	});

	it('streams one image with partial previews: each partial reaches the progress callback as it arrives, the final image is the result, with usage', async () => {
		await set('openai.prices', { 'gpt-image-2.6-sunburst': { input: 5, output: 40 } });
		server.enqueue({ kind: 'stream', partials: 2, eventDelayMs: 100, end: 'complete' });
		const engine = new OpenAIEngine({ get: async () => server.apiKey } as unknown as ApiKeyStore, new Log());
		const updates: ProgressUpdate[] = [];
		const source = new vscode.CancellationTokenSource();
		const result = await engine.generate({ prompt: 'a kite over dunes' }, source.token, (u) => updates.push(u));
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2.6-sunburst', prompt: 'a kite over dunes', size: 'auto', quality: 'auto', stream: true, partial_images: 2 });
		const partials = updates.filter((u) => u.partial);
		assert.equal(partials.length, 2);
		partials.forEach((u, i) => {
			assert.deepEqual(Buffer.from(u.partial!.bytes), Buffer.from(server.sentPartials[i]));
			assert.equal(u.message, `Preview ${i + 1} of 2…`);
		});
		assert.equal(result.images.length, 1);
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.equal(result.parameters.usage, '1068 tokens (12 in, 1056 out) · about $0.042 by your price table');
		assert.ok(updates.some((u) => u.usage === result.parameters.usage), 'usage is reported for the panel');
		assert.match(result.parameters.details ?? '', /2 previews/);
	});

	it('shows token usage without a cost when the price table has no entry for the model', async () => {
		const engine = new OpenAIEngine({ get: async () => server.apiKey } as unknown as ApiKeyStore, new Log());
		const result = await engine.generate({ prompt: 'a kite' }, new vscode.CancellationTokenSource().token, () => undefined);
		assert.equal(result.parameters.usage, '1068 tokens (12 in, 1056 out)');
	});

	it('Generate Image streams by default and saves only the final image', async () => {
		const editor = await openFreshDocument('a glass marble\n');
		select(editor, 'a glass marble');
		const outcome = await generate();
		assert.equal(outcome?.error, undefined);
		assert.equal(server.sentPartials.length, 2);
		assert.equal(outcome?.files.length, 1);
		assert.deepEqual(withoutTextChunks(await readBytes(vscode.Uri.parse(outcome!.files[0]))), Buffer.from(server.sentImages[0]));
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), ['a-glass-marble.png']);
	});

	it('shows each partial preview in the preview panel as it arrives, before the final image', async () => {
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		const editor = await openFreshDocument('a paper lantern\n');
		select(editor, 'a paper lantern');
		// The panel beside the document and loaded before the stream starts (a panel that is still
		// loading when previews arrive shows the latest one once it is ready, not each).
		const shownBefore = (await diagnostics()).partialPreviews;
		// The completed event waits until the panel has shown both previews: they came first, not with it.
		server.enqueue({ kind: 'stream', partials: 2, eventDelayMs: 300, end: 'hang' });
		const pending = generate();
		let shown: Diagnostics['partialPreviews'] = [];
		await waitFor('two partial previews in the panel', async () => {
			const all = (await diagnostics()).partialPreviews;
			shown = all.filter((p) => !shownBefore.some((b) => b.jobId === p.jobId));
			return shown.length === 2;
		}, 30_000);
		assert.equal(new Set(shown.map((p) => p.jobId)).size, 1, 'both belong to the one job');
		assert.deepEqual(shown.map((p) => [p.width, p.height]), [[32, 32], [32, 32]], 'the partial images as sent, decoded');
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), [], 'previews are never saved');
		await vscode.commands.executeCommand('imagegen.cancelGeneration');
		assert.equal((await pending)?.cancelled, true);
	});

	it('a panel that is still loading when the previews arrive shows the job and its latest preview once ready', async () => {
		const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics');
		const editor = await openFreshDocument('a paper boat\n');
		select(editor, 'a paper boat');
		// No panel yet: the generation opens it, and both previews are sent before it can be ready.
		server.enqueue({ kind: 'stream', partials: 2, end: 'hang' });
		const pending = generate();
		await waitFor('both previews sent', () => server.sentPartials.length === 2);
		let shown: Diagnostics['partialPreviews'] = [];
		await waitFor('a preview in the new panel', async () => {
			shown = (await diagnostics()).partialPreviews;
			return shown.length > 0;
		}, 30_000);
		assert.deepEqual([shown.at(-1)?.width, shown.at(-1)?.height], [32, 32]);
		await vscode.commands.executeCommand('imagegen.cancelGeneration');
		assert.equal((await pending)?.cancelled, true);
	});

	it('cancelling mid-stream, after a partial arrived, ends the stream and writes nothing', async () => {
		const editor = await openFreshDocument('a melting candle\n');
		select(editor, 'a melting candle');
		server.enqueue({ kind: 'stream', partials: 1, end: 'hang' });
		const pending = generate();
		await waitFor('the first partial', () => server.sentPartials.length === 1);
		await vscode.commands.executeCommand('imagegen.cancelGeneration');
		const outcome = await pending;
		assert.equal(outcome?.cancelled, true);
		assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
		assert.equal(editor.document.getText(), 'a melting candle\n');
	});

	for (const end of ['error', 'drop'] as const) {
		it(`reports ${end === 'error' ? 'an error event' : 'a connection cut'} mid-stream and writes nothing`, async () => {
			const editor = await openFreshDocument('a broken vase\n');
			select(editor, 'a broken vase');
			server.enqueue({ kind: 'stream', partials: 1, end, errorMessage: 'Image generation failed mid-way.' });
			const outcome = await generate();
			if (end === 'error') {
				assert.match(outcome?.error?.message ?? '', /OpenAI stopped before the image was complete\./);
				assert.match(outcome?.error?.message ?? '', /Image generation failed mid-way\./);
				assert.deepEqual(outcome?.error?.actions, ['Retry', 'Open Setting']);
			} else {
				assert.match(outcome?.error?.message ?? '', /connection to the OpenAI API broke before the image arrived.*Nothing was saved/);
				assert.deepEqual(outcome?.error?.actions, ['Retry']);
			}
			assert.deepEqual(await listFiles(vscode.Uri.joinPath(editor.document.uri, '..', 'images')), []);
			assert.equal(editor.document.getText(), 'a broken vase\n');
		});
	}
});
