import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { extensionFor, fileStemFromPrompt } from '../core/fileName';
import { formatImageLink, formatImageLinkSnippet } from '../core/linkSyntax';
import { pngChunkTypes, withProvenance } from '../core/pngText';
import { randomSeed } from '../core/gan/prompt';
import { withSvgProvenance } from '../core/svgText';
import { checkPrompt, normalizeWhitespace, promptFromSelections, type SelectedText } from '../core/prompt';
import type { Log } from '../log';
import { toHistoryEntry, type HistoryStore, type StoredEntry } from '../preview/historyStore';
import { EngineError, type GenerationOverrides, type GenerationResult, type ImageEngine } from '../providers/engine';
import type { EngineRegistry } from '../providers/engineRegistry';
import { planDestination, type PlannedDestination } from '../workspace/destination';
import { saveGeneratedImage, type SavedImage } from '../workspace/imageFiles';
import { LinkAnchor } from '../workspace/linkInsertion';
import { linkRequestFor } from '../workspace/links';
import { errorText, type Jobs } from './jobs';

export const generateImageCommand = 'imagegen.generateImage';
const lastPromptKey = 'imagegen.lastPrompt';

/** What callers other than the palette may pass (the panel's Regenerate, tests). */
export interface GenerateOptions {
	readonly prompt?: string;
	readonly engine?: 'openai' | 'gan';
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
	readonly engine?: 'openai' | 'gan';
	readonly error?: { readonly message: string; readonly actions: readonly string[] };
	readonly cancelled?: boolean;
	/** The prompt as the API rewrote it, per file, where it says. */
	readonly revisedPrompts?: readonly (string | undefined)[];
	/** The message that told the user where an image went when no link was inserted. */
	readonly notice?: string;
	/** performance.now() marks: engine answer complete, files saved, link in the document. */
	readonly timings?: { readonly receivedAt: number; readonly savedAt: number; readonly linkedAt?: number };
}

export interface GenerateImageServices {
	readonly engines: EngineRegistry;
	readonly log: Log;
	readonly workspaceState: vscode.Memento;
	readonly rescueFolder: vscode.Uri;
	readonly history: HistoryStore;
	readonly jobs: Jobs;
}

export class Generator {
	constructor(private readonly services: GenerateImageServices) {}

	register(): vscode.Disposable {
		return vscode.commands.registerCommand(generateImageCommand, (args?: unknown) => this.generate(parseOptions(args)));
	}

