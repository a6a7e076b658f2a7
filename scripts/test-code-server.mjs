#!/usr/bin/env node
// Runs the integration suite (out/test/integration) inside a real VS Code, once in
// each version of scripts/lib/codeServer.mjs's `codeServers` (the floor, VS Code
// 1.103.2 on Node 22, and the newest, 1.139.1 on Node 24), one after the other:
// code-server from .cache/code-server-<version>, opened by headless Chromium
// through playwright-core. `npm run test:integration`.
//
//   node scripts/test-code-server.mjs [--vscode <version>] [--grep <pattern>] [--keep] [--verbose]
//     --vscode <version> only in this VS Code (1.103.2, 1.139.1, floor, newest; comma-separated)
//     --grep <pattern>  run only the tests whose full title matches (sets MOCHA_GREP)
//     --keep            keep the temporary workspace, user data and logs
//     --driver <module> a module whose `attach(page, info)` may act in the browser for the tests
//                       (the benchmarks' test/bench/driver.mjs: a paste into the editor, a webview's image)
//     --verbose         also print the known, harmless workbench noise
//
// Needs `npm run build` and `npm run compile-tests` first (`npm test` does both);
// installs a code-server with scripts/install-code-server.sh when it is missing.
// Each run ends with `VS Code <version> (...): N passed, N failed`; with more
// than one version, a line per version with its result and time follows.
//
// Environment: every variable set when running this script reaches the tests,
// because the extension host inherits code-server's environment (for example
// `IMAGEGEN_TEST_FOO=1 npm run test:integration`). Variables for this script:
//   IMAGEGEN_INTEGRATION_TIMEOUT_S  whole-run limit, default 1500 (25 minutes; a loaded machine runs 1.139 far slower than 1.103)
//   IMAGEGEN_CHROMIUM               browser executable, default /usr/bin/chromium
//
// How it works: code-server listens on 127.0.0.1 (a free port), the page opens
// `/?workspace=<copies of test/fixtures/workspace and test/fixtures/second>&payload=[[extensionDevelopmentPath,
// ...],[extensionTestsPath, ...]]`, the workbench starts the remote extension
// host with this repository as the extension under development and runs
// test/integration/index.ts. What the tests print with console.log is
// forwarded to the page's console, which is copied to stdout here; when the
// tests end the workbench calls `window.codeAutomationExit(code)`, which this
// script provides, and that code becomes our exit code. On failure a
// screenshot and the logs go to test-results/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as util from 'node:util';
import { chromium } from 'playwright-core';
import {
	chromiumArgs,
	codeServerEnv,
	describeCodeServer,
	makeMultiRootWorkspace,
	ensureCodeServer,
	runInEach,
	selectCodeServers,
	quietUserSettings,
	registerEmptyLanguagePack,
	root,
	startCodeServer,
	workbenchUrl,
	writeUserSettings,
} from './lib/codeServer.mjs';

const resultsDir = path.join(root, 'test-results');

