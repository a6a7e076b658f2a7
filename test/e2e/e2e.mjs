#!/usr/bin/env node
// End-to-end tests: what a user sees and does, in the real VS Code UI, once in each version of
// scripts/lib/codeServer.mjs's `codeServers` (the floor, VS Code 1.103.2, and the newest, 1.139.1).
// code-server with ImageGen loaded for development, driven by headless Chromium (playwright-core)
// through the mouse and keyboard: the editor's context menu, the command palette, the input box, the
// preview panel's buttons, a window reload. The offline engine is used (no key) until the last test,
// which stores a key through the UI and edits an image from the panel against the local OpenAI
// wire-format server (out/test/support, from npm run compile-tests) on 127.0.0.1.
//
//   node test/e2e/e2e.mjs [--vscode <version>] [--keep] [--screenshots <dir>] [--grep <pattern>] [--locale zh-cn]
//     --vscode <version>   only in this VS Code (1.103.2, 1.139.1, floor, newest; comma-separated)
//     --screenshots <dir>  also copy the panel screenshots there (docs/screenshots for the README)
//     --grep <pattern>     only the tests whose name matches (each test must not need the ones before it)
//     --locale zh-cn       VS Code's display language set to Simplified Chinese; runs the tests written
//                          for that language instead (palette, messages and panel read in Chinese)
//
// Screenshots and, on failure, the page go to test-results/. Each run ends with
// "VS Code <version> (...): N passed, N failed"; with more than one version, a line per version
// with its result and time follows.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
	chromiumArgs,
	codeServerEnv,
	copyFixtureWorkspace,
	describeCodeServer,
	ensureCodeServer,
	quietUserSettings,
	registerEmptyLanguagePack,
	root,
	runInEach,
	selectCodeServers,
	startCodeServer,
	workbenchUrl,
	writeUserSettings,
} from '../../scripts/lib/codeServer.mjs';

