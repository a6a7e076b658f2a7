import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChooseModelOutcome } from '../../src/commands/chooseModel';
import { defaultModel } from '../../src/core/modelCatalogue';
import type { OpenAIWireServer } from '../support/openaiWireServer';
import { sleep, startOpenAI, stopOpenAI, waitFor } from './helpers';

/** Choose Image Model…: the key's models from GET /v1/models, annotated, the choice in the User settings. */
describe('Choose Image Model…', () => {
	let server: OpenAIWireServer;
	const config = () => vscode.workspace.getConfiguration('imagegen');

	before(async () => {
		server = await startOpenAI();
	});
	after(async () => {
		await config().update('openai.model', undefined, vscode.ConfigurationTarget.Global);
		await stopOpenAI(server);
	});
	beforeEach(() => server.reset());

	/** Runs the command; once its list has loaded, moves down `down` rows from the active one and accepts (or dismisses). */
	async function choose(down: number | 'dismiss'): Promise<ChooseModelOutcome | undefined> {
		const before = server.requests.length;
		const running = vscode.commands.executeCommand<ChooseModelOutcome | undefined>('imagegen.chooseModel');
		await waitFor('the model list to be asked for', () => server.requests.length > before);
		// The items are set right after the answer arrives.
		await sleep(500);
		if (down === 'dismiss') {
			await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		} else {
			for (let i = 0; i < down; i++) {
				await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
			}
			await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		}
		return running;
	}

	it("offers the key's image models, annotated, and writes the one picked to the User settings", async () => {
		server.listedModels = ['gpt-5.1', 'gpt-image-2', 'dall-e-3', 'text-embedding-3-small', 'gpt-image-9-preview', 'gpt-image-2.6-sunburst'];
		await config().update('openai.model', 'gpt-image-2.6-sunburst', vscode.ConfigurationTarget.Global);
		const outcome = await choose(1);
		const listing = server.requests.find((r) => r.path === '/v1/models');
		assert.equal(listing?.method, 'GET');
		assert.equal(listing?.authorization, `Bearer ${server.apiKey}`, 'asked with the stored key, at the configured endpoint');
		assert.equal(outcome?.fromList, true);
		assert.deepEqual(outcome?.offered, [
			{ id: 'gpt-image-2.6-sunburst', status: 'current' },
			{ id: 'gpt-image-2', status: 'current' },
			{ id: 'gpt-image-9-preview', status: 'unknown' },
			{ id: 'dall-e-3', status: 'retired' },
		]);
		// The model in use is the active row; one down is gpt-image-2.
		assert.equal(outcome?.chosen, 'gpt-image-2');
		assert.equal(config().inspect('openai.model')?.globalValue, 'gpt-image-2');
	});

	it('leaves the setting alone when the pick is dismissed', async () => {
		await config().update('openai.model', 'gpt-image-2', vscode.ConfigurationTarget.Global);
		const outcome = await choose('dismiss');
		assert.equal(outcome?.chosen, undefined);
		assert.equal(config().inspect('openai.model')?.globalValue, 'gpt-image-2');
	});

	it("offers the catalogue's current models, with the reason, when the listing fails", async () => {
		server.enqueue({ kind: 'error', status: 500, type: 'server_error', message: 'The server had an error while processing your request.' });
		await config().update('openai.model', undefined, vscode.ConfigurationTarget.Global);
		const outcome = await choose(0);
		assert.equal(outcome?.fromList, false);
		assert.equal(outcome?.offered[0].id, defaultModel);
		assert.ok(outcome?.offered.every((o) => o.status === 'current'));
		assert.equal(outcome?.chosen, defaultModel, 'the active row is the model in use (the default)');
	});
});
