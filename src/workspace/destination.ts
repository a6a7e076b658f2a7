import { basename, dirname } from 'node:path/posix';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { defaultDestination, isInsideAnyFolder, resolveDestination, type DestinationContext } from '../core/destination';
import { EngineError } from '../core/errors';

/** Where an image for `document` goes: a folder-relative decision made before any money is spent. */
export interface PlannedDestination {
	/** The file the image should become (its name may still change to avoid a collision). */
	readonly uri: vscode.Uri;
	/** The posix path links are made relative to (the document's folder), or undefined for an absolute link. */
	readonly linkBasePath: string | undefined;
	/** The user picked the file in a save dialog (no workspace open): keep it as chosen. */
	readonly fromDialog: boolean;
}

/**
 * Resolves the destination with the rules of `markdown.copyFiles.destination`.
 * Returns undefined when the user dismissed the save dialog (no workspace open).
 */
export async function planDestination(document: vscode.TextDocument | undefined, fileName: string, now: Date): Promise<PlannedDestination | undefined> {
	const folders = vscode.workspace.workspaceFolders ?? [];
	const folder = (document && vscode.workspace.getWorkspaceFolder(document.uri)) ?? (document?.uri.scheme === 'untitled' || !document ? folders[0] : undefined);

	if (!folder) {
		return saveDialog(document, fileName);
	}

	const settings = readSettings(document?.uri ?? folder.uri);
	const documentPath = !document || document.isUntitled ? `${folder.uri.path.replace(/\/$/, '')}/${document ? basename(document.uri.path) : 'untitled'}` : document.uri.path;
	const ctx: DestinationContext = { documentPath, workspaceFolderPath: folder.uri.path, workspaceFolderPaths: folders.map((f) => f.uri.path), fileName, now };
	const table = Object.keys(settings.destination).length > 0 || document?.languageId !== 'markdown'
		? settings.destination
		: markdownDestinations(document.uri);
	const path = resolveDestination(table, ctx) ?? defaultDestination(ctx);
	if (!isInsideAnyFolder(path, folders.map((f) => f.uri.path)) && !settings.allowDestinationOutsideWorkspace) {
		throw new EngineError(
			vscode.l10n.t('The destination "{0}" is outside every workspace folder, so ImageGen will not write there. Change `imagegen.destination`, or allow it with `imagegen.allowDestinationOutsideWorkspace` in your user settings.', path),
			[{ title: vscode.l10n.t('Open Setting'), command: 'workbench.action.openSettings', args: ['imagegen.destination'] }],
		);
	}
	return { uri: folder.uri.with({ path }), linkBasePath: dirname(documentPath), fromDialog: false };
}

async function saveDialog(document: vscode.TextDocument | undefined, fileName: string): Promise<PlannedDestination | undefined> {
	const near = document && !document.isUntitled ? vscode.Uri.joinPath(document.uri, '..', 'images', fileName) : undefined;
	const uri = await vscode.window.showSaveDialog({
		defaultUri: near ?? vscode.Uri.joinPath(vscode.Uri.file(process.env.HOME ?? '/'), fileName),
		title: vscode.l10n.t('Save Generated Image'),
		filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'gif'] },
	});
	if (!uri) {
		return undefined;
	}
	const linkBasePath = document && !document.isUntitled ? dirname(document.uri.path) : undefined;
	return { uri, linkBasePath, fromDialog: true };
}

function markdownDestinations(scope: vscode.Uri): Record<string, string> {
	const value = vscode.workspace.getConfiguration('markdown', scope).get<unknown>('copyFiles.destination');
	const out: Record<string, string> = {};
	if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			if (typeof v === 'string') {
				out[k] = v;
			}
		}
	}
	return out;
}
