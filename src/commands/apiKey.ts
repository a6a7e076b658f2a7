import * as vscode from 'vscode';
import { validateKeyInput, type ApiKeyStore, type SecretKeyStore } from '../providers/apiKeyStore';
import { clearAzureKeyCommand, setAzureKeyCommand, type AzureKeyStore } from '../providers/azureKeyStore';

/** Set / Clear OpenAI API Key. */
export function registerApiKeyCommands(keys: ApiKeyStore): vscode.Disposable {
	return vscode.Disposable.from(
		registerSetKey('imagegen.setOpenAIKey', keys, vscode.l10n.t('OpenAI API key saved.'), () => ({
			title: vscode.l10n.t('Set OpenAI API Key'),
			prompt: vscode.l10n.t('Stored in your system keychain through VS Code SecretStorage; never in settings.'),
			placeHolder: 'sk-…',
			password: true,
			ignoreFocusOut: true,
			validateInput: validateKeyInput,
		})),
		registerClearKey('imagegen.clearOpenAIKey', keys, () =>
			process.env.OPENAI_API_KEY ? vscode.l10n.t('OpenAI API key cleared. OPENAI_API_KEY from the environment will still be used.') : vscode.l10n.t('OpenAI API key cleared.'),
		),
	);
}

/** Set / Clear Azure OpenAI API Key (used when `imagegen.azure.endpoint` is set in the user settings). */
export function registerAzureKeyCommands(keys: AzureKeyStore): vscode.Disposable {
	return vscode.Disposable.from(
		registerSetKey(setAzureKeyCommand, keys, vscode.l10n.t('Azure OpenAI API key saved.'), () => ({
			title: vscode.l10n.t('Set Azure OpenAI API Key'),
			prompt: vscode.l10n.t('Stored in your system keychain through VS Code SecretStorage; never in settings.'),
			password: true,
			ignoreFocusOut: true,
			validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter the key of your Azure OpenAI resource.') : validateKeyInput(v)),
		})),
		registerClearKey(clearAzureKeyCommand, keys, () => vscode.l10n.t('Azure OpenAI API key cleared.')),
	);
}

/** A key passed as an argument (tests, other extensions) skips the box. */
function registerSetKey(command: string, keys: SecretKeyStore, saved: string, box: () => vscode.InputBoxOptions): vscode.Disposable {
	return vscode.commands.registerCommand(command, async (key?: unknown) => {
		const value = typeof key === 'string' ? key : await vscode.window.showInputBox(box());
		if (value === undefined || value.trim().length === 0 || validateKeyInput(value)) {
			return false;
		}
		await keys.set(value.trim());
		void vscode.window.showInformationMessage(saved);
		return true;
	});
}

function registerClearKey(command: string, keys: SecretKeyStore, cleared: () => string): vscode.Disposable {
	return vscode.commands.registerCommand(command, async () => {
		await keys.clear();
		void vscode.window.showInformationMessage(cleared());
		return true;
	});
}
