import * as vscode from 'vscode';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerGenerateImage } from './commands/generateImage';
import { Log } from './log';
import { ApiKeyStore } from './providers/apiKeyStore';
import { EngineRegistry } from './providers/engineRegistry';
import { OpenAIEngine } from './providers/openaiEngine';

/** Wiring only: every piece registers itself and is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): void {
	const log = new Log();
	const keys = new ApiKeyStore(context.secrets);
	const engines = new EngineRegistry(keys, new OpenAIEngine(keys, log), undefined);

	context.subscriptions.push(
		log,
		keys,
		registerApiKeyCommands(keys),
		registerGenerateImage({ engines, log, workspaceState: context.workspaceState, rescueFolder: vscode.Uri.joinPath(context.globalStorageUri, 'images') }),
		vscode.commands.registerCommand('imagegen.showLog', () => log.show()),
	);
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}
