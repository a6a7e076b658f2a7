#!/usr/bin/env node
// Opens VS Code with ImageGen loaded from this repository (extension
// development mode) and a sample workspace. `npm start` builds first.
//
//   node scripts/launch.mjs [--code-server] [--vscode <version>] [--port <n>]
//     --code-server       use the local code-server even when `code` is on PATH
//     --vscode <version>  which of the project's code-servers (scripts/lib/codeServer.mjs):
//                         newest (the default), floor, or a VS Code version
//     --port <n>          code-server's port on 127.0.0.1 (default: a free one)
//
// With the desktop `code` on PATH it runs
// `code --extensionDevelopmentPath=<repo> .cache/sample-workspace` and returns.
// Otherwise it starts the newest code-server the tests use (4.139.1, VS Code 1.139.1,
// on Node 24) from .cache/code-server-<version> (installing it and its Node.js from
// the npm registry when missing) on 127.0.0.1 without a password, prints the URL to open and
// runs until Ctrl-C. The sample workspace is a copy of test/fixtures/workspace,
// made once and then kept with your changes; code-server's settings and state
// stay in .cache/launch/ between runs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
	codeServerEnv,
	copyFixtureWorkspace,
	describeCodeServer,
	ensureCodeServer,
	quietUserSettings,
	root,
	selectCodeServers,
	startCodeServer,
	workbenchUrl,
	writeUserSettings,
} from './lib/codeServer.mjs';

const { values: options } = parseArgs({
	options: {
		'code-server': { type: 'boolean', default: false },
		vscode: { type: 'string', default: 'newest' },
		port: { type: 'string', default: '0' },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (options.help) {
	console.log('usage: node scripts/launch.mjs [--code-server] [--vscode <version>] [--port <n>]');
	process.exit(0);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`--port: not a port number: ${options.port}`);
	process.exit(2);
}

const sampleWorkspace = path.join(root, '.cache/sample-workspace');
const stateDir = path.join(root, '.cache/launch');

if (!fs.existsSync(path.join(root, 'dist/extension.js'))) {
	console.error('dist/extension.js is missing: run `npm start` (or `npm run build` first)');
	process.exit(1);
}
if (!fs.existsSync(sampleWorkspace)) {
	copyFixtureWorkspace(sampleWorkspace);
	console.log(`Sample workspace: ${path.relative(root, sampleWorkspace)} (a copy of test/fixtures/workspace)`);
}

/** `code --version`'s first line when the VS Code CLI is on PATH (and wanted). */
function desktopCodeVersion() {
	if (options['code-server']) return undefined;
	const r = spawnSync('code', ['--version'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

const codeVersion = desktopCodeVersion();
if (codeVersion) {
	console.log(`Opening VS Code ${codeVersion} with ImageGen from ${root}`);
	const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, sampleWorkspace], { stdio: 'inherit' });
	child.on('exit', (status) => process.exit(status ?? 1));
} else {
	const [codeServer] = selectCodeServers(options.vscode);
	ensureCodeServer(codeServer);
	// Quiet defaults for the first start only; later changes are yours.
	writeUserSettings(path.join(stateDir, 'user-data'), quietUserSettings, { overwrite: false });
	const server = await startCodeServer({
		codeServer,
		userDataDir: path.join(stateDir, 'user-data'),
		extensionsDir: path.join(stateDir, 'extensions'),
		configFile: path.join(stateDir, 'code-server.yaml'),
		port,
		env: codeServerEnv(),
		onLine: (line) => console.log(`[code-server] ${line}`),
	});
	const url = workbenchUrl(server.origin, sampleWorkspace);
	await new Promise((resolve) => setTimeout(resolve, 300)); // after code-server's start-up lines
	console.log(`
ImageGen is loaded from ${root} (extension development mode) in ${describeCodeServer(codeServer)}.
Open this URL in a browser on this machine (code-server listens on 127.0.0.1 only, without a password):

  ${url}

Press Ctrl-C to stop. After changing the code, run \`npm run build\` and reload the window.
`);
	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping code-server`);
		await server.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	const { code: status, signal } = await server.exited;
	if (!stopping) {
		console.error(`code-server exited (code ${status}, signal ${signal})`);
		process.exit(1);
	}
}
