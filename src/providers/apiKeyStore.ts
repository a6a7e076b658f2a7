import * as vscode from 'vscode';
import { Disposable } from '../core/dispose';

/**
 * A key in SecretStorage (the OS keychain) under its own name, never in settings or logs, with a
 * context key that tells menus whether one is stored. The OpenAI and Azure keys are two of these.
 */
export class SecretKeyStore extends Disposable {
	constructor(
		private readonly secrets: vscode.SecretStorage,
		private readonly secretKey: string,
		private readonly contextKey: string,
		/** An environment variable used when nothing is stored. */
		private readonly environmentFallback?: string,
	) {
		super();
		this._register(
			secrets.onDidChange((e) => {
				if (e.key === secretKey) {
					void this.updateContext();
				}
			}),
		);
		void this.updateContext();
	}

	async get(): Promise<string | undefined> {
		const stored = await this.secrets.get(this.secretKey);
		return stored || (this.environmentFallback && process.env[this.environmentFallback]) || undefined;
	}

	async has(): Promise<boolean> {
		return (await this.get()) !== undefined;
	}

	async hasStored(): Promise<boolean> {
		return !!(await this.secrets.get(this.secretKey));
	}

	async set(key: string): Promise<void> {
		await this.secrets.store(this.secretKey, key);
	}

	async clear(): Promise<void> {
		await this.secrets.delete(this.secretKey);
	}

	private async updateContext(): Promise<void> {
		await vscode.commands.executeCommand('setContext', this.contextKey, await this.hasStored());
	}
}

/** The OpenAI key; `OPENAI_API_KEY` in the extension host's environment is the fallback. */
export class ApiKeyStore extends SecretKeyStore {
	constructor(secrets: vscode.SecretStorage) {
		super(secrets, 'imagegen.openai.apiKey', 'imagegen.hasOpenAIKey', 'OPENAI_API_KEY');
	}
}

/** A quick sanity check for what was typed into the key box: catches pasted settings or spaces, not validity. */
export function validateKeyInput(value: string): string | undefined {
	const v = value.trim();
	if (v.length === 0) {
		return vscode.l10n.t('Enter your OpenAI API key (it starts with "sk-").');
	}
	if (/\s/.test(v)) {
		return vscode.l10n.t('An API key has no spaces.');
	}
	return undefined;
}
