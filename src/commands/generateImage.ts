import * as vscode from 'vscode';
import { isEngineId } from '../core/engines';
import type { GenerateOptions, Generator } from '../jobs/generate';

export const generateImageCommand = 'imagegen.generateImage';

/** ImageGen: Generate Image: the prompt from the argument, the selection(s) or an input box; the link at the cursor. */
export function registerGenerateImage(generator: Generator): vscode.Disposable {
	return vscode.commands.registerCommand(generateImageCommand, (args?: unknown) => generator.generate(parseOptions(args)));
}

/** What other callers (tests, other extensions) may pass; the internal options are not among them. */
function parseOptions(args: unknown): GenerateOptions {
	if (!args || typeof args !== 'object') {
		return {};
	}
	const a = args as Record<string, unknown>;
	return {
		prompt: typeof a.prompt === 'string' ? a.prompt : undefined,
		engine: isEngineId(a.engine) ? a.engine : undefined,
		seed: Number.isInteger(a.seed) ? (a.seed as number) : undefined,
		count: Number.isInteger(a.count) && (a.count as number) >= 1 && (a.count as number) <= 10 ? (a.count as number) : undefined,
		insertLink: typeof a.insertLink === 'boolean' ? a.insertLink : undefined,
	};
}
