import type * as vscode from 'vscode';
import { SecretKeyStore } from './apiKeyStore';

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
