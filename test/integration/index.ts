// Mocha runner loaded by VS Code's extension host (`extensionTestsPath`), both
// under code-server (scripts/test-code-server.mjs) and under
// @vscode/test-electron (test/runElectron.ts). VS Code calls `run()` and exits
// with 0 when it resolves, 1 when it rejects.
//
// Output: the spec reporter writes through `console.log`, which the extension
// host forwards to the workbench (the browser page's console under code-server,
// the terminal under test-electron); `process.stdout` is not forwarded there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Every `*.test.js` below this folder, in a stable order. */
function findTestFiles(root: string): string[] {
	return fs
		.readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.test.js'))
		.map((file) => path.join(root, file))
		.sort();
}

export async function run(): Promise<void> {
	console.log(`ImageGen integration tests in VS Code ${vscode.version}`);

	const grep = process.env.MOCHA_GREP || undefined;
	const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, grep });
	for (const file of findTestFiles(__dirname)) {
		mocha.addFile(file);
	}
	if (grep) {
		console.log(`Only tests matching /${grep}/`);
	}

	await mocha.loadFilesAsync();
	const { passes, failures } = await new Promise<{ passes: number; failures: number }>((resolve, reject) => {
		try {
			const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
		} catch (err) {
			reject(err);
		}
	});
	console.log(`${passes} passed, ${failures} failed`);
	if (failures > 0) {
		throw new Error(`${failures} integration test(s) failed`);
	}
}
