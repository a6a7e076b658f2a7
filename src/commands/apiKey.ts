import * as vscode from 'vscode';
import { validateKeyInput, type ApiKeyStore } from '../providers/apiKeyStore';

export function registerApiKeyCommands(keys: ApiKeyStore): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand('imagegen.setOpenAIKey', async (key?: unknown) => {
			// A key passed as an argument (from tests or other extensions) skips the box.
			const value =
				typeof key === 'string'
					? key
					: await vscode.window.showInputBox({
							title: vscode.l10n.t('Set OpenAI API Key'),
							prompt: vscode.l10n.t('Stored in your system keychain through VS Code SecretStorage; never in settings.'),
							placeHolder: 'sk-…',
							password: true,
							ignoreFocusOut: true,
							validateInput: validateKeyInput,
						});
			if (value === undefined || validateKeyInput(value)) {
				return false;
			}
			await keys.set(value.trim());
			void vscode.window.showInformationMessage(vscode.l10n.t('OpenAI API key saved.'));
			return true;
		}),
		vscode.commands.registerCommand('imagegen.clearOpenAIKey', async () => {
			await keys.clear();
			const message = process.env.OPENAI_API_KEY
				? vscode.l10n.t('OpenAI API key cleared. OPENAI_API_KEY from the environment will still be used.')
				: vscode.l10n.t('OpenAI API key cleared.');
			void vscode.window.showInformationMessage(message);
			return true;
		}),
	);
}
