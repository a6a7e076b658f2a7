import * as vscode from 'vscode';
import { readSettings, type ImageGenSettings } from '../config';
import type { EngineId } from '../core/engines';
import { errorText } from '../core/errors';
import { fileStemFromPrompt } from '../core/fileName';
import { extensionFor } from '../core/imageBytes';
import { randomSeed } from '../core/gan/prompt';
import { formatImageLink, formatImageLinkSnippet } from '../core/linkSyntax';
import { promptFromSelections, type SelectedText } from '../core/prompt';
import type { GeneratedImage, GenerationOverrides, GenerationRequest, GenerationResult, ImageEngine, ProgressUpdate } from '../providers/engine';
import type { EngineRegistry } from '../providers/engineRegistry';
import { planDestination, type PlannedDestination } from '../workspace/destination';
import type { SavedImage } from '../workspace/imageFiles';
import { LinkAnchor } from '../workspace/linkInsertion';
import { linkRequestFor } from '../workspace/links';
import { runImageJob, type ImageJob, type JobDone, type JobServices, type Linked, type SaveTarget } from './imageJob';
import { offerImage } from './offer';
import { acceptPrompt, askPrompt, type PromptBox } from './promptBox';
import { withOurProvenance } from './provenance';

/** What callers other than the palette may pass (the panel's Regenerate, tests). */
export interface GenerateOptions {
	readonly prompt?: string;
	readonly engine?: EngineId;
	readonly seed?: number;
	readonly count?: number;
	/** False: save and show in the panel only (Regenerate, More Like This). */
	readonly insertLink?: boolean;
	/** Internal: parameters that replace the settings (Regenerate Image, a tool call). */
	readonly overrides?: GenerationOverrides;
	/** Internal: the document the images belong with, when no editor is active (panel actions). */
	readonly document?: vscode.TextDocument;
	/** Internal (a tool call): the file or folder the images go to instead of the destination rules (already checked to be in the workspace). */
	readonly target?: { readonly uri: vscode.Uri; readonly kind: 'file' | 'folder' };
	/** Internal (a tool call): the caller's cancellation. */
	readonly token?: vscode.CancellationToken;
	/** Internal: a language model tool's call: no message boxes (the caller gets the outcome), never overwrites, leaves the last prompt alone. */
	readonly fromTool?: boolean;
}

/** What the command did: returned to callers (tests, benchmarks); users see the files and the link. */
export interface GenerateImageOutcome {
	readonly files: readonly string[];
	readonly link?: string;
	readonly inserted: boolean;
	readonly engine?: EngineId;
	readonly error?: { readonly message: string; readonly actions: readonly string[] };
	readonly cancelled?: boolean;
	/** The prompt as the API rewrote it, per file, where it says. */
	readonly revisedPrompts?: readonly (string | undefined)[];
	/** The message that told the user where an image went when no link was inserted. */
	readonly notice?: string;
	/** Extension tests only (the benchmarks): performance.now() marks: engine answer complete, files saved, link in the document. */
	readonly timings?: { readonly receivedAt: number; readonly savedAt: number; readonly linkedAt?: number };
}

export interface GenerateServices extends JobServices {
	readonly engines: EngineRegistry;
	/** The extension runs its tests: outcomes carry timings. */
	readonly testMode: boolean;
}

interface GenerateLinked extends Linked {
	readonly inserted: boolean;
	readonly notice?: string;
	readonly linkedAt?: number;
}

const generateBox = (): PromptBox => ({
	title: vscode.l10n.t('Generate Image'),
	prompt: vscode.l10n.t('Describe the image'),
	placeHolder: vscode.l10n.t('e.g. a lighthouse at dusk, watercolor'),
	lastPromptKey: 'imagegen.lastPrompt',
	empty: vscode.l10n.t('Describe the image you want: the prompt is empty.'),
});

/** Generate Image and its variations (Regenerate, More Like This, the tool): the image flow with a prompt, the destination rules and a link at the cursor. */
export class Generator {
	constructor(private readonly services: GenerateServices) {}

