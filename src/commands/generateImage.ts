import * as vscode from 'vscode';
import { readSettings } from '../config';
import { extensionFor, fileStemFromPrompt } from '../core/fileName';
import { relativeLinkPath } from '../core/destination';
import { formatImageLink, formatImageLinkSnippet } from '../core/linkSyntax';
import { withProvenance } from '../core/pngText';
import { checkPrompt, normalizeWhitespace, promptFromSelections, type SelectedText } from '../core/prompt';
import type { Log } from '../log';
import { EngineError, GenerationCancelled, type GenerationResult, type ImageEngine } from '../providers/engine';
import type { EngineRegistry } from '../providers/engineRegistry';
import { planDestination, type PlannedDestination } from '../workspace/destination';
import { saveGeneratedImage, type SavedImage } from '../workspace/imageFiles';
import { LinkAnchor } from '../workspace/linkInsertion';

export const generateImageCommand = 'imagegen.generateImage';
const lastPromptKey = 'imagegen.lastPrompt';

/** Arguments other parts of the extension (and tests) may pass; the palette passes none. */
export interface GenerateImageArgs {
	readonly prompt?: string;
}

/** What the command did: returned to callers (tests, benchmarks), shown to users as files and a link. */
export interface GenerateImageOutcome {
	readonly files: readonly string[];
	readonly link?: string;
	readonly inserted: boolean;
	readonly error?: { readonly message: string; readonly actions: readonly string[] };
	readonly cancelled?: boolean;
	/** performance.now() marks: engine answer complete, first file saved, link in the document. */
	readonly timings?: { readonly receivedAt: number; readonly savedAt: number; readonly linkedAt?: number };
}

export interface GenerateImageServices {
	readonly engines: EngineRegistry;
	readonly log: Log;
	readonly workspaceState: vscode.Memento;
	readonly rescueFolder: vscode.Uri;
}

export const cancelGenerationCommand = 'imagegen.cancelGeneration';

export function registerGenerateImage(services: GenerateImageServices): vscode.Disposable {
	const running = new RunningJobs();
	return vscode.Disposable.from(
		running,
		vscode.commands.registerCommand(generateImageCommand, (args?: unknown) => generateImage(services, running, parseArgs(args))),
		vscode.commands.registerCommand(cancelGenerationCommand, () => running.cancelAll()),
	);
}

/** Generations in flight, so that Cancel Generation (palette, panel) can stop them as the notification's button does. */
class RunningJobs implements vscode.Disposable {
	private readonly jobs = new Set<vscode.CancellationTokenSource>();

	start(linked: vscode.CancellationToken): vscode.CancellationTokenSource {
		const source = new vscode.CancellationTokenSource();
		const sub = linked.onCancellationRequested(() => source.cancel());
		source.token.onCancellationRequested(() => sub.dispose());
		this.jobs.add(source);
		void this.updateContext();
		return source;
	}

	finish(source: vscode.CancellationTokenSource): void {
		this.jobs.delete(source);
		source.dispose();
		void this.updateContext();
	}

	cancelAll(): number {
		const n = this.jobs.size;
		for (const job of this.jobs) {
			job.cancel();
		}
		return n;
	}

	private updateContext(): Thenable<unknown> {
		return vscode.commands.executeCommand('setContext', 'imagegen.generating', this.jobs.size > 0);
	}

	dispose(): void {
		this.cancelAll();
		this.jobs.clear();
	}
}

function parseArgs(args: unknown): GenerateImageArgs {
	if (args && typeof args === 'object' && 'prompt' in args && typeof args.prompt === 'string') {
		return { prompt: args.prompt };
	}
	return {};
}

