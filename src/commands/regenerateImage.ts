import * as vscode from 'vscode';
import { randomSeed } from '../core/gan/prompt';
import { imageLinkAt, isRemotePath, type ImageLinkAt } from '../core/imageLinks';
import { escapeHtmlAttribute, markdownLinkDestination } from '../core/linkSyntax';
import { readProvenance, type ImageProvenance } from '../core/pngText';
import { readSvgProvenance } from '../core/svgText';
import type { HistoryStore } from '../preview/historyStore';
import { linkRequestFor } from '../workspace/links';
import type { Generator } from './generateImage';

export const regenerateImageCommand = 'imagegen.regenerateImage';

/** Where the link is: passed by the hover's command link; the palette uses the cursor. */
export interface LinkLocation {
	readonly uri: string;
	readonly line: number;
	readonly character: number;
}

export interface FoundImage {
	readonly link: ImageLinkAt;
	readonly file: vscode.Uri;
	readonly provenance: ImageProvenance | undefined;
}

/** The image link at a position, its file, and how it was made (from its PNG text chunks). */
export async function imageAt(document: vscode.TextDocument, position: vscode.Position, history?: HistoryStore): Promise<FoundImage | undefined> {
	const link = imageLinkAt(document.lineAt(position.line).text, position.character);
	if (!link || isRemotePath(link.path)) {
		return undefined;
	}
	const file = link.path.startsWith('/') && vscode.workspace.getWorkspaceFolder(document.uri)
		? vscode.Uri.joinPath(vscode.workspace.getWorkspaceFolder(document.uri)!.uri, link.path)
		: vscode.Uri.joinPath(document.uri, '..', link.path);
	let provenance: ImageProvenance | undefined;
	try {
		const stat = await vscode.workspace.fs.stat(file);
		if (stat.size <= 64 * 1024 * 1024) {
			const bytes = await vscode.workspace.fs.readFile(file);
			provenance = readProvenance(bytes) ?? readSvgProvenance(bytes);
		}
	} catch {
		return { link, file, provenance: undefined };
	}
	if (!provenance && history) {
		// Images whose PNG we left untouched (signed content credentials) are known from the history.
		const entry = history.all().find((e) => e.files.includes(file.toString()));
		if (entry) {
			provenance = { prompt: entry.prompt, engine: entry.engine, seed: entry.seed, date: new Date(entry.createdAt).toISOString() };
		}
	}
	return { link, file, provenance };
}

export function registerRegenerateImage(generator: Generator, history: HistoryStore): vscode.Disposable {
	return vscode.commands.registerCommand(regenerateImageCommand, async (location?: unknown) => {
		const target = await resolveLocation(location);
		if (!target) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor on an image link to regenerate it.'));
			return undefined;
		}
		const { document, position } = target;
		const found = await imageAt(document, position, history);
		if (!found) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor on an image link to regenerate it.'));
			return undefined;
		}
		const p = found.provenance;
		if (!p || (p.engine !== 'openai' && p.engine !== 'gan')) {
			void vscode.window.showWarningMessage(vscode.l10n.t('ImageGen has no record of how {0} was made, so it cannot make a variation of it.', vscode.workspace.asRelativePath(found.file)));
			return undefined;
		}
		const version = document.version;
		const outcome = await generator.generate({
			prompt: p.prompt,
			engine: p.engine,
			seed: randomSeed(),
			insertLink: false,
			document,
			overrides: p.engine === 'openai' ? { model: str(p.model), size: str(p.size), quality: str(p.quality) } : undefined,
		});
		const newFile = outcome?.files[0];
		if (!newFile) {
			return outcome;
		}
		// Point the link at the new file; the old one stays where it was.
		const uri = vscode.Uri.parse(newFile);
		const path = linkRequestFor(document, uri, p.prompt).path;
		const line = document.lineAt(position.line).text;
		const link = document.version === version ? found.link : imageLinkAt(line, Math.min(position.character, line.length));
		if (!link) {
			return outcome;
		}
		const replacement = link.form === 'html' ? escapeHtmlAttribute(path) : link.form === 'angle' ? path.replace(/[<>]/g, (c) => `\\${c}`) : markdownLinkDestination(path);
		const edit = new vscode.WorkspaceEdit();
		edit.replace(document.uri, new vscode.Range(position.line, link.pathStart, position.line, link.pathEnd), replacement);
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
