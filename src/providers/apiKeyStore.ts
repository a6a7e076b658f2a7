import * as vscode from 'vscode';

const secretKey = 'imagegen.openai.apiKey';
const contextKey = 'imagegen.hasOpenAIKey';

/**
 * The OpenAI key lives in SecretStorage (the OS keychain), never in settings or logs.
 * `OPENAI_API_KEY` in the extension host's environment is the fallback.
 */
export class ApiKeyStore implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly secrets: vscode.SecretStorage) {
		this.disposables.push(
			secrets.onDidChange((e) => {
				if (e.key === secretKey) {
					void this.updateContext();
				}
			}),
		);
		void this.updateContext();
	}

	async get(): Promise<string | undefined> {
		const stored = await this.secrets.get(secretKey);
		return stored || process.env.OPENAI_API_KEY || undefined;
	}

	async has(): Promise<boolean> {
		return (await this.get()) !== undefined;
	}

	async hasStored(): Promise<boolean> {
		return !!(await this.secrets.get(secretKey));
	}

	async set(key: string): Promise<void> {
		await this.secrets.store(secretKey, key);
	}

	async clear(): Promise<void> {
		await this.secrets.delete(secretKey);
	}

	private async updateContext(): Promise<void> {
		await vscode.commands.executeCommand('setContext', contextKey, await this.hasStored());
	}

	dispose(): void {
		for (const d of this.disposables.splice(0)) {
			d.dispose();
		}
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