	async generate(options: GenerateOptions = {}): Promise<GenerateImageOutcome | undefined> {
		const caller = { token: options.token, notify: !options.fromTool, failure: (detail: string) => vscode.l10n.t('Image generation failed: {0}', detail) };
		const outcome = await runImageJob(this.services, caller, () => this.plan(options));
		if (!outcome) {
			return undefined;
		}
		return outcome.ok ? this.done(outcome) : { files: [], inserted: false, ...outcome };
	}

	private done({ entry, linked, result, savedAt }: JobDone<GenerateLinked>): GenerateImageOutcome {
		const timings = this.services.testMode ? { receivedAt: result.receivedAt, savedAt, linkedAt: linked.linkedAt } : undefined;
		const revisedPrompts = result.images.map((i) => i.revisedPrompt);
		return { files: entry.files, link: linked.historyLink, inserted: linked.inserted, notice: linked.notice, engine: result.parameters.engine, revisedPrompts, timings };
	}

	/** The prompt (argument, selections or input box), the engine and where the images go: undefined when the user backed out. */
	private async plan(options: GenerateOptions): Promise<GenerateJob | undefined> {
		const editor = options.insertLink === false ? undefined : vscode.window.activeTextEditor;
		const document = editor?.document ?? options.document ?? vscode.window.activeTextEditor?.document;
		const engine = options.engine ? this.services.engines.get(options.engine) : await this.services.engines.current();
		engine.prepare?.();
		const selection = !options.prompt && editor ? promptFromSelections(editor.selections.map((s) => toSelectedText(editor.document, s))) : undefined;
		const state = this.services.workspaceState;
		const typed = options.prompt ?? selection?.prompt ?? (await askPrompt(state, generateBox(), engine.promptLimit()));
		if (typed === undefined) {
			return undefined;
		}
		const prompt = await acceptPrompt(state, generateBox(), typed, engine.promptLimit(), !options.fromTool);
		const settings = readSettings(document?.uri);
		const anchor =
			editor && settings.insert !== 'none'
				? new LinkAnchor(editor.document, selection ? rangeOf(editor.document, selection.anchor) : editor.selection, selection !== undefined)
				: undefined;
		try {
			const now = new Date();
			const stem = fileStemFromPrompt(prompt);
			const planned = options.target ? plannedTarget(options.target, stem) : await planDestination(document, `${stem}.png`, now);
			if (!planned) {
				anchor?.dispose();
				return undefined;
			}
			// A request that names no seed gets a new one: asking again gives another picture.
			const seed = options.seed ?? randomSeed();
			return new GenerateJob(engine, { prompt, count: options.count, seed, overrides: options.overrides }, { document, settings, anchor, planned, stem, now, options });
		} catch (err) {
			anchor?.dispose();
			throw err;
		}
	}
}

interface GeneratePlan {
	readonly document: vscode.TextDocument | undefined;
	readonly settings: ImageGenSettings;
	readonly anchor: LinkAnchor | undefined;
	readonly planned: PlannedDestination;
	readonly stem: string;
	readonly now: Date;
	readonly options: GenerateOptions;
}

/** One Generate Image job: saved by the destination rules (or the tool's target), linked at the cursor. */
class GenerateJob implements ImageJob<GenerateLinked> {
	readonly prompt: string;
	readonly engine: EngineId;
	readonly details: string;
	private planned: PlannedDestination;

	constructor(
		private readonly imageEngine: ImageEngine,
		private readonly request: GenerationRequest,
		private readonly plan: GeneratePlan,
	) {
		this.prompt = request.prompt;
		this.engine = imageEngine.id;
		this.details = jobDetails(imageEngine.id, request);
		this.planned = plan.planned;
	}

	run(token: vscode.CancellationToken, report: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		return this.imageEngine.generate(this.request, token, report);
	}

	/** Planned as `.png`; another format takes its own free name (by the rules) or the planned name with its extension. */
	async target(image: GeneratedImage, _index: number, result: GenerationResult): Promise<SaveTarget> {
		const { document, stem, now, options, settings } = this.plan;
		const ext = extensionFor(image.format);
		if (ext !== 'png' && !this.planned.fromDialog && !options.target) {
			this.planned = (await planDestination(document, `${stem}.${ext}`, now)) ?? this.planned;
		}
		const planned = this.planned;
		const uri = planned.fromDialog || ext === 'png' ? planned.uri : planned.uri.with({ path: planned.uri.path.replace(/\.png$/, `.${ext}`) });
		return { uri, bytes: withOurProvenance(image, this.prompt, result, now), overwrite: settings.overwriteBehavior === 'overwrite' && !options.fromTool };
	}