	async generate(options: GenerateOptions = {}): Promise<GenerateImageOutcome | undefined> {
		const services = this.services;
		const editor = options.insertLink === false ? undefined : vscode.window.activeTextEditor;
		const document = editor?.document ?? options.document ?? vscode.window.activeTextEditor?.document;
		let engine: ImageEngine;
		try {
			engine = options.engine ? services.engines.get(options.engine) : await services.engines.current();
		} catch (err) {
			return this.fail(err);
		}
		engine.prepare?.();
		const limit = engine.promptLimit();

		// 1. The prompt: the argument, else the selection(s), else an input box.
		const fromSelection = !options.prompt && editor ? promptFromSelections(editor.selections.map((s) => toSelectedText(editor.document, s))) : undefined;
		let prompt = options.prompt ?? fromSelection?.prompt;
		if (prompt === undefined) {
			prompt = await vscode.window.showInputBox({
				title: vscode.l10n.t('Generate Image'),
				prompt: vscode.l10n.t('Describe the image'),
				placeHolder: vscode.l10n.t('e.g. a lighthouse at dusk, watercolor'),
				value: services.workspaceState.get<string>(lastPromptKey),
				ignoreFocusOut: true,
				validateInput: (value) => promptProblem(value, limit),
			});
			if (prompt === undefined) {
				return undefined;
			}
		}
		prompt = normalizeWhitespace(prompt);
		const problem = promptProblem(prompt, limit);
		if (problem) {
			return this.fail(new EngineError(problem), undefined, options.fromTool);
		}
		if (!options.fromTool) {
			await services.workspaceState.update(lastPromptKey, prompt);
		}

		const settings = readSettings(document?.uri);
		const anchor =
			editor && settings.insert !== 'none'
				? new LinkAnchor(editor.document, fromSelection ? rangeOf(editor.document, fromSelection.anchor) : editor.selection, fromSelection !== undefined)
				: undefined;
		const jobId = randomUUID();
		const startedAt = Date.now();
		let jobAnnounced = false;
		try {
			// 2. Where it goes, decided (and refused) before anything is spent.
			const now = new Date();
			const stem = fileStemFromPrompt(prompt);
			let planned = options.target ? plannedTarget(options.target, stem) : await planDestination(document, `${stem}.png`, now);
			if (!planned) {
				return undefined;
			}

			// 3. The image, with the job shown in the panel.
			// A request that names no seed gets a new one: asking again gives another picture.
			const seed = options.seed ?? randomSeed();
			services.jobs.announce({ id: jobId, prompt, engine: engine.id, details: this.jobDetails(engine, { ...options, seed }), startedAt });
			jobAnnounced = true;
			const request = { prompt, count: options.count, seed, overrides: options.overrides };
			const result = await services.jobs.run(jobId, (token, report) => engine.generate(request, token, report), options.token);

			// 4. Saved before anything else can fail.
			const saved: SavedImage[] = [];
			for (const image of result.images) {
				const ext = extensionFor(image.format);
				if (ext !== 'png' && !planned.fromDialog && !options.target) {
					planned = (await planDestination(document, `${stem}.${ext}`, now)) ?? planned;
				}
				const target = planned.fromDialog || ext === 'png' ? planned.uri : planned.uri.with({ path: planned.uri.path.replace(/\.png$/, `.${ext}`) });
				const bytes = withOurProvenance(image.bytes, image.format, provenance(prompt, result, now));
				saved.push(await saveGeneratedImage(target, bytes, settings.overwriteBehavior === 'overwrite' && !options.fromTool, services.rescueFolder));
			}
			const savedAt = performance.now();
			for (const s of saved) {
				services.log.info(`saved ${s.uri.toString(true)}${s.rescued ? ` (destination failed: ${String(s.error)})` : ''}`);
			}
			const first = saved[0];
			if (first.rescued) {
				void vscode.window.showErrorMessage(
					vscode.l10n.t('The image could not be written to its destination ({0}), so it was kept in {1}.', errorText(first.error), first.uri.fsPath),
				);
			}

			// 5. The link.
			const image = result.images[0];
			const linkRequest = linkRequestFor(document, first.uri, prompt, planned.fromDialog ? undefined : planned.linkBasePath, { width: image.width, height: image.height });
			const link = formatImageLink(linkRequest);
			let inserted = false;
			if (anchor && !first.rescued) {
				inserted = await anchor.insert(settings.insert === 'replaceSelection' ? 'replaceSelection' : 'afterSelection', formatImageLinkSnippet(linkRequest), link);
			}
			const linkedAt = inserted ? performance.now() : undefined;
			// Saved but not linked (and not already told by the rescue message): say where it went, once.
			const notice = !inserted && !first.rescued && options.insertLink !== false ? unlinkedNotice(first.uri, anchor, settings.insert === 'none') : undefined;
			if (notice) {
				void offerLink(notice, first.uri, link);
			}

			// 6. The panel's history.
			const stored: StoredEntry = {
				id: jobId,
				prompt,
				engine: result.parameters.engine,
				details: [result.parameters.details ?? this.jobDetails(engine, { ...options, seed }), result.parameters.usage].filter(Boolean).join(' · '),
				createdAt: startedAt,
				elapsedMs: Date.now() - startedAt,
				files: saved.map((s) => s.uri.toString()),
				link,
				seed: result.parameters.seed,
			};
			await services.history.add(stored);
			services.jobs.finished(jobId, await toHistoryEntry(stored));
			return { files: stored.files, link, inserted, notice, engine: engine.id, revisedPrompts: result.images.map((i) => i.revisedPrompt), timings: { receivedAt: result.receivedAt, savedAt, linkedAt } };
		} catch (err) {
			return this.fail(err, jobAnnounced ? jobId : undefined, options.fromTool);
		} finally {
			anchor?.dispose();
		}
	}

