import * as vscode from 'vscode';
import { candidateFileNames } from '../core/fileName';

export interface SavedImage {
	readonly uri: vscode.Uri;
	/** True when the planned destination failed and the image went to the extension's own storage instead. */
	readonly rescued: boolean;
	readonly error?: unknown;
}

/**
 * Writes a new file next to `planned`, never replacing an existing one: `name.png`, `name-1.png`, …
 * (unless the user's own settings chose to overwrite). Through `workspace.fs`, so remote and
 * virtual workspaces work.
 */
export async function writeNewFile(planned: vscode.Uri, bytes: Uint8Array, overwrite: boolean): Promise<vscode.Uri> {
	const folder = vscode.Uri.joinPath(planned, '..');
	await vscode.workspace.fs.createDirectory(folder);
	if (overwrite) {
		await vscode.workspace.fs.writeFile(planned, bytes);
		return planned;
	}
	const name = planned.path.slice(planned.path.lastIndexOf('/') + 1);
	for (const candidate of candidateFileNames(name)) {
		const uri = vscode.Uri.joinPath(folder, candidate);
		if (!(await exists(uri))) {
			await vscode.workspace.fs.writeFile(uri, bytes);
			return uri;
		}
	}
	throw new Error('unreachable: candidateFileNames is infinite');
}

/**
 * Saves a generated image so that it is never lost: at its destination when possible, otherwise in
 * the extension's global storage (and the caller tells the user where it went and why).
 */
export async function saveGeneratedImage(planned: vscode.Uri, bytes: Uint8Array, overwrite: boolean, rescueFolder: vscode.Uri): Promise<SavedImage> {
	try {
		return { uri: await writeNewFile(planned, bytes, overwrite), rescued: false };
	} catch (error) {
		const name = planned.path.slice(planned.path.lastIndexOf('/') + 1);
		const uri = await writeNewFile(vscode.Uri.joinPath(rescueFolder, name), bytes, false);
		return { uri, rescued: true, error };
	}
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch (err) {
		if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
			return false;
		}
		throw err;
	}
}
