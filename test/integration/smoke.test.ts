import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('smoke', () => {
	it('runs inside the VS Code the harness started, on the Node.js the openai SDK needs', () => {
		// scripts/test-code-server.mjs names the version it started (the floor, 1.103, or the newest).
		const expected = process.env.IMAGEGEN_EXPECT_VSCODE;
		if (expected) {
			assert.equal(vscode.version, expected);
		}
		const [major, minor] = vscode.version.split('.').map(Number);
		assert.ok(major > 1 || minor >= 103, `VS Code ${vscode.version} is older than engines.vscode ^1.103.0`);
		// openai 7 declares engines.node >= 22; VS Code 1.101 was the first whose extension host runs it.
		assert.ok(Number(process.versions.node.split('.')[0]) >= 22, `the extension host runs Node.js ${process.versions.node}`);
	});

	it('has the ImageGen extension, which activates', async () => {
		const extension = vscode.extensions.getExtension('imagegen.imagegen');
		assert.ok(extension, 'extension imagegen.imagegen not found');
		await extension.activate();
		assert.equal(extension.isActive, true);
	});

	it('opened the fixture workspace', async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'no workspace folder open');
		const readme = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'README.md'));
		assert.match(Buffer.from(readme).toString('utf8'), /ImageGen fixture workspace/);
	});
});