const { values: options } = util.parseArgs({
	options: {
		vscode: { type: 'string' },
		grep: { type: 'string' },
		// Another runner in the same harness (the benchmarks use out/test/bench/index.js).
		tests: { type: 'string', default: 'out/test/integration/index.js' },
		driver: { type: 'string' },
		keep: { type: 'boolean', default: false },
		verbose: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (options.help) {
	console.log('usage: node scripts/test-code-server.mjs [--vscode <version>] [--grep <pattern>] [--tests <runner.js>] [--driver <module>] [--keep] [--verbose]');
	process.exit(0);
}
const selected = selectCodeServers(options.vscode);
if (selected.length > 1) {
	const args = ['--tests', options.tests];
	if (options.grep !== undefined) args.push('--grep', options.grep);
	if (options.driver !== undefined) args.push('--driver', options.driver);
	if (options.keep) args.push('--keep');
	if (options.verbose) args.push('--verbose');
	process.exit(await runInEach(selected, import.meta.url, args));
}
/** The one code-server of this run. */
const codeServer = selected[0];
const timeoutMs = Number(process.env.IMAGEGEN_INTEGRATION_TIMEOUT_S || 1500) * 1000;
const chromiumPath = process.env.IMAGEGEN_CHROMIUM || '/usr/bin/chromium';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const info = (message) => console.log(`[integration ${codeServer.vscode} ${elapsed()}] ${message}`);

/**
 * What to undo on the way out, lowest rank first: code-server before the browser
 * (closing the page first makes the server log SIGPIPE errors), files last.
 */
const cleanups = [];
const onCleanup = (rank, fn) => cleanups.push({ rank, fn });
let stopping = false;
let cleaningUp;
function cleanup() {
	stopping = true;
	cleaningUp ??= (async () => {
		for (const { fn } of cleanups.sort((a, b) => a.rank - b.rank)) {
			try {
				await fn();
			} catch (err) {
				console.error(`[integration] cleanup: ${err instanceof Error ? err.message : String(err)}`);
			}
		}
	})();
	return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		info(`${signal}: stopping`);
		void cleanup().then(() => process.exit(130));
	});
}

function preflight() {
	ensureCodeServer(codeServer, info);
	const required = [
		['dist/extension.js', 'npm run build'],
		['out/test/integration/index.js', 'npm run compile-tests'],
	];
	for (const [file, command] of required) {
		if (!fs.existsSync(path.join(root, file))) throw new Error(`${file} is missing: run \`${command}\` first`);
	}
	if (!fs.existsSync(chromiumPath)) {
		throw new Error(`${chromiumPath} not found: run \`npm run setup:code-server\` or set IMAGEGEN_CHROMIUM`);
	}
}

/** Harmless lines printed on every run (no marketplace, no vsda in code-server, webview iframes); hidden unless --verbose. */
const NOISE = [
	/^Ignoring fetching additional builtin extensions from gallery as it is disabled\.$/,
	/^File not found: .*\/node_modules\/vsda\//,
	/^\[browser warning\] An iframe which has both allow-scripts and allow-same-origin for its sandbox attribute can escape its sandboxing\.$/,
	/^\[browser log\] Found unexpected service worker controller\./,
];
const isNoise = (line) => !options.verbose && NOISE.some((re) => re.test(line));

/**
 * One line (or block) for a message of the page's console. The extension host's
 * console output reaches the workbench's log service, which prints it as
 * `console.info('%c INFO', 'color: #33f', format, ...args)`: drop the styling
 * and apply the format, so that mocha's `%s`/`%d` output reads as in a terminal.
 */
async function formatConsole(msg) {
	let args;
	try {
		args = await Promise.all(msg.args().map((arg) => arg.jsonValue()));
	} catch {
		return `[browser ${msg.type()}] ${msg.text()}`;
	}
	const level = typeof args[0] === 'string' ? /^%c\s*([A-Z]+)$/.exec(args[0]) : null;
	if (level) {
		const text = util.format(...args.slice(2));
		return level[1] === 'INFO' ? text : `[${level[1]}] ${text}`;
	}
	// The workbench's own messages: their stack traces only with --verbose.
	const text = args.length ? util.format(...args) : msg.text();
	return `[browser ${msg.type()}] ${options.verbose ? text : text.replace(/\n\s+at [\s\S]*$/, ' (stack: --verbose)')}`;
}

/** Requests that would leave the machine (marketplace, CDNs) are refused, so that runs are the same offline. */
function isLoopback(url) {
	return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function main() {
	preflight();
	let timer;
	const timedOut = new Promise((resolve) => {
		timer = setTimeout(() => resolve({ code: 1, reason: `no result within ${timeoutMs / 1000}s (IMAGEGEN_INTEGRATION_TIMEOUT_S)` }), timeoutMs);
	});
	onCleanup(0, () => clearTimeout(timer));

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-it-'));
	onCleanup(3, () => {
		if (options.keep) {
			info(`kept ${tmp}`);
		} else {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
	// Two folders, so that multi-root behaviour is tested; the first is the usual fixture.
	const workspace = makeMultiRootWorkspace(tmp);
	const userDataDir = path.join(tmp, 'user-data');
	writeUserSettings(userDataDir, quietUserSettings);
	if (process.env.IMAGEGEN_LOCALE) registerEmptyLanguagePack(userDataDir, process.env.IMAGEGEN_LOCALE);
	info(`${describeCodeServer(codeServer)}, workspace ${workspace}`);

	let hostGone;
	const hostCrashed = new Promise((resolve) => (hostGone = resolve));
	const server = await startCodeServer({
		codeServer,
		userDataDir,
		extensionsDir: path.join(tmp, 'extensions'),
		configFile: path.join(tmp, 'code-server.yaml'),
		locale: process.env.IMAGEGEN_LOCALE,
		// IMAGEGEN_EXPECT_VSCODE: the smoke test checks that it runs in the VS Code meant.
		// IMAGEGEN_TEST_USER_DATA: the endpoint tests write the remote machine's settings file.
		env: codeServerEnv({ IMAGEGEN_EXPECT_VSCODE: codeServer.vscode, IMAGEGEN_TEST_USER_DATA: userDataDir, ...(options.grep ? { MOCHA_GREP: options.grep } : {}) }),
		onLine: (line) => {
			if (!isNoise(line) && !stopping) process.stderr.write(`[code-server] ${line}\n`);
			// A crashed extension host never reports a result; give the workbench a moment to.
			const hostExit = /Extension Host Process exited with code: (\d+), signal: (\w+)/.exec(line);
			if (hostExit && (hostExit[1] !== '0' || hostExit[2] !== 'null')) {
				setTimeout(() => hostGone({ code: 1, reason: `the extension host exited (code ${hostExit[1]}, signal ${hostExit[2]})` }), 10_000).unref();
			}
		},
	});
	onCleanup(1, server.stop);
	info(`code-server listening on ${server.origin}`);

	const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
	onCleanup(2, () => browser.close());
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const blocked = new Set();
	await context.route(
		(url) => !isLoopback(url),
		(route) => {
			const { host } = new URL(route.request().url());
			if (!blocked.has(host)) info(`blocked a request to ${host} (only 127.0.0.1 is reachable)`);
			blocked.add(host);
			return route.abort('blockedbyclient');
		},
	);
	const page = await context.newPage();
	if (options.driver !== undefined) {
		/** @type {{ attach: (page: import('playwright-core').Page, info: (message: string) => void) => void }} */
		const driver = await import(pathToFileURL(path.resolve(root, options.driver)).href);
		driver.attach(page, info);
	}

	const webgl = await page.evaluate(() => {
		const gl = document.createElement('canvas').getContext('webgl2');
		if (!gl) return null;
		const debug = gl.getExtension('WEBGL_debug_renderer_info');
		return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
	});
	if (!webgl) throw new Error(`WebGL2 is not available in ${chromiumPath} (SwiftShader)`);
	info(`Chromium ${browser.version()}, WebGL2 renderer: ${webgl}`);

	let workbenchLogs = [];
	let finish;
	const testsDone = new Promise((resolve) => (finish = resolve));
	// Must exist before the workbench loads: it calls it when the tests end.
	await page.exposeFunction('codeAutomationExit', (code, logs) => {
		workbenchLogs = Array.isArray(logs) ? logs : [];
		finish({ code: Number(code), fromWorkbench: true });
	});
	// In arrival order, although formatting is asynchronous.
	let printed = Promise.resolve();
	/** From test/integration/index.ts's last line, `N passed, N failed`. */
	/** @type {{ passed: number, failed: number } | undefined} */
	let summary;
	page.on('console', (msg) => {
		printed = printed.then(async () => {
			const line = await formatConsole(msg);
			const counts = /^(\d+) passed, (\d+) failed$/.exec(line);
			if (counts) summary = { passed: Number(counts[1]), failed: Number(counts[2]) };
			if (!isNoise(line) && !stopping) console.log(line);
		});
	});
	page.on('pageerror', (err) => console.log(`[browser pageerror] ${err.message}`));
	const crashed = new Promise((resolve) => page.on('crash', () => resolve({ code: 1, reason: 'the page crashed' })));

	const url = workbenchUrl(server.origin, workspace, {
		extensionTestsPath: path.resolve(root, options.tests),
	});
	info(`opening ${url}`);
	// Not awaited on its own: the first load of the workbench is slow on a small
	// machine, and the overall limit covers it as well as the tests.
	const loadFailed = page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs }).then(
		() => new Promise(() => {}),
		(err) => ({ code: 1, reason: `could not open the workbench: ${err.message}` }),
	);
	const serverGone = server.exited.then(({ code, signal }) => ({ code: 1, reason: `code-server exited (code ${code}, signal ${signal})` }));
	const result = await Promise.race([testsDone, timedOut, crashed, serverGone, loadFailed, hostCrashed]);
	clearTimeout(timer);
	await printed;
	stopping = true;
	// The workbench reports 0 when a remote extension host under test dies
	// (process.exit, a crash): only a run that got to its summary passed.
	// (Other runners, given with --tests, need not print that summary.)
	const expectsSummary = path.resolve(root, options.tests) === path.join(root, 'out/test/integration/index.js');
	if (expectsSummary && result.fromWorkbench && result.code === 0 && (!summary || summary.failed > 0)) {
		result.code = 1;
		result.reason = summary
			? `${summary.failed} test(s) failed, yet the workbench reported 0`
			: 'the extension host stopped before the tests finished (no "N passed, N failed" line)';
	}

	if (result.reason) info(result.reason);
	if (result.code !== 0) await saveFailureArtifacts(page, workbenchLogs, userDataDir);
	info(`exit code ${result.code}`);
	if (summary) console.log(`${describeCodeServer(codeServer)}: ${summary.passed} passed, ${summary.failed} failed`);
	return result.code;
}

/** A screenshot, the logs the workbench handed over and code-server's own logs (remote extension host included). */
async function saveFailureArtifacts(page, logs, userDataDir) {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	fs.mkdirSync(resultsDir, { recursive: true });
	const screenshot = path.join(resultsDir, `integration-${codeServer.vscode}-${stamp}.png`);
	try {
		await page.screenshot({ path: screenshot, timeout: 15_000 });
		info(`screenshot: ${path.relative(root, screenshot)}`);
	} catch (err) {
		info(`no screenshot: ${err instanceof Error ? err.message : String(err)}`);
	}
	const dir = path.join(resultsDir, `integration-${codeServer.vscode}-${stamp}-logs`);
	const serverLogs = path.join(userDataDir, 'logs');
	if (fs.existsSync(serverLogs)) {
		fs.cpSync(serverLogs, path.join(dir, 'server'), { recursive: true });
	}
	for (const { relativePath, contents } of logs) {
		const file = path.join(dir, String(relativePath));
		if (!file.startsWith(dir + path.sep)) continue;
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, String(contents));
	}
	if (fs.existsSync(dir)) info(`logs: ${path.relative(root, dir)}`);
}

let exitCode = 1;
try {
	exitCode = await main();
} catch (err) {
	console.error(`[integration] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
	await cleanup();
}
process.exit(exitCode);
