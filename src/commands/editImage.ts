import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { extensionFor, sniffImageFormat } from '../core/fileName';
import { imageLinkAt } from '../core/imageLinks';
import { escapeHtmlAttribute, formatImageLink, markdownLinkDestination } from '../core/linkSyntax';
import { editedFileName, maskProblem, type MaskProblem } from '../core/openaiOptions';
import { checkPrompt, normalizeWhitespace, promptLimitFor } from '../core/prompt';
import type { Log } from '../log';
import { toHistoryEntry, type HistoryStore, type StoredEntry } from '../preview/historyStore';
import { EngineError } from '../providers/engine';
import type { OpenAIEngine } from '../providers/openaiEngine';
import { saveGeneratedImage } from '../workspace/imageFiles';
import { linkRequestFor } from '../workspace/links';
import type { Jobs } from './jobs';
import { imageAt, type FoundImage } from './regenerateImage';

export const editImageCommand = 'imagegen.editImage';
const lastEditPromptKey = 'imagegen.lastEditPrompt';

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

/** What the command did, for callers (tests); users see the new file and the link. */
export interface EditImageOutcome {
	readonly file?: string;
	readonly link?: string;
	/** How the document changed: the link repointed, a new link inserted, or nothing (Explorer). */
	readonly linkChange: 'replaced' | 'inserted' | 'none';
	readonly error?: { readonly message: string; readonly actions: readonly string[] };
	readonly cancelled?: boolean;
}

export interface EditImageServices {
	readonly engine: OpenAIEngine;
	readonly log: Log;
	readonly workspaceState: vscode.Memento;
	readonly rescueFolder: vscode.Uri;
	readonly history: HistoryStore;
	readonly jobs: Jobs;
}

/** What a language model tool's call adds: its cancellation and where the new file goes. No message boxes then: the caller gets the outcome. */
export interface EditFromTool {
	readonly token?: vscode.CancellationToken;
	/** A file or folder in the workspace (already checked), instead of beside the original. */
	readonly target?: { readonly uri: vscode.Uri; readonly kind: 'file' | 'folder' };
}

const editableFormats = new Set(['png', 'jpeg', 'webp']);

/** Edit Image with Prompt…: from the Explorer (an image file) or the image link under the cursor. */
export function registerEditImage(services: EditImageServices): vscode.Disposable {
	return vscode.commands.registerCommand(editImageCommand, (target?: unknown) => editImage(services, target));
}

