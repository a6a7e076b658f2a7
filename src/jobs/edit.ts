import { basename } from 'node:path/posix';
import * as vscode from 'vscode';
import { readSettings, type ImageGenSettings } from '../config';
import { EngineError, errorText } from '../core/errors';
import { extensionFor, sniffImageFormat } from '../core/imageBytes';
import { formatImageLink } from '../core/linkSyntax';
import { editedFileName, maskProblem, type MaskProblem } from '../core/openaiOptions';
import { promptLimitFor } from '../core/prompt';
import type { EditRequest, GeneratedImage, GenerationResult, ImageEditor, ProgressUpdate } from '../providers/engine';
import { currentLink, repointLink, type LinkInDocument } from '../workspace/imageAt';
import type { SavedImage } from '../workspace/imageFiles';
import { linkRequestFor } from '../workspace/links';
import { runImageJob, type ImageJob, type JobServices, type Linked, type SaveTarget } from './imageJob';
import { offerImage } from './offer';
import { acceptPrompt, askPrompt, type PromptBox } from './promptBox';

/** What the edit is given: with `prompt` set, nothing is asked, and `references` and `mask` are taken as given. */
export interface EditInputs {
	/** The image to edit. */
	readonly file: vscode.Uri;
	/** The link under the cursor the image came from: updated to show the edit. */
	readonly link?: LinkInDocument;
	readonly prompt?: string;
	readonly references?: readonly vscode.Uri[];
	readonly mask?: vscode.Uri;
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

export interface EditServices extends JobServices {
	readonly editor: ImageEditor;
}

/** What a language model tool's call adds: its cancellation and where the new file goes. No message boxes then: the caller gets the outcome. */
export interface EditFromTool {
	readonly token?: vscode.CancellationToken;
	/** A file or folder in the workspace (already checked), instead of beside the original. */
	readonly target?: { readonly uri: vscode.Uri; readonly kind: 'file' | 'folder' };
}

interface EditLinked extends Linked {
	readonly link?: string;
	readonly linkChange: EditImageOutcome['linkChange'];
}

const editableFormats = new Set(['png', 'jpeg', 'webp']);

const editBox = (label: string): PromptBox => ({
	title: vscode.l10n.t('Edit {0}', label),
	prompt: vscode.l10n.t('Describe the change'),
	placeHolder: vscode.l10n.t('e.g. as a watercolor; restore this scan; add a red scarf'),
	lastPromptKey: 'imagegen.lastEditPrompt',
	empty: vscode.l10n.t('Describe the change you want: the prompt is empty.'),
});

/** Edit Image with Prompt…: the image flow with the original, references and a mask as input, the result beside the original. */
export async function editImage(services: EditServices, inputs: EditInputs, tool?: EditFromTool): Promise<EditImageOutcome | undefined> {
	const caller = { token: tool?.token, notify: !tool, failure: (detail: string) => vscode.l10n.t('Editing the image failed: {0}', detail) };
	const outcome = await runImageJob(services, caller, () => planEdit(services, inputs, tool));
	if (!outcome) {
		return undefined;
	}
	return outcome.ok ? { file: outcome.saved[0].uri.toString(), link: outcome.linked.link, linkChange: outcome.linked.linkChange } : { linkChange: 'none', ...outcome };
}

/** The original (checked), the prompt and extras (asked when not given), references and mask (read and checked). */
async function planEdit(services: EditServices, inputs: EditInputs, tool: EditFromTool | undefined): Promise<EditJob | undefined> {
	const { file } = inputs;
	const label = vscode.workspace.asRelativePath(file);
	const original = await readImage(file);
	if (!isEditable(original)) {
		throw new EngineError(vscode.l10n.t('{0} is not a PNG, JPEG or WebP image, so it cannot be edited.', label));
	}
	const settings = readSettings(inputs.link?.document.uri ?? file);
	const limit = promptLimitFor(settings.openai.model);
	let { prompt, references = [], mask } = inputs;
	if (prompt === undefined) {
		prompt = await askPrompt(services.workspaceState, editBox(label), limit);
		const extras = prompt === undefined ? undefined : await askExtras(file);
		if (prompt === undefined || !extras) {
			return undefined;
		}
		({ references, mask } = extras);
	}
	prompt = await acceptPrompt(services.workspaceState, editBox(label), prompt, limit, !tool);
	const request = { prompt, input: await editInput(file, original, references, mask, label) };
	return new EditJob(services.editor, request, { inputs, label, settings, tool });
}

/** The request's images: the original, then the references (each checked), and the mask (checked against the original). */
async function editInput(file: vscode.Uri, original: Uint8Array, references: readonly vscode.Uri[], mask: vscode.Uri | undefined, label: string): Promise<EditRequest['input']> {
	const referenceBytes = await Promise.all(references.map(async (r) => ({ uri: r, bytes: await readImage(r) })));
	for (const r of referenceBytes) {
		if (!isEditable(r.bytes)) {
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
	return {
		images: [{ name: basename(file.path), bytes: original }, ...referenceBytes.map((r) => ({ name: basename(r.uri.path), bytes: r.bytes }))],
		mask: mask && maskBytes ? { name: basename(mask.path), bytes: maskBytes } : undefined,
	};
}

interface EditPlan {
	readonly inputs: EditInputs;
	readonly label: string;
	readonly settings: ImageGenSettings;
	readonly tool: EditFromTool | undefined;
}

/** One edit: a new file beside the original (never over it, nor over anything else); the link repointed or a new one after it. */
class EditJob implements ImageJob<EditLinked> {
	readonly engine = 'openai';
	readonly prompt: string;
	readonly details: string;

	constructor(
		private readonly editor: ImageEditor,
		private readonly request: EditRequest,
		private readonly plan: EditPlan,
	) {
		this.prompt = request.prompt;
		this.details = vscode.l10n.t('edit of {0} · {1}', plan.label, plan.settings.openai.model);
	}

	run(token: vscode.CancellationToken, report: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		return this.editor.edit(this.request, token, report);
	}

	async target(image: GeneratedImage, index: number): Promise<SaveTarget | undefined> {
		if (index > 0) {
			return undefined;
		}
		const file = this.plan.inputs.file;
		const target = this.plan.tool?.target;
		const edited = editedFileName(basename(file.path), extensionFor(image.format));
		const uri = target ? (target.kind === 'folder' ? vscode.Uri.joinPath(target.uri, edited) : target.uri) : vscode.Uri.joinPath(file, '..', edited);
		return { uri, bytes: image.bytes, overwrite: false };
	}

	logLine(s: SavedImage): string {
		return `edited ${this.plan.inputs.file.toString(true)} → ${s.uri.toString(true)}${s.rescued ? ` (destination failed: ${String(s.error)})` : ''}`;
	}

	rescuedMessage(s: SavedImage): string {
		return vscode.l10n.t('The edited image could not be written beside the original, so it was kept in {0}.', s.uri.fsPath);
	}

	async link([saved]: readonly SavedImage[]): Promise<EditLinked> {
		const at = this.plan.inputs.link;
		let linked: Omit<EditLinked, 'historyLink'> = { linkChange: 'none' };
		if (at && !saved.rescued && !at.document.isClosed) {
			linked = await this.updateLink(at, saved.uri);
		} else if (!at) {
			const link = formatImageLink(linkRequestFor(vscode.window.activeTextEditor?.document, saved.uri, this.prompt));
			if (!this.plan.tool) {
				const message = vscode.l10n.t('The edited image was saved as {0}.', vscode.workspace.asRelativePath(saved.uri));
				void offerImage(message, saved.uri, link, { copy: vscode.l10n.t('Copy Markdown Link'), openFirst: true });
			}
			linked = { link, linkChange: 'none' };
		}
		return { ...linked, historyLink: linked.link ?? formatImageLink(linkRequestFor(undefined, saved.uri, this.prompt)) };
	}

	/** The link repointed at the edit, or the edit's link after it, as `imagegen.edit.link` says. */
	private async updateLink(at: LinkInDocument, file: vscode.Uri): Promise<Omit<EditLinked, 'historyLink'>> {
		const current = currentLink(at);
		if (!current) {
			return { linkChange: 'none' };
		}
		const edit = new vscode.WorkspaceEdit();
		let link: string;
		let linkChange: EditLinked['linkChange'];
		if (this.plan.settings.edit.link === 'replace') {
			link = repointLink(edit, at, current, file, this.prompt);
			linkChange = 'replaced';
		} else {
			link = formatImageLink(linkRequestFor(at.document, file, this.prompt));
			edit.insert(at.document.uri, new vscode.Position(at.line, current.end), ` ${link}`);
			linkChange = 'inserted';
		}
		return { link, linkChange: (await vscode.workspace.applyEdit(edit)) ? linkChange : 'none' };
	}

	historyDetails(result: GenerationResult): string {
		return [result.parameters.details, vscode.l10n.t('edit of {0}', this.plan.label), result.parameters.usage].filter(Boolean).join(' · ');
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

function isEditable(bytes: Uint8Array): boolean {
	const format = sniffImageFormat(bytes);
	return format !== undefined && editableFormats.has(format);
}

async function readImage(uri: vscode.Uri): Promise<Uint8Array> {
	try {
		return await vscode.workspace.fs.readFile(uri);
	} catch (err) {
		throw new EngineError(vscode.l10n.t('Could not read {0}: {1}', vscode.workspace.asRelativePath(uri), errorText(err)));
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