const { values: options } = parseArgs({
	options: {
		vscode: { type: 'string' },
		keep: { type: 'boolean', default: false },
		screenshots: { type: 'string' },
		locale: { type: 'string' },
		grep: { type: 'string' },
	},
});
const selected = selectCodeServers(options.vscode);
if (selected.length > 1) {
	const args = [];
	if (options.keep) args.push('--keep');
	if (options.screenshots !== undefined) args.push('--screenshots', options.screenshots);
	if (options.grep !== undefined) args.push('--grep', options.grep);
	if (options.locale !== undefined) args.push('--locale', options.locale);
	process.exit(await runInEach(selected, import.meta.url, args));
}
/** The one code-server of this run. */
const codeServer = selected[0];
/** The tests of one display language run: `en` (the default) or the one given with --locale. */
const suite = options.locale ?? 'en';
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const started = Date.now();
const info = (m) => console.log(`[e2e ${codeServer.vscode} ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
const isMac = false;
const mod = isMac ? 'Meta' : 'Control';

ensureCodeServer(codeServer, info);
for (const f of ['dist/extension.js', 'dist/webview.js']) {
	if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
}
const wireServerModule = path.join(root, 'out', 'test', 'support', 'openaiWireServer.js');
if (!fs.existsSync(wireServerModule)) throw new Error('out/test/support/openaiWireServer.js is missing: run npm run compile-tests first');
const { OpenAIWireServer } = createRequire(import.meta.url)(wireServerModule);
const openai = new OpenAIWireServer();
await openai.start();
// Streamed answers wait between events, so that a partial preview stays on screen long enough to be seen.
openai.setFallback({ kind: 'stream', end: 'complete', eventDelayMs: 1500 });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-e2e-'));
const workspace = path.join(tmp, 'workspace');
copyFixtureWorkspace(workspace);
if (suite === 'zh-cn') fs.writeFileSync(path.join(workspace, 'docs', '运动鞋.md'), '# 运动鞋\n\n一只红色的运动鞋\n\n完。\n');
const userDataDir = path.join(tmp, 'user-data');
// No word wrap: the tests read the editor's text line by line.
if (options.locale) registerEmptyLanguagePack(userDataDir, options.locale);
// imagegen.openai.baseUrl has application scope: read from the User settings in a remote window too.
writeUserSettings(userDataDir, { ...quietUserSettings, 'imagegen.openai.baseUrl': openai.baseUrl, 'workbench.editor.enablePreview': false, 'files.autoSave': 'off', 'editor.wordWrap': 'off', '[markdown]': { 'editor.wordWrap': 'off' } });

const server = await startCodeServer({
	codeServer,
	userDataDir,
	extensionsDir: path.join(tmp, 'extensions'),
	configFile: path.join(tmp, 'code-server.yaml'),
	locale: options.locale,
	// No key anywhere: the offline engine is the default.
	env: codeServerEnv({ OPENAI_API_KEY: '' }),
});
const browser = await chromium.launch({ executablePath: process.env.IMAGEGEN_CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.route((url) => !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname) && !url.hostname.endsWith('vscode-cdn.net'), (route) => route.abort('blockedbyclient'));
const page = await context.newPage();
// The workbench's console (the extension host's log lines reach it) goes to a file, for failures.
const consoleLog = fs.createWriteStream(path.join(results, `e2e-${suite}-console-${codeServer.vscode}.log`));
/** The panel's last log lines, printed under a failed test. */
const recentPanelLog = [];
page.on('console', (m) => {
	consoleLog.write(`[${m.type()}] ${m.text()}\n`);
	if (m.text().startsWith('[imagegen]') && recentPanelLog.push(m.text()) > 8) recentPanelLog.shift();
});

let passed = 0;
let failed = 0;
/** One test, run when `locale` is this run's display language. */
async function test(name, fn, { locale = 'en' } = {}) {
	if (locale !== suite || (options.grep && !new RegExp(options.grep).test(name))) return;
	const t0 = Date.now();
	try {
		await fn();
		passed++;
		console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
	} catch (err) {
		failed++;
		console.log(`  ✖ ${name}\n    ${String((err instanceof Error && err.stack) || err).split('\n').slice(0, 6).join('\n    ')}`);
		console.log(`    the panel's last log lines:${recentPanelLog.map((l) => `\n      ${l}`).join('') || ' none'}`);
		await page.screenshot({ path: path.join(results, `e2e-${suite}-failure-${codeServer.vscode}-${passed + failed}.png`) }).catch(() => {});
	}
}

async function waitFor(what, predicate, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await predicate();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

const docs = path.join(workspace, 'docs');
const exists = (p) => fs.existsSync(p);

/**
 * Waits for a notification with this text, as a user would find it: a toast, or (VS Code 1.139 files
 * some notifications in the notification center without popping up a toast) in the center behind the
 * status bar's bell, which is opened to look and closed again.
 */
async function waitForNotification(text, timeoutMs = 60_000) {
	const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
	const listed = page.locator('.notifications-center .notification-list-item-message', { hasText: text }).first();
	const bell = page.locator('[id="status.notifications"]').first();
	await waitFor(`the notification "${text}"`, async () => {
		if (await toast.isVisible()) return true;
		if (!(await bell.isVisible())) return false;
		await bell.click();
		const found = await listed.waitFor({ timeout: 1500 }).then(() => true, () => false);
		await bell.click();
		return found;
	}, timeoutMs);
}

async function openWorkbench() {
	await page.goto(workbenchUrl(server.origin, workspace), { waitUntil: 'domcontentloaded', timeout: 180_000 });
	await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
	await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 180_000 }).catch(() => {});
}

/** Focuses the active editor without moving its cursor (a click on its tab). */
async function focusEditor() {
	await page.locator('.tabs-container .tab.active').first().click();
}