export async function editImage(services: EditImageServices, target: unknown, tool?: EditFromTool): Promise<EditImageOutcome | undefined> {
	const args: EditImageArgs = target instanceof vscode.Uri ? { file: target.toString() } : parseArgs(target);
	// 1. The image: the file given, or the link under the cursor (and then the link is updated).
	let file: vscode.Uri;
	let found: (FoundImage & { document: vscode.TextDocument; line: number; version: number }) | undefined;
	if (args.file) {
		file = vscode.Uri.parse(args.file);
	} else {
		const editor = vscode.window.activeTextEditor;
		const position = editor?.selection.active;
		const at = editor && position ? await imageAt(editor.document, position, services.history) : undefined;
		if (!editor || !position || !at) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor on an image link, or right-click an image in the Explorer, to edit it.'));
			return undefined;
		}
		file = at.file;
		found = { ...at, document: editor.document, line: position.line, version: editor.document.version };
	}
	const label = vscode.workspace.asRelativePath(file);
	let announcedJobId: string | undefined;

	try {
		const original = await readImage(file);
		const format = sniffImageFormat(original);
		if (!format || !editableFormats.has(format)) {
			throw new EngineError(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image, so it cannot be edited.', label));
		}

		// 2. The prompt, then (when asked) reference images and a mask.
		const settings = readSettings(found?.document.uri ?? file);
		const limit = promptLimitFor(settings.openai.model);
		let prompt = args.prompt;
		let references = (args.references ?? []).map((r) => vscode.Uri.parse(r));
		let mask = args.mask ? vscode.Uri.parse(args.mask) : undefined;
		if (prompt === undefined) {
			prompt = await vscode.window.showInputBox({
				title: vscode.l10n.t('Edit {0}', label),
				prompt: vscode.l10n.t('Describe the change'),
				placeHolder: vscode.l10n.t('e.g. as a watercolor; restore this scan; add a red scarf'),
				value: services.workspaceState.get<string>(lastEditPromptKey),
				ignoreFocusOut: true,
				validateInput: (value) => promptProblem(value, limit),
			});
			if (prompt === undefined) {
				return undefined;
			}
			const extras = await askExtras(file);
			if (!extras) {
				return undefined;
			}
			references = extras.references;
			mask = extras.mask;
		}
		prompt = normalizeWhitespace(prompt);
		const problem = promptProblem(prompt, limit);
		if (problem) {
			throw new EngineError(problem);
		}
		if (!tool) {
			await services.workspaceState.update(lastEditPromptKey, prompt);
		}

		const referenceBytes = await Promise.all(references.map(async (r) => ({ uri: r, bytes: await readImage(r) })));
		for (const r of referenceBytes) {
			const f = sniffImageFormat(r.bytes);
			if (!f || !editableFormats.has(f)) {
				throw new EngineError(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image, so it cannot be a reference image.', vscode.workspace.asRelativePath(r.uri)));
			}
		}
		const maskBytes = mask ? await readImage(mask) : undefined;
		if (mask && maskBytes) {
			const p = maskProblem(maskBytes, original);
			if (p) {
				throw new EngineError(maskMessage(p, vscode.workspace.asRelativePath(mask), label));
			}
		}

		// 3. The edit, shown in the panel as it renders.
		const jobId = randomUUID();
		const startedAt = Date.now();
		services.jobs.announce({ id: jobId, prompt, engine: 'openai', details: vscode.l10n.t('edit of {0} · {1}', label, settings.openai.model), startedAt });
		announcedJobId = jobId;
		const request = {
			prompt,
			input: {
				images: [{ name: baseName(file), bytes: original }, ...referenceBytes.map((r) => ({ name: baseName(r.uri), bytes: r.bytes }))],
				mask: mask && maskBytes ? { name: baseName(mask), bytes: maskBytes } : undefined,
			},
		};
		const result = await services.jobs.run(jobId, (token, report) => services.engine.edit(request, token, report), tool?.token);

		// 4. A new file beside the original, never over it (nor over anything else).
		const image = result.images[0];
		const edited = editedFileName(baseName(file), extensionFor(image.format));
		const planned = tool?.target ? (tool.target.kind === 'folder' ? vscode.Uri.joinPath(tool.target.uri, edited) : tool.target.uri) : vscode.Uri.joinPath(file, '..', edited);
		const saved = await saveGeneratedImage(planned, image.bytes, false, services.rescueFolder);
		services.log.info(`edited ${file.toString(true)} → ${saved.uri.toString(true)}${saved.rescued ? ` (destination failed: ${String(saved.error)})` : ''}`);
		if (saved.rescued) {
			void vscode.window.showErrorMessage(vscode.l10n.t('The edited image could not be written beside the original, so it was kept in {0}.', saved.uri.fsPath));
		}

		// 5. The link: repointed or a new one after it, as the setting says.
		let linkChange: EditImageOutcome['linkChange'] = 'none';
		let link: string | undefined;
		if (found && !saved.rescued && !found.document.isClosed) {
			const document = found.document;
			const request = linkRequestFor(document, saved.uri, prompt);
			const lineText = document.lineAt(found.line).text;
			const current = document.version === found.version ? found.link : imageLinkAt(lineText, Math.min(found.link.start, lineText.length));
			if (current) {
				const edit = new vscode.WorkspaceEdit();
				if (settings.edit.link === 'replace') {
					const path = current.form === 'html' ? escapeHtmlAttribute(request.path) : current.form === 'angle' ? request.path.replace(/[<>]/g, (c) => `\\${c}`) : markdownLinkDestination(request.path);
					edit.replace(document.uri, new vscode.Range(found.line, current.pathStart, found.line, current.pathEnd), path);
					linkChange = 'replaced';
					link = lineText.slice(current.start, current.pathStart) + path + lineText.slice(current.pathEnd, current.end);
				} else {
					link = formatImageLink(request);
					edit.insert(document.uri, new vscode.Position(found.line, current.end), ` ${link}`);
					linkChange = 'inserted';
				}
				if (!(await vscode.workspace.applyEdit(edit))) {
					linkChange = 'none';
				}
			}
		} else if (!found) {
			link = formatImageLink(linkRequestFor(vscode.window.activeTextEditor?.document, saved.uri, prompt));
			if (!tool) {
				void offerEdited(saved.uri, link);
			}
		}

		// 6. The panel's history.
		const stored: StoredEntry = {
			id: jobId,
			prompt,
			engine: 'openai',
			details: [result.parameters.details, vscode.l10n.t('edit of {0}', label), result.parameters.usage].filter(Boolean).join(' · '),
			createdAt: startedAt,
			elapsedMs: Date.now() - startedAt,
			files: [saved.uri.toString()],
			link: link ?? formatImageLink(linkRequestFor(undefined, saved.uri, prompt)),
		};
		await services.history.add(stored);
		services.jobs.finished(jobId, await toHistoryEntry(stored));
		return { file: saved.uri.toString(), link, linkChange };
	} catch (err) {
		return { linkChange: 'none', ...services.jobs.fail(err, (detail) => vscode.l10n.t('Editing the image failed: {0}', detail), announcedJobId, !tool) };
	}
}

/** One optional step after the prompt: reference images and a mask, each through an open dialog. Undefined: cancelled. */
async function askExtras(file: vscode.Uri): Promise<{ references: vscode.Uri[]; mask?: vscode.Uri } | undefined> {
	const references: vscode.QuickPickItem = { label: vscode.l10n.t('Add reference images…'), description: vscode.l10n.t('other pictures the edit should draw on') };
	const mask: vscode.QuickPickItem = { label: vscode.l10n.t('Add a mask…'), description: vscode.l10n.t('a PNG of the same size; its transparent pixels mark what to change') };
	const picked = await vscode.window.showQuickPick([references, mask], {
		title: vscode.l10n.t('Edit {0}: extras (optional)', vscode.workspace.asRelativePath(file)),
		placeHolder: vscode.l10n.t('Press Enter to edit the whole image without extras'),
		canPickMany: true,
		ignoreFocusOut: true,
	});
	if (!picked) {
		return undefined;
	}
	const folder = vscode.Uri.joinPath(file, '..');
	let refs: vscode.Uri[] = [];
	let maskUri: vscode.Uri | undefined;
	if (picked.includes(references)) {
		refs = (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Reference images'), canSelectMany: true, defaultUri: folder, filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] } })) ?? [];
	}
	if (picked.includes(mask)) {
		maskUri = (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Mask (PNG, transparent where the image changes)'), canSelectMany: false, defaultUri: folder, filters: { PNG: ['png'] } }))?.[0];
	}
	return { references: refs, mask: maskUri };
}

async function readImage(uri: vscode.Uri): Promise<Uint8Array> {
	try {
		return await vscode.workspace.fs.readFile(uri);
	} catch (err) {
		throw new EngineError(vscode.l10n.t('Could not read {0}: {1}', vscode.workspace.asRelativePath(uri), err instanceof Error ? err.message : String(err)));
	}
}

function maskMessage(p: MaskProblem, mask: string, image: string): string {
	switch (p.kind) {
		case 'notPng':
			return vscode.l10n.t('The mask {0} is not a PNG. A mask is a PNG of the same size as the image, transparent where it should change.', mask);
		case 'noAlpha':
			return vscode.l10n.t('The mask {0} has no transparency. Make the parts to change transparent (alpha 0) and save it as a PNG with an alpha channel.', mask);
		case 'size':
			return vscode.l10n.t('The mask {0} is {1} pixels, but {2} is {3}. A mask must have the same size as the image.', mask, p.mask, image, p.image);
		default: {
			const never: never = p;
			throw new Error(`unhandled mask problem ${JSON.stringify(never)}`);
		}
	}
}

function promptProblem(value: string, limit: number): string | undefined {
	const p = checkPrompt(value, limit);
	if (!p) {
		return undefined;
	}
	return p.kind === 'empty'
		? vscode.l10n.t('Describe the change you want: the prompt is empty.')
		: vscode.l10n.t('The prompt has {0} characters; this model accepts at most {1}. Shorten it.', p.length, p.limit);
}

async function offerEdited(file: vscode.Uri, link: string): Promise<void> {
	const open = vscode.l10n.t('Open Image');
	const copy = vscode.l10n.t('Copy Markdown Link');
	const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The edited image was saved as {0}.', vscode.workspace.asRelativePath(file)), open, copy);
	if (choice === open) {
		await vscode.commands.executeCommand('vscode.open', file);
	} else if (choice === copy) {
		await vscode.env.clipboard.writeText(link);
	}
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

function baseName(uri: vscode.Uri): string {
	return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
