import { dirname } from 'node:path/posix';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { relativeLinkPath } from '../core/destination';
import type { LinkRequest } from '../core/linkSyntax';

/**
 * The link request for an image as seen from a document: a relative POSIX path from the
 * document's folder (or from `basePath` for untitled documents), an absolute one when the two
 * live on different file systems, in the syntax of the document's language.
 */
export function linkRequestFor(document: vscode.TextDocument | undefined, file: vscode.Uri, alt: string, basePath?: string, size?: { width?: number; height?: number }): LinkRequest {
	const settings = readSettings(document?.uri);
	const from = basePath ?? (document && !document.isUntitled && sameFileSystem(document.uri, file) ? dirname(document.uri.path) : undefined);
	return {
		languageId: document?.languageId ?? 'markdown',
		path: from !== undefined ? relativeLinkPath(`${from}/_`, file.path) : file.scheme === 'file' ? file.fsPath.replace(/\\/g, '/') : file.toString(),
		alt,
		template: settings.linkTemplate,
		width: size?.width,
		height: size?.height,
	};
}

function sameFileSystem(a: vscode.Uri, b: vscode.Uri): boolean {
	return a.scheme === b.scheme && a.authority === b.authority;
}
