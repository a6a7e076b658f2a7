// Standalone check of the preview webview (dist/webview.js + media/preview.css)
// in headless Chromium, under the panel's CSP, with `acquireVsCodeApi` stubbed and
// the host simulated by posting protocol messages into the page:
//   ready → init → a GAN job (cold timing, PNG checks) → finished entry →
//   keyboard walk and an action → 100 generations (tensor count flat) →
//   useBackend('webgl') (this Chromium's WebGL is SwiftShader, which the panel puts
//   after WASM) → WebGL context loss between and during requests (falls back, still draws) →
//   reload (history from setState before init) → diagnostics.
// Screenshots go to --out (default test-results/webview-check/).
//
// The page is the panel's real one: src/preview/previewHtml.ts, compiled by npm run compile-tests.
//
//   npm run build && npm run compile-tests && node test/webview/webviewCheck.mjs [--models DIR] [--out DIR]
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decode } from 'fast-png';
import { modelDir, pickDomain, ROOT } from '../support/ganModels.mjs';
import { launchChromium, startServer } from '../support/staticServer.mjs';

const previewHtmlModule = join(ROOT, 'out', 'src', 'preview', 'previewHtml.js');
if (!existsSync(previewHtmlModule)) throw new Error('out/src/preview/previewHtml.js is missing: run npm run compile-tests first');
/** @type {typeof import('../../src/preview/previewHtml.js')} */
const { previewHtml } = createRequire(import.meta.url)(previewHtmlModule);

const { values: args } = parseArgs({ options: { models: { type: 'string' }, out: { type: 'string' }, generations: { type: 'string' } } });
const outDir = resolve(args.out ?? join(ROOT, 'test-results', 'webview-check'));
mkdirSync(outDir, { recursive: true });
const GENERATIONS = Number(args.generations ?? 100);

const THEME = `:root {
	--vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
	--vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
	--vscode-sideBar-background: #181818; --vscode-panel-border: #2b2b2b; --vscode-widget-border: #313131;
	--vscode-focusBorder: #0078d4; --vscode-errorForeground: #f85149; --vscode-progressBar-background: #0078d4;
	--vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
	--vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1;
	--vscode-button-border: rgba(255, 255, 255, 0.07); --vscode-button-secondaryBackground: #313131;
	--vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
	--vscode-editorWidget-background: #202020; --vscode-editorIndentGuide-background1: #404040;
}`;

/**
 * The panel's own page (`previewHtml`, the function `PreviewPanel` sets as `webview.html`, compiled
 * to out/ by `npm run compile-tests`) with this server as its `cspSource`, plus what VS Code's webview
 * host adds around it: the theme's `--vscode-*` variables and `acquireVsCodeApi` (stubbed here: what
 * the page posts is collected in `window.__posted`, its state kept in sessionStorage across reloads).
 * The stub carries the page's nonce, the only way a script runs under its CSP.
 */
function page(origin, nonce) {
	const html = previewHtml({
		cspSource: origin,
		nonce,
		scriptUri: `${origin}/dist/webview.js`,
		styleUri: `${origin}/media/preview.css`,
		language: 'en',
		title: 'Image Preview',
		label: 'ImageGen preview',
	});
	const host = `<link rel="stylesheet" href="${origin}/theme.css">
<link rel="icon" href="data:,">
<script nonce="${nonce}">
window.__posted = [];
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
let state = JSON.parse(sessionStorage.getItem('ig-state') || 'null');
window.acquireVsCodeApi = () => ({
	postMessage: (m) => window.__posted.push(m),
	getState: () => state,
	setState: (s) => { state = s; sessionStorage.setItem('ig-state', JSON.stringify(s)); },
});
</script>
`;
	if (!html.includes('</head>')) throw new Error('previewHtml has no </head>');
	return html.replace('</head>', `${host}</head>`);
}

const STRINGS = {}; // English defaults; the host sends localized ones

/** Largest difference of any channel between two PNGs (base64) of the same size. */
function pixelDiff(a, b) {
	const x = decode(Buffer.from(a, 'base64')).data;
	const y = decode(Buffer.from(b, 'base64')).data;
	if (x.length !== y.length) return Infinity;
	let max = 0;
	for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
	return max;
}

