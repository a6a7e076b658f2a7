import * as vscode from 'vscode';
import { EngineError } from '../core/errors';
import { checkPrompt, normalizeWhitespace } from '../core/prompt';

/** The prompt input box of one kind of job; `empty` is what an empty prompt is told. */
export interface PromptBox {
	readonly title: string;
	readonly prompt: string;
	readonly placeHolder: string;
	/** workspaceState key of the last prompt, offered again. */
	readonly lastPromptKey: string;
	readonly empty: string;
}

/** Asks for the prompt (checked as it is typed); undefined: the box was dismissed. */
export function askPrompt(state: vscode.Memento, box: PromptBox, limit: number): Thenable<string | undefined> {
	return vscode.window.showInputBox({
		title: box.title,
		prompt: box.prompt,
		placeHolder: box.placeHolder,
		value: state.get<string>(box.lastPromptKey),
		ignoreFocusOut: true,
		validateInput: (value) => promptProblem(value, limit, box.empty),
	});
}

/** The prompt as sent: whitespace normalized, refused (EngineError) when empty or too long; remembered for the next box unless `remember` is false. */
export async function acceptPrompt(state: vscode.Memento, box: PromptBox, value: string, limit: number, remember: boolean): Promise<string> {
	const prompt = normalizeWhitespace(value);
	const problem = promptProblem(prompt, limit, box.empty);
	if (problem) {
		throw new EngineError(problem);
	}
	if (remember) {
		await state.update(box.lastPromptKey, prompt);
	}
	return prompt;
}

function promptProblem(value: string, limit: number, empty: string): string | undefined {
	const p = checkPrompt(value, limit);
	if (!p) {
		return undefined;
	}
	return p.kind === 'empty' ? empty : vscode.l10n.t('The prompt has {0} characters; this model accepts at most {1}. Shorten it.', p.length, p.limit);
}
