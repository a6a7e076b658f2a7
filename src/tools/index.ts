import * as vscode from 'vscode';
import { EditImageTool, editImageToolName, type EditToolServices } from './editImageTool';
import { GenerateImageTool, generateImageToolName, type GenerateToolServices } from './generateImageTool';

export type ImageToolServices = GenerateToolServices & EditToolServices;

/** A confirmation as a test reads it (the workbench answers confirmations itself in extension tests). */
export interface PreparedForTest {
	readonly invocationMessage?: string;
	readonly confirmation?: { readonly title: string; readonly message: string };
}

export const prepareForTestCommand = 'imagegen.test.prepareToolInvocation';

/**
 * ImageGen's language model tools (package.json `contributes.languageModelTools`), for Copilot
 * Chat's agent mode and any extension through `vscode.lm.invokeTool`. In the extension's tests
 * only, a command returns what `prepareInvocation` would show.
 */
export function registerImageTools(services: ImageToolServices, mode: vscode.ExtensionMode): vscode.Disposable {
	const generate = new GenerateImageTool(services);
	const edit = new EditImageTool(services);
	const disposables = [vscode.lm.registerTool(generateImageToolName, generate), vscode.lm.registerTool(editImageToolName, edit)];
	if (mode === vscode.ExtensionMode.Test) {
		disposables.push(
			vscode.commands.registerCommand(prepareForTestCommand, async (name: string, input: unknown): Promise<PreparedForTest> => {
				const tool = name === generateImageToolName ? generate : edit;
				const prepared = await tool.prepareInvocation({ input });
				const text = (m: string | vscode.MarkdownString | undefined) => (typeof m === 'string' || m === undefined ? m : m.value);
				return {
					invocationMessage: text(prepared.invocationMessage),
					confirmation: prepared.confirmationMessages && { title: prepared.confirmationMessages.title, message: text(prepared.confirmationMessages.message) ?? '' },
				};
			}),
		);
	}
	return vscode.Disposable.from(...disposables);
}
