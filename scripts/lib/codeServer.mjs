// Starting the project's code-servers (installed by scripts/install-code-server.sh
// into .cache/code-server-<version>, each run by its own Node.js from
// .cache/node<major>) with this repository as the extension under development.
// Shared by scripts/test-code-server.mjs, test/e2e/e2e.mjs and scripts/launch.mjs;
// scripts/install-code-server.sh reads its tables too.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Node.js releases, from the npm registry's `node-linux-<arch>` packages (the official
 * binary with its headers, which node-gyp needs to build code-server's native modules),
 * installed by scripts/install-node.sh into .cache/node<major>.
 */
export const nodeReleases = { 22: '22.23.5', 24: '24.22.3' };

/**
 * The VS Code versions every integration and end-to-end run covers, oldest first:
 * - 1.103.2 (code-server 4.103.2, Node 22): the floor, `engines.vscode` ^1.103.0. VS Code 1.101
 *   was the first whose extension host runs Node 22 (which `openai` 7 needs); 4.103.2 is the
 *   oldest code-server on Node 22 that installs here.
 * - 1.139.1 (code-server 4.139.1, Node 24): the newest code-server on the npm registry.
 * `node` is the major version code-server's package.json `engines` asks for: its native
 * modules are built for, and it runs on, exactly that Node. `args`: more code-server arguments.
 * The workbench URL's `payload` (extensionDevelopmentPath, extensionTestsPath) loads ImageGen;
 * VS Code 1.139's built workbench honours it only with the smoke-test driver on
 * (`if (this.payload && (!this.isBuilt || this.enableSmokeTestDriver))` in
 * lib/vscode/out/vs/code/browser/workbench/workbench.js), which the VS Code server's
 * `--enable-smoke-test-driver` turns on and code-server 4.139 passes through `--vscode-option`.
 */
export const codeServers = [
	{ version: '4.103.2', vscode: '1.103.2', node: 22, args: [] },
	{ version: '4.139.1', vscode: '1.139.1', node: 24, args: ['--vscode-option', 'enable-smoke-test-driver'] },
];

/** The Node.js binary of a major version from .cache (see nodeReleases). */
export const nodeBinary = (major) => path.join(root, '.cache', `node${major}`, 'bin', 'node');

/** Where a code-server of `codeServers` is installed. */
export const codeServerPrefix = (cs) => path.join(root, '.cache', `code-server-${cs.version}`);
const codeServerEntry = (cs) => path.join(codeServerPrefix(cs), 'node_modules/code-server/out/node/entry.js');

/** A human label, also used for each run's closing `N passed, N failed` line. */
export const describeCodeServer = (cs) => `VS Code ${cs.vscode} (code-server ${cs.version}, Node ${cs.node})`;

/**
 * The code-servers a test script runs in: all of them, or those named by `--vscode`
 * (a VS Code or code-server version, or `floor` / `newest`; comma-separated).
 */
export function selectCodeServers(names) {
	if (!names) return codeServers;
	return names.split(',').map((name) => {
		const cs =
			name === 'floor' ? codeServers[0] :
			name === 'newest' ? codeServers.at(-1) :
			codeServers.find((c) => c.vscode === name || c.version === name);
		if (!cs) {
			throw new Error(`--vscode ${name}: not one of ${codeServers.map((c) => c.vscode).join(', ')} (or floor, newest, a code-server version)`);
		}
		return cs;
	});
}

