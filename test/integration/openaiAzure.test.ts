import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OpenAIWireServer } from '../support/openaiWireServer';
import { generate, startOpenAI, stopOpenAI, waitFor, workspaceRoot } from './helpers';

/** Azure OpenAI as the OpenAI engine's endpoint: user settings only, its own key in SecretStorage. */
describe('OpenAI engine with Azure OpenAI', () => {
	let openai: OpenAIWireServer;
	let azure: OpenAIWireServer;
	const config = () => vscode.workspace.getConfiguration('imagegen');

	before(async () => {
		openai = await startOpenAI();
		azure = new OpenAIWireServer();
		azure.apiKey = 'azure-key-0123456789abcdef';
		await azure.start();
	});
	after(async () => {
		for (const key of ['azure.endpoint', 'azure.deployment', 'azure.apiVersion']) {
			await config().update(key, undefined, vscode.ConfigurationTarget.Global);
		}
		await vscode.commands.executeCommand('imagegen.clearAzureKey');
		await azure.stop();
		await stopOpenAI(openai);
	});
	beforeEach(() => {
		openai.reset();
		azure.reset();
	});

	it("sends requests to Microsoft's v1 API by default: the resource's key, the deployment as the model", async () => {
		await config().update('azure.endpoint', azure.origin, vscode.ConfigurationTarget.Global);
		await config().update('azure.deployment', 'images-prod', vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('imagegen.setAzureKey', azure.apiKey);
		try {
			const outcome = await generate({ prompt: 'a lighthouse on Azure' });
			assert.equal(outcome?.error, undefined, outcome?.error?.message);
			assert.equal(outcome?.files.length, 1);
			assert.equal(openai.requests.length, 0);
			const req = azure.requests[0];
			assert.equal(req.path, '/openai/v1/images/generations');
			assert.deepEqual(req.query, {}, 'no api-version on the v1 API');
			assert.equal(req.authorization, `Bearer ${azure.apiKey}`);
			assert.equal((req.body as { model?: string }).model, 'images-prod');
			assert.ok(!JSON.stringify(config()).includes(azure.apiKey), 'the key is in no setting');
		} finally {
			await config().update('azure.endpoint', undefined, vscode.ConfigurationTarget.Global);
			await config().update('azure.deployment', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('sends requests to the deployment with the api-version when a dated version is set', async () => {
		await config().update('azure.endpoint', azure.origin, vscode.ConfigurationTarget.Global);
		await config().update('azure.deployment', 'images-prod', vscode.ConfigurationTarget.Global);
		await config().update('azure.apiVersion', '2025-04-01-preview', vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('imagegen.setAzureKey', azure.apiKey);
		try {
			const outcome = await generate({ prompt: 'a lighthouse on Azure' });
			assert.equal(outcome?.error, undefined, outcome?.error?.message);
			const req = azure.requests[0];
			assert.equal(req.path, '/openai/deployments/images-prod/images/generations');
			assert.equal(req.query['api-version'], '2025-04-01-preview');
			assert.equal(req.headers['api-key'], azure.apiKey);
			assert.equal(req.authorization, undefined);
		} finally {
			for (const key of ['azure.endpoint', 'azure.deployment', 'azure.apiVersion']) {
				await config().update(key, undefined, vscode.ConfigurationTarget.Global);
			}
		}
	});

	it('asks for the Azure key, and for the deployment, before sending anything', async () => {
		await vscode.commands.executeCommand('imagegen.clearAzureKey');
		await config().update('azure.endpoint', azure.origin, vscode.ConfigurationTarget.Global);
		try {
			const noDeployment = await generate({ prompt: 'x' });
			assert.match(noDeployment?.error?.message ?? '', /Set imagegen\.azure\.deployment/);
			await config().update('azure.deployment', 'images-prod', vscode.ConfigurationTarget.Global);
			const noKey = await generate({ prompt: 'x' });
			assert.match(noKey?.error?.message ?? '', /No Azure OpenAI API key is set/);
			assert.deepEqual(noKey?.error?.actions, ['Set Azure Key']);
			assert.equal(azure.requests.length + openai.requests.length, 0);
		} finally {
			await config().update('azure.endpoint', undefined, vscode.ConfigurationTarget.Global);
			await config().update('azure.deployment', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('ignores an Azure endpoint set in the workspace settings: a repository cannot redirect the key', async () => {
		await vscode.commands.executeCommand('imagegen.setAzureKey', azure.apiKey);
		const settingsFile = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
		// As a cloned repository would ship it (VS Code refuses to write machine-scoped settings there).
		await vscode.workspace.fs.writeFile(
			settingsFile,
			Buffer.from(JSON.stringify({ 'imagegen.azure.endpoint': azure.origin, 'imagegen.azure.deployment': 'stolen', 'imagegen.linkTemplate': 'loaded-azure' }), 'utf8'),
		);
		try {
			await waitFor('the folder settings to load', () => vscode.workspace.getConfiguration('imagegen', workspaceRoot()).get('linkTemplate') === 'loaded-azure');
			const outcome = await generate({ prompt: 'a compass rose' });
			assert.equal(outcome?.error, undefined, outcome?.error?.message);
			assert.equal(openai.requests.length, 1, 'the request went to the user-configured endpoint');
			assert.equal(azure.requests.length, 0, 'the workspace Azure endpoint never saw a key');
		} finally {
			await vscode.workspace.fs.delete(settingsFile);
		}
	});
});
