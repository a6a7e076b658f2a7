import * as vscode from 'vscode';
import type { GenerateImageOutcome } from '../../src/jobs/generate';
import { OpenAIWireServer } from '../support/openaiWireServer';

export function workspaceRoot(): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		throw new Error('the tests need the fixture workspace open');
	}
	return folder.uri;
}

let counter = 0;

/** A fresh Markdown file in its own folder of the workspace, open in an editor. */
export async function openFreshDocument(content: string, name = 'notes.md'): Promise<vscode.TextEditor> {
	const folder = vscode.Uri.joinPath(workspaceRoot(), `case-${Date.now()}-${++counter}`);
	const uri = vscode.Uri.joinPath(folder, name);
	await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
	const document = await vscode.workspace.openTextDocument(uri);
	return vscode.window.showTextDocument(document);
}

export function select(editor: vscode.TextEditor, text: string): void {
	const offset = editor.document.getText().indexOf(text);
	if (offset < 0) {
		throw new Error(`"${text}" is not in the document`);
	}
	editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset + text.length));
}

export function generate(args?: { prompt: string }): Thenable<GenerateImageOutcome | undefined> {
	return vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage', args);
}

export async function readBytes(uri: vscode.Uri): Promise<Buffer> {
	return Buffer.from(await vscode.workspace.fs.readFile(uri));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}

export async function listFiles(folder: vscode.Uri): Promise<string[]> {
	try {
		return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
	} catch {
		return [];
	}
}

/** A wire-format server, the user settings pointing at it, and its key in SecretStorage. */
export async function startOpenAI(): Promise<OpenAIWireServer> {
	const server = new OpenAIWireServer();
	await server.start();
	const config = vscode.workspace.getConfiguration('imagegen');
	await config.update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
	await config.update('openai.maxRetries', 1, vscode.ConfigurationTarget.Global);
	await config.update('engine', 'openai', vscode.ConfigurationTarget.Global);
	await vscode.commands.executeCommand('imagegen.setOpenAIKey', server.apiKey);
	return server;
}

export async function stopOpenAI(server: OpenAIWireServer): Promise<void> {
	await server.stop();
	const config = vscode.workspace.getConfiguration('imagegen');
	for (const key of ['openai.baseUrl', 'openai.maxRetries', 'engine', 'openai.timeoutSeconds', 'insert']) {
		await config.update(key, undefined, vscode.ConfigurationTarget.Global);
	}
	await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
}

/** The PNG without its text chunks: what remains must be exactly what the server sent. */
export function withoutTextChunks(png: Uint8Array): Buffer {
	const parts: Buffer[] = [Buffer.from(png.subarray(0, 8))];
	const view = Buffer.from(png);
	let offset = 8;
	while (offset < view.length) {
		const length = view.readUInt32BE(offset);
		const type = view.toString('latin1', offset + 4, offset + 8);
		const end = offset + 12 + length;
		if (type !== 'tEXt' && type !== 'iTXt' && type !== 'zTXt') {
			parts.push(view.subarray(offset, end));
		}
		offset = end;
	}
	return Buffer.concat(parts);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(50);
	}
}

/**
 * Accepts whatever input box or quick pick a command shows, with its offered value, until the command
 * settles: as a user pressing Enter at each step (an accept with nothing shown does nothing), without
 * guessing how long each box takes to appear on a loaded machine.
 */
export async function acceptUntilSettled<T>(pending: Thenable<T>, timeoutMs = 30_000): Promise<T> {
	let settled = false;
	const result = Promise.resolve(pending).finally(() => {
		settled = true;
	});
	const deadline = Date.now() + timeoutMs;
	while (!settled && Date.now() < deadline) {
		await sleep(400);
		if (!settled) {
			await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		}
	}
	return result;
}