async function generateImage(services: GenerateImageServices, running: RunningJobs, args: GenerateImageArgs): Promise<GenerateImageOutcome | undefined> {
	const editor = vscode.window.activeTextEditor;
	const document = editor?.document;
	let engine: ImageEngine;
	try {
		engine = await services.engines.current();
	} catch (err) {
		return fail(services, err);
	}
	const limit = engine.promptLimit();

	// 1. The prompt: the argument, else the selection(s), else an input box.
	const fromSelection = !args.prompt && editor ? promptFromSelections(editor.selections.map((s) => toSelectedText(editor.document, s))) : undefined;
	let prompt = args.prompt ?? fromSelection?.prompt;
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
		return fail(services, new EngineError(problem));
	}
	await services.workspaceState.update(lastPromptKey, prompt);

	const settings = readSettings(document?.uri);
	const anchor =
		editor && settings.insert !== 'none'
			? new LinkAnchor(editor.document, fromSelection ? rangeOf(editor.document, fromSelection.anchor) : editor.selection, fromSelection !== undefined)
			: undefined;
	try {
		// 2. Where it goes, decided (and refused) before anything is spent.
		const now = new Date();
		const stem = fileStemFromPrompt(prompt);
		let planned = await planDestination(document, `${stem}.png`, now);
		if (!planned) {
			return undefined;
		}

		// 3. The image.
		const result = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ImageGen'), cancellable: true },
			async (progress, token) => {
				const job = running.start(token);
				try {
					return await engine.generate({ prompt, count: 1 }, job.token, (message) => progress.report({ message }));
				} finally {
					running.finish(job);
				}
			},
		);

		// 4. Saved before anything else can fail.
		const saved: SavedImage[] = [];
		for (const image of result.images) {
			const ext = extensionFor(image.format);
			if (ext !== 'png' && !planned.fromDialog) {
				planned = (await planDestination(document, `${stem}.${ext}`, now)) ?? planned;
			}
			const target = planned.fromDialog || ext === 'png' ? planned.uri : planned.uri.with({ path: planned.uri.path.replace(/\.png$/, `.${ext}`) });
			const bytes = image.format === 'png' ? withProvenance(image.bytes, provenance(prompt, result, now)) : image.bytes;
			saved.push(await saveGeneratedImage(target, bytes, settings.overwriteBehavior === 'overwrite', services.rescueFolder));
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
		const linkPath = linkPathFor(planned, first.uri);
		const linkRequest = { languageId: document?.languageId ?? 'markdown', path: linkPath, alt: prompt, template: settings.linkTemplate };
		const link = formatImageLink(linkRequest);
		let inserted = false;
		if (anchor && !first.rescued) {
			inserted = await anchor.insert(settings.insert === 'replaceSelection' ? 'replaceSelection' : 'afterSelection', formatImageLinkSnippet(linkRequest), link);
			if (!inserted && anchor.isClosed) {
				void offerLink(first.uri, link);
			}
		}
		const linkedAt = inserted ? performance.now() : undefined;
		return { files: saved.map((s) => s.uri.toString()), link, inserted, timings: { receivedAt: result.receivedAt, savedAt, linkedAt } };
	} catch (err) {
		return fail(services, err);
	} finally {
		anchor?.dispose();
	}
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

function provenance(prompt: string, result: GenerationResult, now: Date) {
	const p = result.parameters;
	return { prompt, engine: p.engine, model: p.model, size: p.size, seed: p.seed, date: now.toISOString() };
}

function linkPathFor(planned: PlannedDestination, file: vscode.Uri): string {
	return planned.linkBasePath !== undefined ? relativeLinkPath(`${planned.linkBasePath}/_`, file.path) : file.path;
}

function toSelectedText(document: vscode.TextDocument, s: vscode.Selection): SelectedText {
	return { start: document.offsetAt(s.start), end: document.offsetAt(s.end), text: document.getText(s) };
}

function rangeOf(document: vscode.TextDocument, s: SelectedText): vscode.Range {
	return new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
}

async function offerLink(file: vscode.Uri, link: string): Promise<void> {
	const copy = vscode.l10n.t('Copy Markdown Link');
	const open = vscode.l10n.t('Open Image');
	const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The image was saved to {0}, but its document was closed, so no link was inserted.', vscode.workspace.asRelativePath(file)), copy, open);
	if (choice === copy) {
		await vscode.env.clipboard.writeText(link);
	} else if (choice === open) {
		await vscode.commands.executeCommand('vscode.open', file);
	}
}

function fail(services: GenerateImageServices, err: unknown): GenerateImageOutcome {
	if (err instanceof GenerationCancelled) {
		services.log.info('cancelled; nothing written');
		return { files: [], inserted: false, cancelled: true };
	}
	const error = err instanceof EngineError ? err : new EngineError(vscode.l10n.t('Image generation failed: {0}', errorText(err)));
	services.log.error(error.message);
	const show = error.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
	void show(error.message, ...error.actions.map((a) => a.title)).then((choice) => {
		const action = error.actions.find((a) => a.title === choice);
		if (action) {
			void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
		}
	});
	return { files: [], inserted: false, error: { message: error.message, actions: error.actions.map((a) => a.title) } };
}

function errorText(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