const checks = [];
function check(name, ok, detail = '') {
	checks.push({ name, ok });
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

async function main() {
	const { dir: models, trained } = modelDir(args.models);
	if (!trained) console.log(`(no trained models in media/gan: random weights in ${models})`);
	const nonce = randomBytes(16).toString('base64');
	const pages = { '/theme.css': { body: THEME, type: 'text/css' } };
	const server = await startServer({ roots: { '/dist/': join(ROOT, 'dist'), '/media/gan/': models, '/media/': join(ROOT, 'media') }, pages });
	pages['/'] = { body: page(server.origin, nonce), headers: {} };
	const browser = await launchChromium();
	const context = await browser.newContext({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 1 });
	const p = await context.newPage();
	const logs = [];
	p.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
	p.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));

	const posted = () => p.evaluate(() => window.__posted);
	const send = (m) => p.evaluate((msg) => window.postMessage(msg, '*'), m);
	async function waitFor(pred, what, timeout = 60_000) {
		const start = Date.now();
		for (;;) {
			const found = (await posted()).find(pred);
			if (found) return found;
			if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	}
	let nextId = 1;
	async function generate(request, beforeWait) {
		const requestId = nextId++;
		const t0 = Date.now();
		await send({ type: 'ganGenerate', requestId, request });
		if (beforeWait) await beforeWait();
		const reply = await waitFor((m) => (m.type === 'ganResult' || m.type === 'ganError') && m.requestId === requestId, `reply ${requestId}`);
		return { reply, wallMs: Date.now() - t0 };
	}
	const domain = pickDomain(models);
	// Class 7 is the sneaker in Fashion-MNIST and the digit 7 in MNIST.
	const [PROMPT, CLASS] = domain === 'fashion' ? ['a red sneaker', 'Sneaker'] : ['a red seven', '7 (seven)'];
	const request = (seeds, extra = {}) => ({ domain, classIndex: 7, seeds, size: 256, smooth: true, foreground: [220, 38, 38], background: [255, 255, 255], ...extra });

	const pageStart = Date.now();
	await p.goto(`${server.origin}/`);
	await waitFor((m) => m.type === 'ready', 'ready');
	check('webview says ready', true);
	await send({ type: 'init', strings: STRINGS, ganModelBase: `${server.origin}/media/gan`, wasmBase: `${server.origin}/dist`, testHooks: true });

	// A job as the host runs it.
	const job = { id: 'job-1', prompt: PROMPT, engine: 'gan', details: `${CLASS} · seed 42 · 256 px`, startedAt: Date.now() };
	await send({ type: 'jobStarted', job });
	const cold = await generate(request([11, 12, 13, 14]));
	const coldMs = Date.now() - pageStart;
	check('cold panel → first GAN result', cold.reply.type === 'ganResult', `${cold.reply.type} backend=${cold.reply.backend} webview ms=${cold.reply.ms?.toFixed(0)} from page load ${coldMs} ms`);
	const renderer = await p.evaluate(() => window.imagegenDiagnostics.webglRenderer());
	const software = /swiftshader|llvmpipe|software/i.test(renderer ?? '');
	check(`first backend is ${software ? 'WASM (WebGL renders in software)' : 'WebGL'}`, cold.reply.backend === (software ? 'wasm' : 'webgl'), `${cold.reply.backend ?? cold.reply.message}; renderer ${renderer}`);
	const images = cold.reply.images ?? [];
	const png0 = Buffer.from(images[0]?.pngBase64 ?? '', 'base64');
	check('4 PNGs of 256×256', images.length === 4 && images.every((i) => i.width === 256 && i.height === 256) && png0.subarray(1, 4).toString() === 'PNG' && png0.readUInt32BE(16) === 256);
	images.forEach((img, i) => writeFileSync(join(outDir, `gan-${i}.png`), Buffer.from(img.pngBase64, 'base64')));
	const dataUrl = (i) => `data:image/png;base64,${images[i].pngBase64}`;
	await send({ type: 'jobProgress', jobId: job.id, message: 'Drawing 4 images on WebGL…', partialSrc: dataUrl(0) });
	await p.screenshot({ path: join(outDir, 'panel-job.png') });

	const entry = (id, prompt, n, createdAt) => ({
		id, prompt, engine: 'gan', details: `${CLASS} · seeds 42–45 · 256 px smooth`, createdAt, elapsedMs: 812,
		images: Array.from({ length: n }, (_, i) => ({ src: dataUrl(i % images.length), file: `file:///w/images/${id}-${i}.png`, label: `images/${id}-${i}.png`, width: 256, height: 256 })),
		link: `![${prompt}](images/${id}-0.png)`,
	});
	const older = { ...entry('e-0', 'handwritten seven', 1, Date.now() - 3_600_000), engine: 'openai', details: 'gpt-image-1 · 1024x1024 · low', images: [{ src: dataUrl(1), file: 'file:///w/images/seven.png', label: 'images/seven.png' }] };
	await send({ type: 'history', history: [older] });
	await send({ type: 'jobFinished', jobId: job.id, entry: entry('e-1', PROMPT, 4, Date.now()) });
	await p.waitForTimeout(100);
	const order = await p.$$eval('.ig-history-list > li h3', (hs) => hs.map((h) => h.textContent));
	check('history newest first', JSON.stringify(order) === JSON.stringify([PROMPT, 'handwritten seven']), JSON.stringify(order));
	check('job card removed after finish', (await p.$$('.ig-job')).length === 0);
	check('status announces the finish', (await p.textContent('[role=status]'))?.startsWith('Done in') === true, (await p.textContent('[role=status]')) ?? '');
	await p.screenshot({ path: join(outDir, 'panel-history.png'), fullPage: true });
	writeFileSync(join(outDir, 'panel-aria.yml'), await p.locator('body').ariaSnapshot());

	// Keyboard: tab through the first buttons; Enter on Insert posts the action.
	await p.keyboard.press('Tab');
	const tabbed = [];
	for (let i = 0; i < 8; i++) {
		tabbed.push(await p.evaluate(() => { const a = document.activeElement; return `${a?.tagName} ${a?.textContent} [${a?.getAttribute('data-action')}:${a?.getAttribute('data-image-index')}]`; }));
		await p.keyboard.press('Tab');
	}
	check('tab order starts at Insert of image 1', tabbed[0].startsWith('BUTTON Insert Link at Cursor [insert:0]'), tabbed.slice(0, 6).join(' | '));
	await p.keyboard.press('Shift+Tab');
	await p.screenshot({ path: join(outDir, 'panel-focus.png') });
	await p.focus('.ig-history-list > li:first-child button[data-action="insert"]');
	await p.keyboard.press('Enter');
	const action = await waitFor((m) => m.type === 'action', 'action');
	check('Enter on Insert posts the action', action.action === 'insert' && action.entryId === 'e-1' && action.imageIndex === 0, JSON.stringify(action));
	// Deleting the focused entry moves focus to its neighbour.
	await p.focus('.ig-history-list > li:first-child button[data-action="delete"]');
	await send({ type: 'history', history: [older] });
	await p.waitForTimeout(50);
	const focusAfterDelete = await p.evaluate(() => document.activeElement?.closest('li.ig-entry')?.querySelector('h3')?.textContent);
	check('focus moves to the neighbour when the focused entry goes', focusAfterDelete === 'handwritten seven', String(focusAfterDelete));
	await send({ type: 'history', history: [older, entry('e-1', PROMPT, 4, Date.now())] });

	// Failure and cancel states.
	await send({ type: 'jobStarted', job: { ...job, id: 'job-2', prompt: 'a purple unicorn', startedAt: Date.now() } });
	await send({ type: 'jobFailed', jobId: 'job-2', message: 'The offline engine cannot draw “a purple unicorn”.', cancelled: false });
	await p.waitForTimeout(50);
	await p.screenshot({ path: join(outDir, 'panel-failed.png') });
	check('failed job shows its message', (await p.textContent('.ig-failed .ig-progress'))?.includes('cannot draw') === true);

	// 100 generations: the tensor count stays flat.
	const before = await p.evaluate(() => window.imagegenDiagnostics.numTensors());
	const times = [];
	for (let i = 0; i < GENERATIONS; i++) {
		const r = await generate(request([1000 + i], { size: 64, classIndex: i % 10 }));
		if (r.reply.type !== 'ganResult') throw new Error(`generation ${i}: ${r.reply.message}`);
		times.push(r.reply.ms);
	}
	const after = await p.evaluate(() => window.imagegenDiagnostics.numTensors());
	times.sort((a, b) => a - b);
	check(`tensor count flat over ${GENERATIONS} generations`, before === after && before > 0, `${before} → ${after}; median ${times[times.length >> 1].toFixed(1)} ms per request on ${await p.evaluate(() => window.imagegenDiagnostics.backend())}`);
	const deterministic = await generate(request([11])).then((r) => r.reply.images[0].pngBase64);
	check('same seed, same image', deterministic === images[0].pngBase64);

	// WebGL context loss between requests (WebGL put first if the order skipped it).
	const forced = await p.evaluate(() => window.imagegenDiagnostics.useBackend('webgl'));
	const onWebgl = await generate(request([11]));
	const crossDiff = onWebgl.reply.images ? pixelDiff(onWebgl.reply.images[0].pngBase64, images[0].pngBase64) : Infinity;
	check('useBackend(webgl) → WebGL runs, same image within 1/255', forced && onWebgl.reply.backend === 'webgl' && crossDiff <= 1, `${onWebgl.reply.backend} in ${onWebgl.wallMs} ms; max channel difference ${crossDiff}`);
	const tensorsWebgl = await p.evaluate(() => window.imagegenDiagnostics.numTensors());
	const lost = await p.evaluate(() => window.imagegenDiagnostics.loseWebGLContext());
	await p.waitForTimeout(50);
	const afterLoss = await generate(request([21, 22]));
	check('context lost → next request falls back', lost && afterLoss.reply.type === 'ganResult' && afterLoss.reply.backend === 'wasm', `${afterLoss.reply.backend ?? afterLoss.reply.message} in ${afterLoss.wallMs} ms`);
	const wasmSame = await generate(request([11])).then((r) => Buffer.from(r.reply.images[0].pngBase64, 'base64'));
	writeFileSync(join(outDir, 'gan-0-wasm.png'), wasmSame);
	const tensorsWasm = await p.evaluate(() => window.imagegenDiagnostics.numTensors());
	check('tensor count the same on every backend', tensorsWasm === before && tensorsWebgl === before, `${before} / ${tensorsWebgl} / ${tensorsWasm}`);

	// Diagnostics over the protocol.
	await send({ type: 'diagnostics', requestId: 999 });
	const diag = await waitFor((m) => m.type === 'diagnosticsResult', 'diagnosticsResult');
	check('diagnostics', diag.backend === 'wasm' && diag.modelLoaded && diag.numTensors === before, JSON.stringify(diag));

	// Invalid messages are dropped.
	await send({ type: 'ganGenerate', requestId: 5000, request: { domain: 'cats', classIndex: 0, seeds: [1], size: 64, smooth: true, foreground: [0, 0, 0], background: null } });
	await send({ type: 'jobStarted', job: { id: 3 } });
	await p.waitForTimeout(100);
	check('invalid messages are dropped', !(await posted()).some((m) => m.requestId === 5000) && (await p.$$('.ig-job')).length === 1);
	const badClass = await generate(request([1], { classIndex: 12 }));
	check('a class the model lacks is an error', badClass.reply.type === 'ganError', badClass.reply.message);

	// Reload: the history is back from setState before init arrives.
	await p.reload();
	await p.waitForSelector('.ig-history-list > li');
	const restored = await p.$$eval('.ig-history-list > li h3', (hs) => hs.map((h) => h.textContent));
	const initCount = (await posted()).filter((m) => m.type === 'ready').length;
	check('history restored from state before init', restored.length === 2 && initCount === 1, JSON.stringify(restored));

	// Context loss in the middle of a request (fresh page, WebGL again).
	await send({ type: 'init', strings: STRINGS, ganModelBase: `${server.origin}/media/gan`, wasmBase: `${server.origin}/dist`, testHooks: true });
	await p.evaluate(() => window.imagegenDiagnostics.useBackend('webgl'));
	const warm = await generate(request([1])); // loads + warms up on WebGL
	check('fresh page, WebGL first', warm.reply.backend === 'webgl', warm.reply.backend);
	const mid = await generate(request(Array.from({ length: 16 }, (_, i) => 100 + i)), () => p.evaluate(() => window.imagegenDiagnostics.loseWebGLContext()));
	check('context lost during a request → retried on the next backend', mid.reply.type === 'ganResult' && mid.reply.backend === 'wasm' && mid.reply.images.length === 16, `${mid.reply.backend ?? mid.reply.message} in ${mid.wallMs} ms`);

	const csp = await p.evaluate(() => window.__csp);
	const errors = logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error'));
	check('no CSP violations or page errors', csp.length === 0 && errors.length === 0, [...csp, ...errors].join(' | '));
	writeFileSync(join(outDir, 'console.log'), logs.join('\n'));

	await browser.close();
	await server.close();
	const failed = checks.filter((c) => !c.ok);
	console.log(`screenshots in ${outDir}`);
	console.log(`${checks.length - failed.length} passed, ${failed.length} failed`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
