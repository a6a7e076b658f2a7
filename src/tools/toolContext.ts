import * as vscode from 'vscode';
import { readSettings } from '../config';
import { formatImageLink } from '../core/linkSyntax';
import { imageSize, sniffImageFormat } from '../core/imageBytes';
import type { ResolvedPath, ToolWorkspace } from '../core/toolInput';
import { linkRequestFor } from '../workspace/links';

/** The open folders, the active document's folder and the user's outside-the-workspace choice, for the tools' path rules. */
export function toolWorkspace(): ToolWorkspace {
	const folders = vscode.workspace.workspaceFolders ?? [];
	const document = vscode.window.activeTextEditor?.document;
	const active = document ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
	return {
		folders: folders.map((f) => ({ name: f.name, path: f.uri.path })),
		activeFolderPath: active?.uri.path,
		allowOutside: readSettings(document?.uri).allowDestinationOutsideWorkspace,
	};
}

/** The Uri of a resolved path: in its folder's file system (remote and virtual workspaces too). */
export function uriOf(resolved: ResolvedPath): vscode.Uri {
	const folders = vscode.workspace.workspaceFolders ?? [];
	const folder = folders.find((f) => f.uri.path === resolved.folderPath) ?? folders[0];
	return folder ? folder.uri.with({ path: resolved.path }) : vscode.Uri.file(resolved.path);
}

/** A path as the tools give it back: relative to its workspace folder (with the folder's name first in a multi-root workspace). */
export function workspacePath(uri: vscode.Uri): string {
	return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

export function textResult(...lines: readonly string[]): vscode.LanguageModelToolResult {
	return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(lines.join('\n'))]);
}

/**
 * One block per saved file: its workspace path, pixel size and format (read back from the file),
 * and the link to paste, in the syntax of the active document's language and relative to it.
 */
export async function describeSaved(files: readonly vscode.Uri[], prompt: string, revisedPrompts: readonly (string | undefined)[] = []): Promise<string[]> {
	const document = vscode.window.activeTextEditor?.document;
	const lines: string[] = [];
	for (const [i, file] of files.entries()) {
		let size: { width: number; height: number } | undefined;
		let format: string | undefined;
		try {
			const bytes = await vscode.workspace.fs.readFile(file);
			size = imageSize(bytes);
			format = sniffImageFormat(bytes);
		} catch {
			// Described without its size: the file is there, as the flow that wrote it said.
		}
		const link = formatImageLink(linkRequestFor(document, file, prompt, undefined, size));
		lines.push(`${i + 1}. ${workspacePath(file)}${size ? ` — ${size.width}x${size.height}` : ''}${format ? ` ${format.toUpperCase()}` : ''}`);
		lines.push(
			document
				? vscode.l10n.t('   Link for {0} ({1}): {2}', workspacePath(document.uri), document.languageId, link)
				: vscode.l10n.t('   Markdown link (no document is open): {0}', link),
		);
		const revised = revisedPrompts[i];
		if (revised) {
			lines.push(vscode.l10n.t('   Revised prompt (as the API rewrote it): {0}', revised));
		}
	}
	return lines;
}
