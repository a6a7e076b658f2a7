import * as vscode from 'vscode';

/** Whether the OpenAI engine has its key; `azure`: the deployment, when Azure OpenAI is configured. */
export interface OpenAIKeyState {
	readonly present: boolean;
	readonly azure?: string;
}

/** A confirmation with one line per fact; the user's and the model's words are escaped, never Markdown. */
export function confirmation(title: string, lines: readonly string[]): vscode.LanguageModelToolConfirmationMessages {
	const message = new vscode.MarkdownString();
	for (const line of lines) {
		message.appendText(line);
		message.appendMarkdown('  \n');
	}
	return { title, message };
}