/** Installs a code-server (its Node.js, the Debian packages around it) when it is missing. */
export function ensureCodeServer(cs, log = console.log) {
	if (fs.existsSync(codeServerEntry(cs)) && fs.existsSync(nodeBinary(cs.node))) return;
	log(`code-server ${cs.version} is not installed; running scripts/install-code-server.sh ${cs.version}`);
	const r = spawnSync('bash', [path.join(root, 'scripts/install-code-server.sh'), cs.version], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error('scripts/install-code-server.sh failed');
}

/**
 * Runs `script` (this very file, from a test script's import.meta.url) once per code-server in
 * `selected`, one after the other, each as `node script --vscode <version> ...args`; prints how
 * long each took and its result. Resolves to 0 when every run passed.
 */
export async function runInEach(selected, script, args) {
	const results = [];
	for (const cs of selected) {
		const started = Date.now();
		const code = await new Promise((resolve) => {
			const child = spawn(process.execPath, [fileURLToPath(script), '--vscode', cs.vscode, ...args], { stdio: 'inherit' });
			// A run stopped from outside stops its code-server too (the child cleans up on these).
			const forward = (signal) => child.kill(signal);
			process.on('SIGINT', forward).on('SIGTERM', forward);
			child.once('exit', (status, signal) => {
				process.off('SIGINT', forward).off('SIGTERM', forward);
				resolve(status ?? (signal ? 1 : 0));
			});
		});
		results.push({ cs, code, seconds: (Date.now() - started) / 1000 });
	}
	console.log('');
	for (const { cs, code, seconds } of results) {
		console.log(`${describeCodeServer(cs)}: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${seconds.toFixed(0)}s`);
	}
	return results.every((r) => r.code === 0) ? 0 : 1;
}

/** User settings for a quiet first start: no telemetry, welcome page, trust prompt or update check. */
export const quietUserSettings = {
	'telemetry.telemetryLevel': 'off',
	'workbench.startupEditor': 'none',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.settings.enableNaturalLanguageSearch': false,
	'security.workspace.trust.enabled': false,
	'security.workspace.trust.startupPrompt': 'never',
	'update.mode': 'none',
	'update.showReleaseNotes': false,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'git.enabled': false,
	'git.autoRepositoryDetection': false,
	'npm.autoDetect': 'off',
	'task.autoDetect': 'off',
	'typescript.tsc.autoDetect': 'off',
	'typescript.disableAutomaticTypeAcquisition': true,
	'editor.accessibilitySupport': 'off',
	'chat.commandCenter.enabled': false,
	// VS Code >= 1.104: no chat, agents or their background work (there is no model here anyway).
	'chat.disableAIFeatures': true,
	'window.commandCenter': false,
};

/** Writes `<userDataDir>/User/settings.json` unless it exists (or `overwrite`). */
export function writeUserSettings(userDataDir, settings, { overwrite = true } = {}) {
	writeSettingsFile(path.join(userDataDir, 'User', 'settings.json'), settings, overwrite);
}

function writeSettingsFile(file, settings, overwrite) {
	if (!overwrite && fs.existsSync(file)) return;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(settings, null, '\t') + '\n');
}

/**
 * Makes `locale` (e.g. `zh-cn`) a display language VS Code can resolve, for a run with
 * `startCodeServer({ locale })`. Without a language pack for it, VS Code falls back to English:
 * `vscode.env.language` is `en` and no extension's `l10n` bundle or `package.nls.<locale>.json`
 * is read. No language pack can be downloaded here, so this writes the one file VS Code reads to
 * find them, `<userDataDir>/languagepacks.json`, naming an empty translation of VS Code's own
 * strings: the workbench stays English (each missing message falls back to its English text), and
 * the extensions' own bundles are read in `locale`, which is what the tests check.
 */
export function registerEmptyLanguagePack(userDataDir, locale) {
	const translations = path.join(userDataDir, 'test-language-pack', `main.${locale}.i18n.json`);
	fs.mkdirSync(path.dirname(translations), { recursive: true });
	fs.writeFileSync(translations, JSON.stringify({ contents: {} }));
	const pack = {
		hash: `imagegen-test-${locale}`,
		extensions: [{ extensionIdentifier: { id: `imagegen-test.language-pack-${locale}` }, version: '0.0.0' }],
		translations: { vscode: translations },
		label: locale,
	};
	fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

/** Copies test/fixtures/workspace to `dest`. */
export function copyFixtureWorkspace(dest) {
	fs.cpSync(path.join(root, 'test/fixtures/workspace'), dest, { recursive: true });
}

/**
 * A multi-root workspace in `dir`: copies of test/fixtures/workspace (the first folder, which
 * most tests use) and test/fixtures/second, and `imagegen-tests.code-workspace` listing both.
 * Returns the path of the .code-workspace file.
 */
export function makeMultiRootWorkspace(dir) {
	copyFixtureWorkspace(path.join(dir, 'workspace'));
	fs.cpSync(path.join(root, 'test/fixtures/second'), path.join(dir, 'second'), { recursive: true });
	const file = path.join(dir, 'imagegen-tests.code-workspace');
	fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'workspace' }, { path: 'second' }], settings: {} }, null, '\t') + '\n');
	return file;
}

