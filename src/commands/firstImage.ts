import * as vscode from 'vscode';
import type { GenerateOptions } from '../jobs/generate';
import { generateImageCommand } from './generateImage';

export const firstImageCommand = 'imagegen.walkthrough.firstImage';

/**
 * The walkthrough's first step: a new untitled Markdown document holding a sample prompt that
 * the offline engine knows, selected, then Generate Image on it with the offline engine (no key,
 * no network, whatever `imagegen.engine` says), so the link goes in after the prompt.
 */
export function registerFirstImage(): vscode.Disposable {
	return vscode.commands.registerCommand(firstImageCommand, async () => {
		const prompt = vscode.l10n.t('A red sneaker');
		const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${prompt}\n` });
		const editor = await vscode.window.showTextDocument(document, { preview: false });
		editor.selection = new vscode.Selection(0, 0, 0, prompt.length);
		const options: GenerateOptions = { engine: 'gan' };
		return vscode.commands.executeCommand(generateImageCommand, options);
	});
}
