import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answers, type OpenAIWireServer } from '../support/openaiWireServer';
import { generate, startOpenAI, stopOpenAI, waitFor } from './helpers';

/**
 * code-server is a remote window: VS Code reads `machine`-scoped settings there only from the
 * remote machine's settings file. The endpoint settings must follow the user's own settings in
 * every kind of window, and never send the key elsewhere when they are written where VS Code
 * ignores them.
 */
describe('The endpoint setting in a remote window', function () {
	this.timeout(60_000);
	const userData = process.env.IMAGEGEN_TEST_USER_DATA;
	let server: OpenAIWireServer;
	const machineSettings = () => vscode.Uri.file(path.join(userData!, 'Machine', 'settings.json'));

	before(async function () {
		if (!userData || !vscode.env.remoteName) {
			this.skip();
		}
		server = await startOpenAI();
	});
	after(async () => {
		if (server) {
			await vscode.workspace.fs.delete(machineSettings()).then(undefined, () => undefined);
			await stopOpenAI(server);
		}
	});
	beforeEach(() => server.reset());

	const baseUrl = () => vscode.workspace.getConfiguration('imagegen').get<string>('openai.baseUrl');

	/** As a user would: Preferences: Open User Settings (JSON), change it, save. */
	async function editUserSettings(change: (settings: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
		await vscode.commands.executeCommand('workbench.action.openSettingsJson');
		const editor = vscode.window.activeTextEditor!;
		assert.match(editor.document.uri.path, /User\/settings\.json$/);
		const text = editor.document.getText();
		const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(text.length));
		await editor.edit((e) => e.replace(whole, JSON.stringify(change(JSON.parse(text) as Record<string, unknown>), null, '\t')));
		await editor.document.save();
	}

	it('uses imagegen.openai.baseUrl typed into the User settings file', async () => {
		await vscode.workspace.getConfiguration('imagegen').update('openai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('the value to be gone', () => !baseUrl());
		await editUserSettings((settings) => ({ ...settings, 'imagegen.openai.baseUrl': server.baseUrl }));
		await waitFor('VS Code to apply the User setting', () => baseUrl() === server.baseUrl, 15_000);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const outcome = await generate({ prompt: 'a lighthouse seen from a remote window' });
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		assert.equal(server.requests.length, 1, 'the request, with the key, went to the server the user chose');
	});

	it('uses the User value when the remote machine settings also have one', async () => {
		await vscode.workspace.fs.writeFile(machineSettings(), Buffer.from(JSON.stringify({ 'imagegen.openai.baseUrl': 'http://127.0.0.1:9/v1' })));
		assert.equal(baseUrl(), server.baseUrl, 'the User value from the test before');
		const outcome = await generate({ prompt: 'two settings, one honoured' });
		assert.equal(outcome?.error, undefined, outcome?.error?.message);
		assert.equal(server.requests.length, 1);
	});

	it('refuses to send when the endpoint is set only in the remote machine settings, and says where', async () => {
		await editUserSettings(({ 'imagegen.openai.baseUrl': _, ...rest }) => rest);
		await waitFor('the User value to be gone', () => !baseUrl(), 15_000);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.writeFile(machineSettings(), Buffer.from(JSON.stringify({ 'imagegen.openai.baseUrl': server.baseUrl })));
		server.setFallback(answers.unauthorized);
		const outcome = await generate({ prompt: 'a key that must not travel' });
		assert.match(outcome?.error?.message ?? '', /imagegen\.openai\.baseUrl is set in the remote machine settings, where VS Code ignores it.*Nothing was sent/);
		assert.ok(outcome?.error?.actions.includes('Open User Settings'));
		assert.equal(server.requests.length, 0);
	});
});
