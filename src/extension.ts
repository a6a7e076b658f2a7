import * as vscode from 'vscode';
import { registerApiKeyCommands, registerAzureKeyCommands } from './commands/apiKey';
import { registerChooseModel } from './commands/chooseModel';
import { editImageCommand, registerEditImage, type EditImageArgs } from './commands/editImage';
import { registerFirstImage } from './commands/firstImage';
import { registerGenerateImage } from './commands/generateImage';
import { registerRegenerateImage } from './commands/regenerateImage';
import { Generator } from './jobs/generate';
import { Jobs } from './jobs/jobs';
import { PreviewActions } from './jobs/previewActions';
import { readSettings } from './config';
import { registerImageHover } from './languageFeatures/imageHover';
import { Log } from './log';
import { HistoryStore, historyMessage, picturesFor } from './preview/historyStore';
import { PreviewPanel } from './preview/previewPanel';
import { EndpointSettingsGuard, machineSettingsUri } from './providers/endpointSettings';
import { webviewStrings } from './preview/strings';
import { ApiKeyStore } from './providers/apiKeyStore';
import { AzureKeyStore } from './providers/azureKeyStore';
import { EngineRegistry } from './providers/engineRegistry';
import { GanEngine } from './providers/ganEngine';
import { OpenAIEngine } from './providers/openaiEngine';
import { registerImageTools } from './tools';
import { registerHistoryTestHooks } from './commands/historyTestHooks';

/** Wiring only: every piece registers itself and is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): void {
	const log = new Log();
	const keys = new ApiKeyStore(context.secrets);
	const history = new HistoryStore(context.workspaceState);
	const panel = new PreviewPanel(context.extensionUri, {
		initMessage: (webview) => ({
			type: 'init',
			strings: webviewStrings(),
			ganModelBase: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'gan')).toString(),
			wasmBase: `${webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist')).toString()}/`,
			// The webview's test hooks (backend switch, WebGL context loss) for the e2e tests, which run the extension under development.
			testHooks: context.extensionMode !== vscode.ExtensionMode.Production,
		}),
		historyMessage: () => historyMessage(history),
		pictures: (files) => picturesFor(history, files),
		// Messages arrive only after activate() returned, when `actions` exists.
		onAction: (m) => void actions.run(m.action, m.entryId, m.imageIndex),
	});
	const azureKeys = new AzureKeyStore(context.secrets);
	const openai = new OpenAIEngine(keys, log, azureKeys, new EndpointSettingsGuard(machineSettingsUri(context.globalStorageUri)));
	const engines = new EngineRegistry(keys, openai, new GanEngine(panel));
	const jobs = new Jobs(panel, log);
	const rescueFolder = vscode.Uri.joinPath(context.globalStorageUri, 'images');
	const testMode = context.extensionMode === vscode.ExtensionMode.Test;
	const jobServices = { log, workspaceState: context.workspaceState, rescueFolder, history, jobs };
	const generator = new Generator({ ...jobServices, engines, testMode });
	const editServices = { ...jobServices, editor: openai };
	const actions = new PreviewActions(generator, jobs, history, panel, (file) => vscode.commands.executeCommand(editImageCommand, { file } satisfies EditImageArgs));
	const openaiKey = async () => {
		const azure = readSettings().azure;
		return azure.endpoint ? { present: await azureKeys.has(), azure: azure.deployment ?? '' } : { present: await keys.has() };
	};

	context.subscriptions.push(
		log,
		keys,
		panel,
		jobs,
		jobs.register(),
		actions,
		registerGenerateImage(generator),
		registerApiKeyCommands(keys),
		azureKeys,
		registerAzureKeyCommands(azureKeys),
		registerRegenerateImage(generator, history),
		registerEditImage(editServices),
		registerImageTools({ generator, edit: editServices, openaiKey, offline: true }, context.extensionMode),
		registerImageHover(history),
		registerFirstImage(),
		registerChooseModel(openai),
		vscode.commands.registerCommand('imagegen.openPreview', () => panel.show(false)),
		vscode.commands.registerCommand('imagegen.showLog', () => log.show()),
	);
	if (testMode) {
		// Test hook (the panel's tensor count and backend): never registered for users.
		context.subscriptions.push(
			vscode.commands.registerCommand('imagegen.previewDiagnostics', (options?: { scroll?: 'end' | 'top' }) => panel.diagnostics(options?.scroll === 'end' || options?.scroll === 'top' ? options.scroll : undefined)),
			...registerHistoryTestHooks(history, context.workspaceState),
			vscode.commands.registerCommand('imagegen.test.previewLoadFaults', (loads: unknown, timeoutMs?: unknown) => {
				if (typeof loads !== 'number' || (timeoutMs !== undefined && typeof timeoutMs !== 'number')) {
					throw new Error('imagegen.test.previewLoadFaults takes the number of broken page loads and, optionally, the wait for ready in ms');
				}
				panel.simulateLoadFaults(loads, timeoutMs);
			}),
		);
	}
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}
