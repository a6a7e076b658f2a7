// Starting the project's code-server (installed by scripts/install-code-server.sh
// into .cache/code-server) with this repository as the extension under
// development. Shared by scripts/test-code-server.mjs and scripts/launch.mjs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const codeServerEntry = path.join(root, '.cache/code-server/node_modules/code-server/out/node/entry.js');

/** Installs code-server (and the Debian packages around it) when it is missing. */
export function ensureCodeServer(log = console.log) {
	if (fs.existsSync(codeServerEntry)) return;
	log('code-server is not installed; running scripts/install-code-server.sh');
	const r = spawnSync('bash', [path.join(root, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error('scripts/install-code-server.sh failed');
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
	'window.commandCenter': false,
};

/** Writes `<userDataDir>/User/settings.json` unless it exists (or `overwrite`). */
export function writeUserSettings(userDataDir, settings, { overwrite = true } = {}) {
	const file = path.join(userDataDir, 'User', 'settings.json');
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
 * @param {string} o.userDataDir
 * @param {string} o.extensionsDir
 * @param {string} o.configFile  code-server's YAML config; created empty if missing (else code-server would use, or write, ~/.config/code-server/config.yaml)
 * @param {number} [o.port]
 * @param {string} [o.locale]  display language, e.g. `zh-cn` (code-server's `--locale`)
 * @param {NodeJS.ProcessEnv} [o.env]
 * @param {(line: string) => void} [o.onLine]  each line code-server prints
 * @param {number} [o.startTimeoutMs]
 * @returns {Promise<{ origin: string, pid: number, exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void> }>}
 */
export function startCodeServer({ userDataDir, extensionsDir, configFile, port = 0, locale, env = codeServerEnv(), onLine = () => {}, startTimeoutMs = 120_000 }) {
	fs.mkdirSync(userDataDir, { recursive: true });
	fs.mkdirSync(extensionsDir, { recursive: true });
	if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '');
	const args = [
		codeServerEntry,
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
		...(locale ? ['--locale', locale] : []),
	];
	// Its own process group, so that the extension host and pty host go with it.
	const child = spawn(process.execPath, args, { cwd: userDataDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const kill = (signal) => {
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
				rest = lines.pop();
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
