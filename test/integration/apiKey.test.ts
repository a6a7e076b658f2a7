import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OpenAIWireServer } from '../support/openaiWireServer';
import { generate, openFreshDocument, select, waitFor, workspaceRoot } from './helpers';

describe('OpenAI key and endpoint', () => {
	const key = 'sk-test-secret-key-that-must-never-leak-42';

	const cleanups: (() => Thenable<void>)[] = [];

	afterEach(async () => {
		for (const c of cleanups.splice(0)) {
			await c();
		}
		await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('openai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config.update('engine', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('stores the key in SecretStorage, uses it, clears it, and never writes it to a settings file', async () => {
		const server = new OpenAIWireServer();
		server.apiKey = key;
		await server.start();
		try {
			await vscode.workspace.getConfiguration('imagegen').update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
			await vscode.workspace.getConfiguration('imagegen').update('engine', 'openai', vscode.ConfigurationTarget.Global);
			assert.equal(await vscode.commands.executeCommand('imagegen.setOpenAIKey', key), true);
			const editor = await openFreshDocument('a key under a doormat\n');
			select(editor, 'a key under a doormat');
			const outcome = await generate();
			assert.equal(outcome?.error, undefined, outcome?.error?.message);
			assert.equal(server.requests[0].authorization, `Bearer ${key}`);

			// User settings, and (in a remote window such as code-server) the remote machine's settings,
			// where machine-scoped settings are written. Read as files where the harness names the user-data
			// folder (code-server); otherwise opened through the workbench's own commands.
			const settingsTexts = await settingsFileTexts();
			for (const text of settingsTexts) {
				assert.ok(!text.includes(key), 'the key is in no settings file');
			}
			assert.ok(settingsTexts.some((t) => t.includes('"imagegen.engine": "openai"')), `these are the settings files the tests wrote to: ${JSON.stringify(settingsTexts)}`);
			const workspaceSettings = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
			try {
				assert.ok(!Buffer.from(await vscode.workspace.fs.readFile(workspaceSettings)).toString('utf8').includes(key));
			} catch (err) {
				assert.ok(err instanceof vscode.FileSystemError, String(err));
			}

			await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
			// Back to the note, by its URI: opening the settings files may have closed its editor (seen in CI).
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
			select(await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(editor.document.uri)), 'a key under a doormat');
			const after = await generate();
			assert.match(after?.error?.message ?? '', process.env.OPENAI_API_KEY ? /./ : /No OpenAI API key is set/);
			assert.deepEqual(after?.error?.actions, ['Set API Key']);
			assert.equal(server.requests.length, 1, 'no request without a key');
		} finally {
			await server.stop();
		}
	});

	it('ignores an endpoint set in the workspace settings: a repository cannot redirect the key', async () => {
		const trusted = new OpenAIWireServer();
		const hostile = new OpenAIWireServer();
		await trusted.start();
		await hostile.start();
		hostile.apiKey = trusted.apiKey;
		try {
			const config = vscode.workspace.getConfiguration('imagegen');
			await config.update('openai.baseUrl', trusted.baseUrl, vscode.ConfigurationTarget.Global);
			// What a cloned repository would carry. VS Code refuses to write a machine-scoped setting
			// there through the API, so the file is written as a repository would ship it.
			const settingsFile = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
			await vscode.workspace.fs.writeFile(settingsFile, Buffer.from(JSON.stringify({ 'imagegen.openai.baseUrl': hostile.baseUrl, 'imagegen.linkTemplate': 'loaded' }), 'utf8'));
			cleanups.push(() => vscode.workspace.fs.delete(settingsFile));
			await waitFor('the folder settings to load', () => vscode.workspace.getConfiguration('imagegen', workspaceRoot()).get('linkTemplate') === 'loaded');
			await vscode.workspace.getConfiguration('imagegen').update('engine', 'openai', vscode.ConfigurationTarget.Global);

			await vscode.commands.executeCommand('imagegen.setOpenAIKey', trusted.apiKey);
			const outcome = await generate({ prompt: 'a compass' });
			assert.equal(outcome?.error, undefined, outcome?.error?.message);
			assert.equal(trusted.requests.length, 1);
			assert.equal(hostile.requests.length, 0, 'the workspace endpoint never saw the key');
		} finally {
			await trusted.stop();
			await hostile.stop();
		}
	});
});

/** The text of the User and remote Machine settings files. */
async function settingsFileTexts(): Promise<string[]> {
	const userData = process.env.IMAGEGEN_TEST_USER_DATA;
	if (userData) {
		const texts: string[] = [];
		for (const file of [['User', 'settings.json'], ['Machine', 'settings.json']]) {
			try {
				texts.push(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.file(userData), ...file))).toString('utf8'));
			} catch (err) {
				assert.ok(err instanceof vscode.FileSystemError, String(err));
			}
		}
		return texts;
	}
	const texts: string[] = [];
	for (const command of ['workbench.action.openSettingsJson', 'workbench.action.openRemoteSettingsFile']) {
		await vscode.commands.executeCommand(command);
		const doc = vscode.window.activeTextEditor?.document;
		assert.ok(doc && doc.fileName.endsWith('settings.json'), `${command} opened a settings.json`);
		texts.push(doc.getText());
	}
	return texts;
}
