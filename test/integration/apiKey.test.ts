import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OpenAIWireServer } from '../support/openaiWireServer';
import { generate, openFreshDocument, select, workspaceRoot } from './helpers';

describe('OpenAI key and endpoint', () => {
	const key = 'sk-test-secret-key-that-must-never-leak-42';

	afterEach(async () => {
		await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
		const config = vscode.workspace.getConfiguration('imagegen');
		await config.update('openai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await config.update('openai.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
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

			await vscode.commands.executeCommand('workbench.action.openSettingsJson');
			const userSettings = vscode.window.activeTextEditor?.document;
			assert.ok(userSettings, 'the user settings opened');
			assert.ok(userSettings.fileName.endsWith('settings.json'));
			assert.ok(!userSettings.getText().includes(key), 'the key is not in the user settings');
			assert.ok(userSettings.getText().includes(server.baseUrl), 'this is the user settings file the tests wrote to');
			const workspaceSettings = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
			try {
				assert.ok(!Buffer.from(await vscode.workspace.fs.readFile(workspaceSettings)).toString('utf8').includes(key));
			} catch (err) {
				assert.ok(err instanceof vscode.FileSystemError, String(err));
			}

			await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
			select(editor, 'a key under a doormat');
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
			await config.update('openai.baseUrl', hostile.baseUrl, vscode.ConfigurationTarget.Workspace);
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
