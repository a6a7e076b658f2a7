import * as vscode from 'vscode';
import { isEngineId } from '../core/engines';
import type { GenerateImageOutcome, Generator } from '../jobs/generate';
import type { HistoryStore } from '../preview/historyStore';
import { currentLink, imageAt, repointLink, type LinkInDocument } from '../workspace/imageAt';

export const regenerateImageCommand = 'imagegen.regenerateImage';

/** Where the link is: passed by the hover's command link; the palette uses the cursor. */
export interface LinkLocation {
	readonly uri: string;
	readonly line: number;
	readonly character: number;
}

/** Regenerate Image: a new image like the linked one (its prompt, engine and parameters, a new seed); the link then points at it, the old file stays. */
export function registerRegenerateImage(generator: Generator, history: HistoryStore): vscode.Disposable {
	return vscode.commands.registerCommand(regenerateImageCommand, async (location?: unknown): Promise<GenerateImageOutcome | undefined> => {
		const target = await resolveLocation(location);
		const found = target && (await imageAt(target.document, target.position, (f) => history.provenanceOf(f)));
		if (!target || !found) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor on an image link to regenerate it.'));
			return undefined;
		}
		const { document, position } = target;
		const p = found.provenance;
		if (!p || !isEngineId(p.engine)) {
			void vscode.window.showWarningMessage(vscode.l10n.t('ImageGen has no record of how {0} was made, so it cannot make a variation of it.', vscode.workspace.asRelativePath(found.file)));
			return undefined;
		}
		const at: LinkInDocument = { document, line: position.line, version: document.version, link: found.link, offset: position.character };
		const overrides = p.engine === 'openai' ? { model: str(p.model), size: str(p.size), quality: str(p.quality) } : undefined;
		const outcome = await generator.generate({ prompt: p.prompt, engine: p.engine, insertLink: false, document, overrides });
		const newFile = outcome?.files[0];
		const link = newFile && currentLink(at);
		if (!newFile || !link) {
			return outcome;
		}
		const edit = new vscode.WorkspaceEdit();
		repointLink(edit, at, link, vscode.Uri.parse(newFile), p.prompt);
		await vscode.workspace.applyEdit(edit);
		return { ...outcome, inserted: true };
	});
}

async function resolveLocation(location: unknown): Promise<{ document: vscode.TextDocument; position: vscode.Position } | undefined> {
	if (location && typeof location === 'object') {
		const l = location as Partial<Record<keyof LinkLocation, unknown>>;
		if (typeof l.uri === 'string' && Number.isInteger(l.line) && Number.isInteger(l.character)) {
			const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(l.uri));
			return { document, position: new vscode.Position(l.line as number, l.character as number) };
		}
	}
	const editor = vscode.window.activeTextEditor;
	return editor ? { document: editor.document, position: editor.selection.active } : undefined;
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' && v.length > 0 ? v : undefined;
}