/** Leaves snippet mode and puts the cursor at the end, so that nothing is selected (a selection would be the prompt). */
async function collapseSelection() {
	// A click in the empty space below the text focuses the editor (also out of a webview) with the cursor at the end.
	await page.locator('.monaco-editor').first().click({ position: { x: 300, y: 600 } });
	await page.keyboard.press('Escape');
	await page.keyboard.press(`${mod}+End`);
}

async function runCommand(title) {
	const input = page.locator('.quick-input-widget input');
	// F1 reaches the workbench once the editor has focus; retry the whole step if a webview or a
	// hover held the focus, or took it back and so closed the palette before the title was typed.
	for (let attempt = 0; ; attempt++) {
		try {
			await focusEditor();
			await page.keyboard.press('F1');
			await input.waitFor({ timeout: 5_000 });
			await input.fill(`>${title}`, { timeout: 5_000 });
			// The row with this title (the palette's first row can be another command that matches the words).
			const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
			await row.waitFor({ timeout: 10_000 });
			await row.click({ timeout: 5_000 });
			return;
		} catch (err) {
			if (attempt === 3) throw err;
			await page.keyboard.press('Escape');
		}
	}
}

/** ImageGen: Generate Image from the palette with nothing selected: types `prompt` into its input box. */
async function generateFromPalette(prompt) {
	await runCommand('ImageGen: Generate Image');
	await page.locator('.quick-input-widget', { hasText: 'Describe the image' }).waitFor();
	await page.locator('.quick-input-widget input').fill(prompt);
	await page.keyboard.press('Enter');
}

async function openFile(relative) {
	await page.keyboard.press(`${mod}+P`);
	const input = page.locator('.quick-input-widget input');
	await input.waitFor();
	await input.fill(relative);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(relative) }).first().waitFor();
	await page.keyboard.press('Enter');
	await page.locator(`.tab[aria-label*="${path.basename(relative)}"]`).first().waitFor();
	// Quick Open gives the editor it opens the focus. Clicking its text to make sure was flaky in
	// 1.139: the click could wait forever on an editor the panel's group kept re-laying out. When the
	// focus stayed elsewhere (a webview kept it), a click on the file's active tab moves it.
	const focused = page.locator('.monaco-editor.focused');
	if (!(await focused.first().waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
		await page.locator(`.tab.active[aria-label*="${path.basename(relative)}"]`).first().click();
		await focused.first().waitFor({ timeout: 10_000 });
	}
}

/**
 * Right-clicks the line that holds `text` in the active editor and clicks the context menu's item
 * `label`, until the menu closes. Under load the workbench can drop the click on a menu that has
 * only just opened: the item stays highlighted, the menu stays open and nothing runs (seen in
 * 1.103.2). A menu that closed ran its item, so a click is made again only while it is open.
 */
async function contextMenuItem(text, label) {
	await page.locator('.monaco-editor .view-line', { hasText: text }).first().click({ button: 'right' });
	const item = page.locator('.monaco-menu .action-label', { hasText: label }).first();
	await item.waitFor({ timeout: 30_000 });
	for (let attempt = 1; ; attempt++) {
		if (attempt < 3) {
			await item.click();
		} else {
			// Last, the keyboard: the hovered item has the menu's focus.
			await item.hover();
			await page.keyboard.press('Enter');
		}
		if (await item.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false)) return;
		if (attempt === 3) throw new Error(`the context menu stayed open after two clicks and Enter on ${label}`);
		info(`the context menu stayed open after a click on ${label}: trying again`);
	}
}

/** Selects the line that holds `text` in the active editor, with the keyboard. */
async function selectLine(text) {
	const line = page.locator('.monaco-editor .view-line', { hasText: text }).first();
	await line.click();
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+End');
}

