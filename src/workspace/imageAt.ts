import * as vscode from 'vscode';
import { imageLinkAt, isRemotePath, type ImageLinkAt } from '../core/imageLinks';
import { repointedDestination } from '../core/linkSyntax';
import { readProvenance, type ImageProvenance } from '../core/pngText';
import { readSvgProvenance } from '../core/svgText';
import { linkRequestFor } from './links';

export interface FoundImage {
	readonly link: ImageLinkAt;
	readonly file: vscode.Uri;
	readonly provenance: ImageProvenance | undefined;
}

/** How an image was made when its file does not say (e.g. the history's record of it). */
export type KnownProvenance = (file: vscode.Uri) => ImageProvenance | undefined;

/** The image link at a position, its file, and how it was made (from its PNG text chunks, else `known`). */
export async function imageAt(document: vscode.TextDocument, position: vscode.Position, known?: KnownProvenance): Promise<FoundImage | undefined> {
	const link = imageLinkAt(document.lineAt(position.line).text, position.character);
	if (!link || isRemotePath(link.path)) {
		return undefined;
	}
	const folder = link.path.startsWith('/') ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
	const file = folder ? vscode.Uri.joinPath(folder.uri, link.path) : vscode.Uri.joinPath(document.uri, '..', link.path);
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
	return { link, file, provenance: provenance ?? known?.(file) };
}

/** A link found earlier in a document, to find again after edits. */
export interface LinkInDocument {
	readonly document: vscode.TextDocument;
	readonly line: number;
	/** The document's version when the link was found. */
	readonly version: number;
	readonly link: ImageLinkAt;
	/** Where to look for it again on its line when the document changed since. */
	readonly offset: number;
}

/** The link as it is now: the one found, or the one at the same place on its line after an edit. */
export function currentLink(at: LinkInDocument): ImageLinkAt | undefined {
	if (at.document.version === at.version) {
		return at.link;
	}
	const line = at.document.lineAt(at.line).text;
	return imageLinkAt(line, Math.min(at.offset, line.length));
}

/** Adds to `edit` the link's destination pointed at `file` (written as the link wrote its own); returns the new link's text. */
export function repointLink(edit: vscode.WorkspaceEdit, at: LinkInDocument, link: ImageLinkAt, file: vscode.Uri, alt: string): string {
	const path = repointedDestination(link.form, linkRequestFor(at.document, file, alt).path);
	edit.replace(at.document.uri, new vscode.Range(at.line, link.pathStart, at.line, link.pathEnd), path);
	const line = at.document.lineAt(at.line).text;
	return line.slice(link.start, link.pathStart) + path + line.slice(link.pathEnd, link.end);
}
