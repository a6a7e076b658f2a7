import { basename } from 'node:path/posix';
import * as vscode from 'vscode';
import { probeFreeFileName } from '../core/fileName';

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
 *
 * The free name comes from a few rounds of `stat`s sent together (`probeFreeFileName`: one round for
 * up to 7 earlier images of one prompt, 6 for 10,000), neither a `stat` per taken name in turn nor
 * a listing of the folder: each is a round trip in a remote window, and a listing grows with the
 * folder. Our own writes run one at a time, so two generations finishing together cannot pick the
 * same name.
 */
export function writeNewFile(planned: vscode.Uri, bytes: Uint8Array, overwrite: boolean): Promise<vscode.Uri> {
	const run = writes.then(() => write(planned, bytes, overwrite));
	writes = run.catch(() => undefined);
	return run;
}

let writes: Promise<unknown> = Promise.resolve();

async function write(planned: vscode.Uri, bytes: Uint8Array, overwrite: boolean): Promise<vscode.Uri> {
	const folder = vscode.Uri.joinPath(planned, '..');
	// A few rounds of stats, never a listing: a listing costs time in proportion to everything in the folder.
	const key = planned.toString();
	const uri = overwrite
		? planned
		: vscode.Uri.joinPath(
				folder,
				await probeFreeFileName(basename(planned.path), (names) => Promise.all(names.map((name) => exists(vscode.Uri.joinPath(folder, name)))), { after: lastNames.get(key) }),
			);
	try {
		await vscode.workspace.fs.writeFile(uri, bytes);
	} catch {
		// VS Code's file service creates missing folders itself; a provider that does not fails here.
		// Creating the folder only then saves a round trip on every other save.
		await vscode.workspace.fs.createDirectory(folder);
		await vscode.workspace.fs.writeFile(uri, bytes);
	}
	if (!overwrite) {
		remember(key, basename(uri.path));
	}
	return uri;
}

/**
 * The name each planned name got last (a few hundred, most recent kept): the next image of the same
 * prompt asks about the names after it in the same round trip (probeFreeFileName's `after`).
 */
const lastNames = new Map<string, string>();
const rememberedNames = 256;

function remember(key: string, name: string): void {
	lastNames.delete(key);
	lastNames.set(key, name);
	const oldest = lastNames.keys().next();
	if (lastNames.size > rememberedNames && !oldest.done) {
		lastNames.delete(oldest.value);
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

/**
 * Saves a generated image so that it is never lost: at its destination when possible, otherwise in
 * the extension's global storage (and the caller tells the user where it went and why).
 */
export async function saveGeneratedImage(planned: vscode.Uri, bytes: Uint8Array, overwrite: boolean, rescueFolder: vscode.Uri): Promise<SavedImage> {
	try {
		return { uri: await writeNewFile(planned, bytes, overwrite), rescued: false };
	} catch (error) {
		const name = basename(planned.path);
		const uri = await writeNewFile(vscode.Uri.joinPath(rescueFolder, name), bytes, false);
		return { uri, rescued: true, error };
	}
}