async function editorText() {
	// Monaco renders spaces as non-breaking spaces.
	return (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The preview panel's content frame (VS Code nests it in two iframes). */
async function panelFrame() {
	return waitFor('the preview panel', async () => {
		for (const frame of page.frames()) {
			if (await frame.$('#app').catch(() => null)) return frame;
		}
		return undefined;
	});
}

/** Whether one string value in any of the page's IndexedDB stores contains all of `needles`. */
async function browserStorageHolds(...needles) {
	return page.evaluate(async (needles) => {
		const request = (r) => new Promise((resolve, reject) => {
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			const db = await request(indexedDB.open(name));
			try {
				for (const store of db.objectStoreNames) {
					const values = await request(db.transaction(store, 'readonly').objectStore(store).getAll());
					if (values.some((v) => typeof v === 'string' && needles.every((n) => v.includes(n)))) return true;
				}
			} finally {
				db.close();
			}
		}
		return false;
	}, needles);
}

function pngPixels(file) {
	// Everything but the text chunks (which hold dates).
	const png = fs.readFileSync(file);
	const parts = [];
	for (let o = 8; o < png.length; ) {
		const len = png.readUInt32BE(o);
		const type = png.toString('latin1', o + 4, o + 8);
		if (!['tEXt', 'iTXt', 'zTXt'].includes(type)) parts.push(png.subarray(o, o + 12 + len));
		o += 12 + len;
	}
	return Buffer.concat(parts);
}

try {
	info(`${describeCodeServer(codeServer)} on ${server.origin}, workspace ${workspace}`);
	await openWorkbench();
	info('workbench loaded');

	await test('right-click on selected text → Generate Image saves the PNG and inserts the link (offline, no key)', async () => {
		await openFile('docs/wardrobe.md');
		await selectLine('A red sneaker');
		await contextMenuItem('A red sneaker', 'Generate Image');
		const file = path.join(docs, 'images', 'a-red-sneaker.png');
		await waitFor('the PNG on disk', () => exists(file));
		await waitFor('the link in the editor', async () => (await editorText()).includes('![A red sneaker](images/a-red-sneaker.png)'));
	});

	await test('the preview panel shows the image (screenshot saved)', async () => {
		const frame = await panelFrame();
		await waitFor('an image in the panel', async () => frame.$eval('img[src^="data:image/png"]', (img) => img.complete && img.naturalWidth > 0).catch(() => false));
		await page.screenshot({ path: path.join(results, 'panel.png') });
	});

	await test('command palette → Generate Image with no selection asks for a prompt, then links at the cursor', async () => {
		await page.locator('.monaco-editor .view-line', { hasText: 'The end.' }).first().click();
		await page.keyboard.press('End');
		await generateFromPalette('the digit seven');
		const file = path.join(docs, 'images', 'the-digit-seven.png');
		await waitFor('the PNG on disk', () => exists(file));
		await waitFor('the link at the cursor', async () => (await editorText()).includes('The end.![the digit seven](images/the-digit-seven.png)'));
	});

	await test('Regenerate in the panel makes a different image, and Insert puts its link at the cursor', async () => {
		const frame = await panelFrame();
		const before = fs.readdirSync(path.join(docs, 'images'));
		// The newest entry is the seven once it has been saved and recorded (after the link went in).
		await frame.locator('.ig-history-list > li').first().getByText('the-digit-seven.png').waitFor({ timeout: 60_000 });
		await frame.locator('.ig-history-list > li').first().locator('button', { hasText: 'Regenerate' }).click();
		const created = await waitFor('a new file', () => fs.readdirSync(path.join(docs, 'images')).find((f) => !before.includes(f)));
		assert(created.startsWith('the-digit-seven-'), `regenerated ${created}`);
		assert(!pngPixels(path.join(docs, 'images', created)).equals(pngPixels(path.join(docs, 'images', 'the-digit-seven.png'))), 'a different image');
		// The panel lists the new image first once it has been saved and recorded.
		await frame.locator('.ig-history-list > li').first().getByText(created).waitFor({ timeout: 60_000 });
		// Back to the editor, cursor at the very end of a new line, then Insert on the newest entry.
		await collapseSelection();
		await page.keyboard.press('Enter');
		await frame.locator('.ig-history-list > li').first().locator('button', { hasText: 'Insert Link at Cursor' }).first().click();
		await waitFor('the inserted link', async () => (await editorText()).includes(`![the digit seven](images/${created})`));
		await page.screenshot({ path: path.join(results, 'panel-history.png') });
	});

	await test('a prompt the offline engine cannot draw gets the explanation and writes nothing', async () => {
		const before = fs.readdirSync(path.join(docs, 'images')).length;
		await collapseSelection();
		await generateFromPalette('a castle on a hill');
		await waitForNotification('cannot draw');
		assert(fs.readdirSync(path.join(docs, 'images')).length === before, 'no file written');
	});

	await test('losing the WebGL context falls back to another backend and still produces the image', async () => {
		const frame = await panelFrame();
		// On a software renderer (SwiftShader here) the runner prefers WASM; put WebGL first as on a real GPU.
		assert(await frame.evaluate(() => window.imagegenDiagnostics?.useBackend('webgl') ?? false), 'WebGL started');
		assert((await frame.evaluate(() => window.imagegenDiagnostics?.backend())) === 'webgl', 'running on WebGL');
		const lost = await frame.evaluate(() => window.imagegenDiagnostics?.loseWebGLContext() ?? false);
		assert(lost, 'the WebGL context was lost on purpose');
		await collapseSelection();
		await generateFromPalette('a sandal');
		await waitFor('the PNG on disk', () => exists(path.join(docs, 'images', 'a-sandal.png')));
		const backend = await frame.evaluate(() => window.imagegenDiagnostics?.backend());
		assert(backend === 'wasm' || backend === 'cpu', `fell back to ${backend}`);
		await frame.locator('.ig-history-list > li').first().getByText('a-sandal.png').waitFor({ timeout: 60_000 });
	});

	await test('the history survives a window reload', async () => {
		const historyFiles = async (frame) => frame.$$eval('.ig-history-list > li img[src^="data:image/png"]', (imgs) => imgs.map((img) => img.closest('figure')?.querySelector('figcaption')?.textContent ?? ''));
		const before = await historyFiles(await panelFrame());
		assert(before.length >= 4 && before.some((f) => f.endsWith('a-sandal.png')), `history before: ${before.join(', ')}`);
		// VS Code in a browser writes its state to IndexedDB shortly after a change and cannot
		// write while the page unloads, so a reload right after a generation may lose it.
		// Wait until the extension's state in the browser's storage has the newest entry (the history
		// is kept in pages, src/core/historyLog.ts: keys imagegen.history.page.<n>).
		await waitFor('the history in the browser\'s storage', () => browserStorageHolds('"imagegen.history.page.', 'a-sandal.png'), 30_000);
		await page.reload({ waitUntil: 'domcontentloaded' });
		await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
		const frame = await panelFrame();
		await waitFor('the restored history', async () => JSON.stringify(await historyFiles(frame)) === JSON.stringify(before), 60_000).catch(async (err) => {
			throw new Error(`${err.message}: before ${before.join(', ')}; after ${(await historyFiles(frame)).join(', ')}`);
		});
		await page.screenshot({ path: path.join(results, 'panel-after-reload.png') });
	});

	await test('Edit with Prompt… in the panel (OpenAI, key stored through the UI): the partial preview shows, the edit is saved beside the original', async () => {
		const original = path.join(docs, 'images', 'a-sandal.png');
		const originalBytes = fs.readFileSync(original);
		await runCommand('ImageGen: Set OpenAI API Key');
		// The palette's input becomes the password box: wait for that, not for the palette.
		const keyBox = page.locator('.quick-input-widget input[type="password"]');
		await keyBox.waitFor();
		await keyBox.fill(openai.apiKey);
		await page.keyboard.press('Enter');
		await waitForNotification('OpenAI API key saved.', 30_000);
		const input = page.locator('.quick-input-widget input');
		const frame = await panelFrame();
		const sandal = frame.locator('.ig-history-list > li', { hasText: 'a-sandal.png' }).first();
		await sandal.locator('button', { hasText: 'Edit with Prompt…' }).first().click();
		// The prompt, then the optional extras (Enter: none).
		await page.locator('.quick-input-widget', { hasText: 'Describe the change' }).waitFor();
		await input.fill('as a watercolor');
		await page.keyboard.press('Enter');
		await page.locator('.quick-input-widget', { hasText: 'extras' }).waitFor();
		// No extras: the pick's OK button (in 1.139 Enter in the box, with nothing ticked, does not accept).
		await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
		await waitFor('a partial preview in the panel', () =>
			frame.$eval('.ig-job .ig-partial', (img) => !img.hidden && img.complete && img.naturalWidth > 0).catch(() => false), 60_000);
		await page.screenshot({ path: path.join(results, 'panel-partial.png') });
		const edited = path.join(docs, 'images', 'a-sandal-edited.png');
		await waitFor('the edited image on disk', () => exists(edited), 60_000);
		await frame.locator('.ig-history-list > li').first().getByText('a-sandal-edited.png').first().waitFor({ timeout: 60_000 });
		const request = openai.requests.at(-1);
		assert(request?.path === '/v1/images/edits', `sent to ${request?.path}`);
		assert(request.body.prompt === 'as a watercolor', `prompt ${request.body.prompt}`);
		assert(Buffer.from(request.body.image[0].bytes).equals(originalBytes), 'the panel\'s image was the one sent');
		assert(fs.readFileSync(original).equals(originalBytes), 'the original is untouched');
	});

	await test('the walkthrough\'s first step, clicked, generates an image offline into a new Markdown file and links it', async () => {
		const requestsBefore = openai.requests.length;
		const imagesDir = path.join(workspace, 'images');
		const before = exists(imagesDir) ? fs.readdirSync(imagesDir) : [];
		await openFile('docs/guide.md');
		await runCommand('Welcome: Open Walkthrough...');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with ImageGen' }).first().click();
		const walkthrough = page.locator('.gettingStartedContainer');
		await walkthrough.getByText('Generate your first image, offline').first().click();
		await walkthrough.getByRole('button', { name: 'Generate Image', exact: true }).first().click();
		const created = await waitFor('a new image in the workspace folder', () => (exists(imagesDir) ? fs.readdirSync(imagesDir).find((f) => !before.includes(f)) : undefined));
		assert(created.startsWith('a-red-sneaker'), `created ${created}`);
		await page.locator('.tab.active', { hasText: 'Untitled' }).first().waitFor();
		await waitFor('the link after the prompt', async () => (await editorText()).includes(`A red sneaker\n![A red sneaker](images/${created})`), 60_000).catch(async (err) => {
			throw new Error(`${err.message}: ${await editorText()}`);
		});
		assert(openai.requests.length === requestsBefore, 'drawn offline although a key is stored');
		await page.screenshot({ path: path.join(results, 'walkthrough.png') });
	});

	// Display language zh-cn (node test/e2e/e2e.mjs --locale zh-cn): the extension's own
	// strings come from package.nls.zh-cn.json and l10n/bundle.l10n.zh-cn.json.
	const zh = { locale: 'zh-cn' };
	await test('zh-cn: the palette lists “ImageGen: 生成图像”', async () => {
		await openFile('docs/运动鞋.md');
		await page.locator('.monaco-editor .view-line', { hasText: '完。' }).first().click();
		await page.keyboard.press('F1');
		const input = page.locator('.quick-input-widget input');
		await input.waitFor();
		await input.fill('>ImageGen: 生成图像');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ImageGen: 生成图像' }).first().waitFor({ timeout: 30_000 });
		await page.keyboard.press('Escape');
	}, zh);

	await test('zh-cn: an empty prompt is refused in Chinese, and nothing is written', async () => {
		await runCommand('ImageGen: 生成图像');
		await page.locator('.quick-input-widget', { hasText: '描述图像' }).waitFor();
		await page.locator('.quick-input-widget input').fill(' ');
		// The validation message takes the place of the prompt text under the input.
		await page.locator('.quick-input-widget').getByText('提示词为空：请描述你想要的图像。').first().waitFor({ timeout: 30_000 });
		await page.keyboard.press('Escape');
		assert(!exists(path.join(docs, 'images')), 'no images folder');
	}, zh);

	await test('zh-cn: right-click → 生成图像 on “一只红色的运动鞋” saves 一只红色的运动鞋.png with that alt text', async () => {
		await selectLine('一只红色的运动鞋');
		await contextMenuItem('一只红色的运动鞋', '生成图像');
		await waitFor('the PNG on disk', () => exists(path.join(docs, 'images', '一只红色的运动鞋.png')));
		await waitFor('the link in the editor', async () => (await editorText()).includes('![一只红色的运动鞋](images/一只红色的运动鞋.png)'));
	}, zh);

	await test('zh-cn: the preview panel\'s headings, buttons and image text are in Chinese', async () => {
		const frame = await panelFrame();
		const entry = frame.locator('.ig-history-list > li').first();
		await entry.getByText('一只红色的运动鞋.png').waitFor({ timeout: 60_000 });
		for (const label of ['在光标处插入链接', '打开', '复制 Markdown 链接', '重新生成', '生成类似图像', '删除文件']) {
			await entry.locator('button', { hasText: label }).first().waitFor({ timeout: 10_000 });
		}
		await frame.getByText('历史记录', { exact: true }).first().waitFor({ timeout: 10_000 });
		// The offline engine names what it drew in Chinese too.
		await entry.getByText(/运动鞋 · 种子 \d+/u).first().waitFor({ timeout: 10_000 });
		const alt = await entry.locator('img[src^="data:image/png"]').first().getAttribute('alt');
		assert(alt === '“一只红色的运动鞋”的第 1 张图像（共 1 张）', `alt ${alt}`);
		assert(!(await frame.locator('button', { hasText: 'Regenerate' }).count()), 'no English button left');
		await page.screenshot({ path: path.join(results, 'panel-zh-cn.png') });
	}, zh);

	await test('zh-cn: the walkthrough reads in Chinese, with the Chinese pictures', async () => {
		await runCommand('Welcome: Open Walkthrough...');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ImageGen 入门' }).first().click();
		const walkthrough = page.locator('.gettingStartedContainer');
		await walkthrough.getByText('离线生成第一张图像').first().waitFor({ timeout: 30_000 });
		await walkthrough.getByRole('button', { name: '生成图像', exact: true }).first().waitFor({ timeout: 10_000 });
		// The step's picture (inside a webview's frames) is the Chinese one: it shows the Chinese sample prompt.
		await waitFor('the Chinese picture', async () => {
			for (const frame of page.frames()) {
				if (await frame.locator('svg text', { hasText: '一只红色的运动鞋' }).count().catch(() => 0)) return true;
			}
			return false;
		}, 30_000);
	}, zh);
} finally {
	if (options.screenshots) {
		fs.mkdirSync(options.screenshots, { recursive: true });
		for (const f of ['panel.png', 'panel-history.png', 'panel-partial.png']) {
			if (exists(path.join(results, f))) fs.copyFileSync(path.join(results, f), path.join(options.screenshots, f));
		}
	}
	await browser.close().catch(() => {});
	await server.stop();
	await openai.stop();
	if (!options.keep) fs.rmSync(tmp, { recursive: true, force: true });
	else info(`kept ${tmp}`);
}

function assert(condition, message) {
	if (!condition) throw new Error(`assertion failed: ${message}`);
}

console.log(`${describeCodeServer(codeServer)}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