/**
 * The environment for code-server, which the extension host (and so the tests)
 * inherits: this process's environment plus `extra`, without the variables
 * that, inside a VS Code terminal, make code-server hand the folder over to
 * that VS Code instead of starting a server. No extension marketplace unless
 * EXTENSIONS_GALLERY is set: nothing is installed, no requests to open-vsx.org.
 */
export function codeServerEnv(extra = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
	}
	env.EXTENSIONS_GALLERY ??= JSON.stringify({ serviceUrl: '' });
	return { ...env, ...extra };
}

/**
 * Starts code-server on 127.0.0.1 (port 0: a free one) without authentication,
 * in its own process group. Resolves once it listens.
 * @param {object} o
 * @param {{ version: string, vscode: string, node: number, args: string[] }} o.codeServer  one of `codeServers`
 * @param {string} o.userDataDir
 * @param {string} o.extensionsDir
 * @param {string} o.configFile  code-server's YAML config; created empty if missing (else code-server would use, or write, ~/.config/code-server/config.yaml)
 * @param {number} [o.port]
 * @param {string} [o.locale]  display language, e.g. `zh-cn` (code-server's `--locale`)
 * @param {NodeJS.ProcessEnv} [o.env]
 * @param {(line: string) => void} [o.onLine]  each line code-server prints
 * @param {number} [o.startTimeoutMs]
 * @returns {Promise<{ origin: string, pid: number | undefined, exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void> }>}
 */
export function startCodeServer({ codeServer, userDataDir, extensionsDir, configFile, port = 0, locale, env = codeServerEnv(), onLine = () => {}, startTimeoutMs = 120_000 }) {
	fs.mkdirSync(userDataDir, { recursive: true });
	fs.mkdirSync(extensionsDir, { recursive: true });
	if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '');
	const args = [
		codeServerEntry(codeServer),
		'--config', configFile,
		'--bind-addr', `127.0.0.1:${port}`,
		'--auth', 'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--ignore-last-opened',
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		...codeServer.args,
		...(locale ? ['--locale', locale] : []),
	];
	// Its own process group, so that the extension host and pty host go with it.
	// On the Node.js its native modules were built for (not the one running this script).
	const child = spawn(nodeBinary(codeServer.node), args, { cwd: userDataDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		/** @param {NodeJS.Signals} signal */
		const kill = (signal) => {
			if (child.pid === undefined) return;
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		};
		kill('SIGTERM');
		const timer = setTimeout(() => kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	};

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			void stop();
			reject(new Error(`code-server did not listen within ${startTimeoutMs / 1000}s`));
		}, startTimeoutMs);
		const line = (text) => {
			if (!text.trim()) return;
			onLine(text);
			const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
			if (match) {
				clearTimeout(timer);
				resolve({ origin: match[1], pid: child.pid, exited, stop });
			}
		};
		for (const stream of [child.stdout, child.stderr]) {
			let rest = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk) => {
				const lines = (rest + chunk).split('\n');
				rest = lines.pop() ?? '';
				lines.forEach(line);
			});
		}
		void exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`code-server exited (code ${code}, signal ${signal})`));
		});
	});
}

/**
 * The workbench URL that opens `folder` with this repository loaded as the
 * extension under development, and runs `extensionTestsPath` when given.
 * Paths are on the code-server machine, so they become vscode-remote URIs.
 * @param {string} origin
 * @param {string} folder
 * @param {{ extensionDevelopmentPath?: string, extensionTestsPath?: string }} [options]
 */
export function workbenchUrl(origin, folder, { extensionDevelopmentPath = root, extensionTestsPath } = {}) {
	const remote = (p) => `vscode-remote://${new URL(origin).host}${p}`;
	const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
	if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
	const open = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
	return `${origin}/?${open}=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Chromium switches for headless runs: WebGL2 through SwiftShader, no background traffic. */
export const chromiumArgs = [
	'--no-sandbox',
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader',
	'--ignore-gpu-blocklist',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	'--no-default-browser-check',
];

/** Installs Node.js `major` (nodeReleases) into .cache when it is missing; returns its binary. */
export function ensureNode(major, log = console.log) {
	const binary = nodeBinary(major);
	if (fs.existsSync(binary)) return binary;
	log(`Node.js ${major} is not in .cache; running scripts/install-node.sh ${major}`);
	const r = spawnSync('bash', [path.join(root, 'scripts/install-node.sh'), String(major)], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error('scripts/install-node.sh failed');
	return binary;
}
