import * as vscode from 'vscode';
import { SecretKeyStore, validateKeyInput } from './apiKeyStore';

export const setAzureKeyCommand = 'imagegen.setAzureKey';
export const clearAzureKeyCommand = 'imagegen.clearAzureKey';

/**
 * The Azure OpenAI key, in SecretStorage under its own name (never the OpenAI key's, never in
 * settings or logs). Used when `imagegen.azure.endpoint` is set in the user settings.
 */
export class AzureKeyStore extends SecretKeyStore {
	constructor(secrets: vscode.SecretStorage) {
		super(secrets, 'imagegen.azure.apiKey', 'imagegen.hasAzureKey');
	}
}

/** Set / Clear Azure OpenAI API Key. */
export function registerAzureKeyCommands(keys: AzureKeyStore): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(setAzureKeyCommand, async (key?: unknown) => {
			// A key passed as an argument (tests, other extensions) skips the box.
			const value =
				typeof key === 'string'
					? key
					: await vscode.window.showInputBox({
							title: vscode.l10n.t('Set Azure OpenAI API Key'),
							prompt: vscode.l10n.t('Stored in your system keychain through VS Code SecretStorage; never in settings.'),
							password: true,
							ignoreFocusOut: true,
							validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter the key of your Azure OpenAI resource.') : validateKeyInput(v)),
						});
			if (value === undefined || value.trim().length === 0 || validateKeyInput(value)) {
				return false;
			}
			await keys.set(value.trim());
			void vscode.window.showInformationMessage(vscode.l10n.t('Azure OpenAI API key saved.'));
			return true;
		}),
		vscode.commands.registerCommand(clearAzureKeyCommand, async () => {
			await keys.clear();
			void vscode.window.showInformationMessage(vscode.l10n.t('Azure OpenAI API key cleared.'));
			return true;
		}),
	);
}