	logLine(s: SavedImage): string {
		return `saved ${s.uri.toString(true)}${s.rescued ? ` (destination failed: ${String(s.error)})` : ''}`;
	}

	rescuedMessage(s: SavedImage): string {
		return vscode.l10n.t('The image could not be written to its destination ({0}), so it was kept in {1}.', errorText(s.error), s.uri.fsPath);
	}

	async link(saved: readonly SavedImage[], result: GenerationResult): Promise<GenerateLinked> {
		const { document, anchor, settings, options } = this.plan;
		const first = saved[0];
		const image = result.images[0];
		const request = linkRequestFor(document, first.uri, this.prompt, this.planned.fromDialog ? undefined : this.planned.linkBasePath, { width: image.width, height: image.height });
		const link = formatImageLink(request);
		let inserted = false;
		if (anchor && !first.rescued) {
			inserted = await anchor.insert(settings.insert === 'replaceSelection' ? 'replaceSelection' : 'afterSelection', formatImageLinkSnippet(request), link);
		}
		const linkedAt = inserted ? performance.now() : undefined;
		// Saved but not linked (and not already told by the rescue message): say where it went, once.
		const notice = !inserted && !first.rescued && options.insertLink !== false ? unlinkedNotice(first.uri, anchor, settings.insert === 'none') : undefined;
		if (notice) {
			void offerImage(notice, first.uri, link, { copy: vscode.l10n.t('Copy Link'), openFirst: false });
		}
		return { historyLink: link, inserted, notice, linkedAt };
	}

	historyDetails(result: GenerationResult): string {
		return [result.parameters.details ?? this.details, result.parameters.usage].filter(Boolean).join(' · ');
	}

	dispose(): void {
		this.plan.anchor?.dispose();
	}
}

/** The job's card: the engine's parameters as the request will use them (the overrides over the settings). */
function jobDetails(engine: EngineId, request: GenerationRequest): string {
	if (engine === 'gan') {
		return vscode.l10n.t('offline model · seed {0}', request.seed ?? 0);
	}
	const o = readSettings().openai;
	const v = request.overrides;
	return `${v?.model ?? o.model} · ${v?.size ?? o.size} · ${v?.quality ?? o.quality}`;
}

/** A tool call's own file or folder: the first image keeps the name, `.png` until the format is known. */
function plannedTarget(target: NonNullable<GenerateOptions['target']>, stem: string): PlannedDestination {
	return { uri: target.kind === 'folder' ? vscode.Uri.joinPath(target.uri, `${stem}.png`) : target.uri, linkBasePath: undefined, fromDialog: false };
}

function toSelectedText(document: vscode.TextDocument, s: vscode.Selection): SelectedText {
	return { start: document.offsetAt(s.start), end: document.offsetAt(s.end), text: document.getText(s) };
}

function rangeOf(document: vscode.TextDocument, s: SelectedText): vscode.Range {
	return new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
}

/** Why the saved image's link is not in the document, worded for the user. */
function unlinkedNotice(file: vscode.Uri, anchor: LinkAnchor | undefined, insertNone: boolean): string {
	const where = vscode.workspace.asRelativePath(file);
	if (anchor?.isClosed) {
		return vscode.l10n.t('The image was saved to {0}, but its document was closed, so no link was inserted.', where);
	}
	if (anchor) {
		return vscode.l10n.t('The image was saved to {0}, but its link could not be inserted into {1}: the document is read-only. Copy the link to paste it elsewhere.', where, vscode.workspace.asRelativePath(anchor.document.uri));
	}
	if (insertNone) {
		return vscode.l10n.t('The image was saved to {0}. No link was inserted (imagegen.insert is "none").', where);
	}
	return vscode.l10n.t('The image was saved to {0}. No editor was active, so no link was inserted.', where);
}
