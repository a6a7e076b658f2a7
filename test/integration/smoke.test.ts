import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('smoke', () => {
	it('runs inside VS Code 1.100', () => {
		assert.match(vscode.version, /^1\.100\./);
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