	private jobDetails(engine: ImageEngine, options: GenerateOptions): string {
		if (engine.id === 'gan') {
			return vscode.l10n.t('offline model · seed {0}', options.seed ?? 0);
		}
		const o = readSettings().openai;
		const v = options.overrides;
		return `${v?.model ?? o.model} · ${v?.size ?? o.size} · ${v?.quality ?? o.quality}`;
	}

	private fail(err: unknown, announcedJobId?: string, fromTool = false): GenerateImageOutcome {
		return { files: [], inserted: false, ...this.services.jobs.fail(err, (detail) => vscode.l10n.t('Image generation failed: {0}', detail), announcedJobId, !fromTool) };
	}
}

/** A tool call's own file or folder: the first image keeps the name, `.png` until the format is known. */
function plannedTarget(target: NonNullable<GenerateOptions['target']>, stem: string): PlannedDestination {
	return { uri: target.kind === 'folder' ? vscode.Uri.joinPath(target.uri, `${stem}.png`) : target.uri, linkBasePath: undefined, fromDialog: false };
}

function parseOptions(args: unknown): GenerateOptions {
	if (!args || typeof args !== 'object') {
		return {};
	}
	const a = args as Record<string, unknown>;
	return {
		prompt: typeof a.prompt === 'string' ? a.prompt : undefined,
		engine: a.engine === 'openai' || a.engine === 'gan' ? a.engine : undefined,
		seed: Number.isInteger(a.seed) ? (a.seed as number) : undefined,
		count: Number.isInteger(a.count) && (a.count as number) >= 1 && (a.count as number) <= 10 ? (a.count as number) : undefined,
		insertLink: typeof a.insertLink === 'boolean' ? a.insertLink : undefined,
	};
}

function promptProblem(value: string, limit: number): string | undefined {
	const p = checkPrompt(value, limit);
	if (!p) {
		return undefined;
	}
	return p.kind === 'empty'
		? vscode.l10n.t('Describe the image you want: the prompt is empty.')
		: vscode.l10n.t('The prompt has {0} characters; this model accepts at most {1}. Shorten it.', p.length, p.limit);
}

/**
 * Adds our text chunks to a PNG, except when it carries signed C2PA content credentials (`caBX`,
 * as OpenAI's images do): any added chunk would break that signature, and the credentials already
 * say where the image came from.
 */
function withOurProvenance(bytes: Uint8Array, format: string, p: ReturnType<typeof provenance>): Uint8Array {
	if (format === 'svg') {
		return withSvgProvenance(bytes, p);
	}
	if (format !== 'png' || pngChunkTypes(bytes).includes('caBX')) {
		return bytes;
	}
	return withProvenance(bytes, p);
}

function provenance(prompt: string, result: GenerationResult, now: Date) {
	const p = result.parameters;
	return { prompt, engine: p.engine, model: p.model, size: p.size, quality: p.quality, seed: p.seed, date: now.toISOString() };
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

async function offerLink(message: string, file: vscode.Uri, link: string): Promise<void> {
	const copy = vscode.l10n.t('Copy Link');
	const open = vscode.l10n.t('Open Image');
	const choice = await vscode.window.showInformationMessage(message, copy, open);
	if (choice === copy) {
		await vscode.env.clipboard.writeText(link);
	} else if (choice === open) {
		await vscode.commands.executeCommand('vscode.open', file);
	}
}
