import * as vscode from 'vscode';
import type { HistoryStore } from '../preview/historyStore';
import { editImage, type EditImageOutcome, type EditInputs, type EditServices } from '../jobs/edit';
import { imageAt } from '../workspace/imageAt';

export const editImageCommand = 'imagegen.editImage';

/**
 * What callers other than the menus may pass (tests, other extensions). With `prompt` set, nothing
 * is asked: `references` and `mask` (URI strings) are taken as given.
 */
export interface EditImageArgs {
	/** The image to edit; without it, the image link under the cursor. */
	readonly file?: string;
	readonly prompt?: string;
	readonly references?: readonly string[];
	readonly mask?: string;
}

/** Edit Image with Prompt…: from the Explorer (an image file), the panel, or the image link under the cursor. */
export function registerEditImage(services: EditServices): vscode.Disposable {
	return vscode.commands.registerCommand(editImageCommand, async (target?: unknown): Promise<EditImageOutcome | undefined> => {
		const args: EditImageArgs = target instanceof vscode.Uri ? { file: target.toString() } : parseArgs(target);
		const image = args.file ? { file: vscode.Uri.parse(args.file) } : await linkUnderCursor(services.history);
		if (!image) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor on an image link, or right-click an image in the Explorer, to edit it.'));
			return undefined;
		}
		const inputs: EditInputs = {
			...image,
			prompt: args.prompt,
			references: args.references?.map((r) => vscode.Uri.parse(r)),
			mask: args.mask ? vscode.Uri.parse(args.mask) : undefined,
		};
		return editImage(services, inputs);
	});
}

/** The image of the link under the cursor, and where that link is (updated to show the edit). */
async function linkUnderCursor(history: HistoryStore): Promise<Pick<EditInputs, 'file' | 'link'> | undefined> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		return undefined;
	}
	const { document } = editor;
	const position = editor.selection.active;
	const found = await imageAt(document, position, (f) => history.provenanceOf(f));
	return found && { file: found.file, link: { document, line: position.line, version: document.version, link: found.link, offset: found.link.start } };
}

function parseArgs(args: unknown): EditImageArgs {
	if (!args || typeof args !== 'object') {
		return {};
	}
	const a = args as Record<string, unknown>;
	const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
	return {
		file: typeof a.file === 'string' ? a.file : undefined,
		prompt: typeof a.prompt === 'string' ? a.prompt : undefined,
		references: strings(a.references),
		mask: typeof a.mask === 'string' ? a.mask : undefined,
	};
}
