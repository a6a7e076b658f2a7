// Runs the integration suite (test/integration) in a desktop VS Code 1.103.2 (the floor, engines.vscode)
// that @vscode/test-electron downloads into .cache/vscode-test/. Needs a display
// (or xvfb-run) and internet access; `npm run test:electron` builds first.
// On machines without either, `npm run test:integration` runs the same suite
// in code-server.
//
//   npm run test:electron
//   MOCHA_GREP=smoke npm run test:electron     only the matching tests
//
// Every environment variable set here reaches the tests (the extension host
// inherits this process's environment).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const VSCODE_VERSION = '1.103.2';

async function main(): Promise<void> {
	// out/test/runElectron.js -> the repository root
	const root = path.resolve(__dirname, '..', '..');
	const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-electron-'));
	fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
	try {
		await runTests({
			version: VSCODE_VERSION,
			cachePath: path.join(root, '.cache', 'vscode-test'),
			extensionDevelopmentPath: root,
			extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
			launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
		});
	} finally {
		fs.rmSync(workspace, { recursive: true, force: true });
	}
}

main().catch((err: unknown) => {
	console.error('Integration tests failed:', err instanceof Error ? err.message : err);
	process.exit(1);
});
