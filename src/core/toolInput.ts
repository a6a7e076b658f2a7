/**
 * The inputs of ImageGen's language model tools (`imagegen_generateImage`, `imagegen_editImage`),
 * checked before anything is planned or spent: the JSON a model sent is `unknown` until these
 * functions accept it. The OpenAI options go through the same rules as the commands
 * (`validateImageOptions` / `validateEditOptions`); paths are workspace paths, never outside a
 * folder. Pure: never imports 'vscode' (the tools word the structured problems).
 */

import * as path from 'node:path';
import { isInsideAnyFolder } from './destination';
import type { ImageFormat } from './imageBytes';
import { findModel } from './modelCatalogue';
import { maxEditImages, validateEditOptions, validateImageOptions, type ImageOptions, type OptionProblem } from './openaiOptions';
import { checkPrompt, normalizeWhitespace } from './prompt';

const posix = path.posix;

/** The values the manifest's schemas list (package.json contributes.languageModelTools); a unit test keeps the two equal. */
export const toolEngines = ['openai', 'offline'] as const;
export const toolFormats = ['png', 'jpeg', 'webp', 'gif', 'svg'] as const;
export const toolQualities = ['auto', 'low', 'medium', 'high', 'xhigh', 'max', 'standard', 'hd'] as const;
export const toolBackgrounds = ['auto', 'opaque', 'transparent'] as const;
export const toolAspectRatios = ['1:1', '3:2', '2:3', '16:9', '9:16', '4:3', '3:4'] as const;
export const maxToolCount = 10;

export type ToolEngine = (typeof toolEngines)[number];
export type ToolFormat = (typeof toolFormats)[number];

/** Extensions a target file may have, and the format each means. */
const targetExtensions: Readonly<Record<string, ToolFormat>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif', svg: 'svg' };

/** One reason a tool call is refused, with what a message needs to say what was wrong and what is allowed. */
export type ToolInputProblem =
	| { readonly kind: 'notObject' }
	| { readonly kind: 'missing'; readonly field: string }
	| { readonly kind: 'type'; readonly field: string; readonly expected: 'string' | 'integer' | 'array of strings' }
	| { readonly kind: 'unknownField'; readonly field: string; readonly allowed: readonly string[] }
	| { readonly kind: 'emptyPrompt' }
	| { readonly kind: 'promptTooLong'; readonly length: number; readonly limit: number }
	| { readonly kind: 'enum'; readonly field: string; readonly value: string; readonly allowed: readonly string[] }
	| { readonly kind: 'count'; readonly value: number; readonly max: number }
	| { readonly kind: 'sizeAndRatio' }
	| { readonly kind: 'ratio'; readonly model: string; readonly ratio: string; readonly allowed: readonly string[] }
	| { readonly kind: 'option'; readonly problem: OptionProblem }
	| { readonly kind: 'offlineOption'; readonly field: string; readonly value: string }
	| { readonly kind: 'noFolder' }
	| { readonly kind: 'pathOutside'; readonly field: string; readonly value: string }
	| { readonly kind: 'pathInvalid'; readonly field: string; readonly value: string }
	| { readonly kind: 'targetExtension'; readonly value: string; readonly allowed: readonly string[] }
	| { readonly kind: 'targetFormat'; readonly value: string; readonly format: string }
	| { readonly kind: 'tooManyReferences'; readonly model: string; readonly count: number; readonly max: number };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly ToolInputProblem[] };

/** The workspace as path logic needs it: folder names and `uri.path`s, the first being the default. */
export interface ToolWorkspace {
	readonly folders: readonly { readonly name: string; readonly path: string }[];
	/** The workspace folder of the active document, when it has one: relative paths start there. */
	readonly activeFolderPath?: string;
	/** `imagegen.allowDestinationOutsideWorkspace`, as the commands honour it. */
	readonly allowOutside: boolean;
}

/** A workspace path the tool was given, resolved. */
export interface ResolvedPath {
	/** The `uri.path` (POSIX, absolute). */
	readonly path: string;
	/** The folder it is in (its `uri.path`), for a `Uri` with that folder's scheme and authority. */
	readonly folderPath: string | undefined;
}

export interface ResolvedTarget extends ResolvedPath {
	/** A file to write (its name may still get `-1` … to avoid a collision), or a folder to write into. */
	readonly kind: 'file' | 'folder';
	/** The format a target file's extension asks for. */
	readonly format?: ToolFormat;
}

/**
 * A path from a model: relative to the active document's workspace folder (or the first one);
 * in a multi-root workspace it may start with a folder's name; an absolute path must be inside a
 * folder. `..` never leads out of the workspace (unless the user allowed destinations outside it).
 */
export function resolveWorkspacePath(value: string, field: string, ws: ToolWorkspace, forWriting: boolean): ResolvedPath | ToolInputProblem {
	if (ws.folders.length === 0) {
		return { kind: 'noFolder' };
	}
	const raw = value.trim().replace(/\\/g, '/');
	if (raw.length === 0 || /^[a-z][a-z0-9+.-]+:\/\//i.test(raw) || raw.includes('\0')) {
		return { kind: 'pathInvalid', field, value };
	}
	let absolute: string;
	if (raw.startsWith('/') || /^[a-z]:\//i.test(raw)) {
		// A Windows path (C:\…) as a file Uri's path has it: `/c:/…`, the drive in lower case.
		absolute = posix.normalize(raw.startsWith('/') ? raw : `/${raw[0].toLowerCase()}${raw.slice(1)}`);
	} else {
		const [first, ...rest] = raw.split('/');
		const named = ws.folders.length > 1 ? ws.folders.find((f) => f.name === first) : undefined;
		const base = named?.path ?? ws.activeFolderPath ?? ws.folders[0].path;
		absolute = posix.join(base, ...(named ? rest : [raw]));
	}
	const folderPaths = ws.folders.map((f) => f.path);
	const folderPath = folderPaths.filter((f) => isInsideAnyFolder(absolute, [f])).sort((a, b) => b.length - a.length)[0];
	if (!folderPath && !(forWriting && ws.allowOutside)) {
		return { kind: 'pathOutside', field, value };
	}
	return { path: absolute.length > 1 ? absolute.replace(/\/$/, '') : absolute, folderPath };
}

/** A target path: a file when its name has an image extension, a folder when it ends in `/` or has no extension. */
export function resolveTarget(value: string, ws: ToolWorkspace): ResolvedTarget | ToolInputProblem {
	const resolved = resolveWorkspacePath(value, 'target', ws, true);
	if ('kind' in resolved) {
		return resolved;
	}
	const trimmed = value.trim();
	const name = posix.basename(resolved.path);
	const dot = name.lastIndexOf('.');
	if (trimmed.endsWith('/') || trimmed.endsWith('\\') || dot <= 0) {
		return { ...resolved, kind: 'folder' };
	}
	const extension = name.slice(dot + 1).toLowerCase();
	const format = targetExtensions[extension];
	if (!format) {
		return { kind: 'targetExtension', value, allowed: Object.keys(targetExtensions).map((e) => `.${e}`) };
	}
	return { ...resolved, kind: 'file', format };
}

// ---- imagegen_generateImage -------------------------------------------------------------------

export const generateFields = ['prompt', 'size', 'aspectRatio', 'quality', 'format', 'count', 'background', 'engine', 'target'] as const;

/** What the generate tool will do, once its input is accepted. */
export interface GeneratePlan {
	readonly prompt: string;
	readonly engine: ToolEngine;
	readonly count: number;
	/** OpenAI only: the options sent, the user's settings with the call's own values over them. */
	readonly options?: ImageOptions;
	/** OpenAI only: what the call set (passed to the engine over the settings). */
	readonly overrides?: { readonly size?: string; readonly quality?: string; readonly background?: string; readonly outputFormat?: string };
	readonly target?: ResolvedTarget;
}

export interface GenerateContext {
	/** The engine when the call names none (`imagegen.engine`, `auto` resolved by the key). */
	readonly defaultEngine: ToolEngine;
	/** The user's OpenAI options (settings). */
	readonly settings: ImageOptions;
	readonly promptLimit: (engine: ToolEngine) => number;
	readonly workspace: ToolWorkspace;
}

export function checkGenerateInput(raw: unknown, ctx: GenerateContext): Checked<GeneratePlan> {
	const problems: ToolInputProblem[] = [];
	const input = fields(raw, generateFields, problems);
	if (!input) {
		return { ok: false, problems };
	}
	const prompt = stringField(input, 'prompt', problems, true);
	const size = stringField(input, 'size', problems);
	const aspectRatio = stringField(input, 'aspectRatio', problems);
	const quality = enumField(input, 'quality', toolQualities, problems);
	const format = enumField(input, 'format', toolFormats, problems);
	const background = enumField(input, 'background', toolBackgrounds, problems);
	const engine = enumField(input, 'engine', toolEngines, problems) ?? ctx.defaultEngine;
	const targetText = stringField(input, 'target', problems);
	const count = integerField(input, 'count', problems);
	// Known OpenAI models have their own limit (dall-e-3 makes one), checked with their other options.
	const countOutOfRange = count !== undefined && (count < 1 || count > maxToolCount);
	if (prompt !== undefined) {
		problems.push(...promptProblems(prompt, ctx.promptLimit(engine)));
	}
	const target = checkTarget(targetText, format, ctx.workspace, problems);
	if (size !== undefined && aspectRatio !== undefined) {
		problems.push({ kind: 'sizeAndRatio' });
	}
	const outputFormat = format ?? target?.format;

	if (engine === 'offline') {
		problems.push(...offlineProblems({ size, aspectRatio, quality, background, format: outputFormat }));
		if (countOutOfRange) {
			problems.push({ kind: 'count', value: count, max: maxToolCount });
		}
		return done(problems, { prompt: normalizeWhitespace(prompt ?? ''), engine, count: count ?? 1, target });
	}

	const model = ctx.settings.model;
	const chosenSize = size ?? (aspectRatio === undefined ? undefined : sizeOfRatio(model, aspectRatio, problems));
	const overrides = { size: chosenSize, quality, background, outputFormat };
	const options: ImageOptions = {
		...ctx.settings,
		size: chosenSize ?? ctx.settings.size,
		quality: quality ?? ctx.settings.quality,
		background: background ?? ctx.settings.background,
		outputFormat: outputFormat ?? ctx.settings.outputFormat,
		// Compression is a JPEG/WebP setting: a call that picks PNG does not inherit it.
		outputCompression: outputFormat === 'png' ? undefined : ctx.settings.outputCompression,
		n: count ?? 1,
	};
	if (findModel(model) !== undefined) {
		problems.push(...validateImageOptions(options).map((problem) => ({ kind: 'option', problem }) as const));
	} else if (countOutOfRange) {
		problems.push({ kind: 'count', value: count, max: maxToolCount });
	}
	return done(problems, { prompt: normalizeWhitespace(prompt ?? ''), engine, count: options.n, options, overrides, target });
}

/** The call's `target`, resolved in the workspace (a problem when it cannot be, or when it names another format than `format`); a call without one needs an open folder. */
function checkTarget(targetText: string | undefined, format: string | undefined, workspace: ToolWorkspace, problems: ToolInputProblem[]): ResolvedTarget | undefined {
	if (targetText === undefined) {
		if (workspace.folders.length === 0) {
			problems.push({ kind: 'noFolder' });
		}
		return undefined;
	}
	const t = resolveTarget(targetText, workspace);
	if (!('path' in t)) {
		problems.push(t);
		return undefined;
	}
	if (t.format && format && t.format !== format) {
		problems.push({ kind: 'targetFormat', value: targetText, format });
	}
	return t;
}

/** The bundled model makes square PNGs of `imagegen.gan.size` pixels, one per seed: any other option is a problem. */
function offlineProblems(o: { readonly size?: string; readonly aspectRatio?: string; readonly quality?: string; readonly background?: string; readonly format?: string }): ToolInputProblem[] {
	const problems: ToolInputProblem[] = [];
	for (const [field, value] of [['size', o.size], ['aspectRatio', o.aspectRatio], ['quality', o.quality], ['background', o.background]] as const) {
		if (value !== undefined && value !== 'auto') {
			problems.push({ kind: 'offlineOption', field, value });
		}
	}
	if (o.format !== undefined && o.format !== 'png') {
		problems.push({ kind: 'offlineOption', field: 'format', value: o.format });
	}
	return problems;
}

/** The size an aspect ratio gives on this model, or a problem (not a ratio the tool takes, or none the model has). */
function sizeOfRatio(model: string, aspectRatio: string, problems: ToolInputProblem[]): string | undefined {
	if (!(toolAspectRatios as readonly string[]).includes(aspectRatio)) {
		problems.push({ kind: 'enum', field: 'aspectRatio', value: aspectRatio, allowed: toolAspectRatios });
		return undefined;
	}
	const size = sizeForAspectRatio(model, aspectRatio);
	if (size === undefined) {
		problems.push({ kind: 'ratio', model, ratio: aspectRatio, allowed: aspectRatiosFor(model) });
	}
	return size;
}

/**
 * The size for an aspect ratio on this model: its own fixed sizes, and for the models that take
 * any size (gpt-image-2) the ratio at about a megapixel, multiples of 16 (the SDK's size rules).
 */
export function sizeForAspectRatio(model: string, ratio: string): string | undefined {
	const entry = findModel(model);
	if (!entry) {
		return undefined;
	}
	// The model's own listed sizes first (src/core/modelCatalogue.ts, from the SDK's docs).
	const listed: Readonly<Record<string, string>> = { '1:1': '1024x1024', '3:2': '1536x1024', '2:3': '1024x1536', '16:9': '1792x1024', '9:16': '1024x1792' };
	const wanted = listed[ratio];
	if (wanted && entry.sizes.sizes.includes(wanted)) {
		return wanted;
	}
	if (entry.sizes.kind === 'flexible') {
		// About a megapixel, sides multiples of 16: within every flexible rule the SDK documents.
		const custom: Readonly<Record<string, string>> = { '16:9': '1536x864', '9:16': '864x1536', '4:3': '1024x768', '3:4': '768x1024' };
		return custom[ratio];
	}
	return undefined;
}

/** The ratios `sizeForAspectRatio` has a size for on this model. */
export function aspectRatiosFor(model: string): string[] {
	return toolAspectRatios.filter((r) => sizeForAspectRatio(model, r) !== undefined);
}

// ---- imagegen_editImage -----------------------------------------------------------------------

export const editFields = ['image', 'prompt', 'mask', 'referenceImages', 'target'] as const;

export interface EditPlan {
	readonly image: ResolvedPath;
	readonly prompt: string;
	readonly mask?: ResolvedPath;
	readonly references: readonly ResolvedPath[];
	readonly target?: ResolvedTarget;
	readonly options: ImageOptions;
}

export interface EditContext {
	readonly settings: ImageOptions;
	readonly promptLimit: number;
	readonly workspace: ToolWorkspace;
}

export function checkEditInput(raw: unknown, ctx: EditContext): Checked<EditPlan> {
	const problems: ToolInputProblem[] = [];
	const input = fields(raw, editFields, problems);
	if (!input) {
		return { ok: false, problems };
	}
	const imageText = stringField(input, 'image', problems, true);
	const prompt = stringField(input, 'prompt', problems, true);
	const maskText = stringField(input, 'mask', problems);
	const targetText = stringField(input, 'target', problems);
	let referenceTexts: string[] = [];
	if (input.referenceImages !== undefined) {
		if (!Array.isArray(input.referenceImages) || !input.referenceImages.every((r): r is string => typeof r === 'string')) {
			problems.push({ kind: 'type', field: 'referenceImages', expected: 'array of strings' });
		} else {
			referenceTexts = input.referenceImages;
		}
	}
	if (prompt !== undefined) {
		problems.push(...promptProblems(prompt, ctx.promptLimit));
	}
	const resolve = (value: string, field: string): ResolvedPath | undefined => {
		const r = resolveWorkspacePath(value, field, ctx.workspace, false);
		if ('kind' in r) {
			problems.push(r);
			return undefined;
		}
		return r;
	};
	const image = imageText !== undefined ? resolve(imageText, 'image') : undefined;
	const mask = maskText !== undefined ? resolve(maskText, 'mask') : undefined;
	const references = referenceTexts.map((r, i) => resolve(r, `referenceImages[${i}]`)).filter((r): r is ResolvedPath => r !== undefined);
	let target: ResolvedTarget | undefined;
	if (targetText !== undefined) {
		const t = resolveTarget(targetText, ctx.workspace);
		if ('path' in t) {
			target = t;
			// An edit comes back in the settings' output format.
			if (t.format && t.format !== ctx.settings.outputFormat) {
				problems.push({ kind: 'targetFormat', value: targetText, format: ctx.settings.outputFormat });
			}
		} else {
			problems.push(t);
		}
	}
	const options: ImageOptions = { ...ctx.settings, n: 1 };
	const imageCount = 1 + referenceTexts.length;
	const max = maxEditImages(options.model);
	if (max !== undefined && imageCount > max) {
		problems.push({ kind: 'tooManyReferences', model: options.model, count: referenceTexts.length, max: max - 1 });
	}
	problems.push(...validateEditOptions(options, 1).map((problem) => ({ kind: 'option', problem }) as const));
	if (problems.length > 0 || !image) {
		return { ok: false, problems };
	}
	return { ok: true, value: { image, prompt: normalizeWhitespace(prompt ?? ''), mask, references, target, options } };
}

// ---- shared ---------------------------------------------------------------------------------------

/** The format a saved file's extension stands for (for a result's text). */
export function formatOfExtension(extension: string): ImageFormat | undefined {
	return targetExtensions[extension.toLowerCase()];
}

function done<T>(problems: readonly ToolInputProblem[], value: T): Checked<T> {
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

function fields(raw: unknown, allowed: readonly string[], problems: ToolInputProblem[]): Record<string, unknown> | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		problems.push({ kind: 'notObject' });
		return undefined;
	}
	const input = raw as Record<string, unknown>;
	for (const key of Object.keys(input)) {
		if (!allowed.includes(key)) {
			problems.push({ kind: 'unknownField', field: key, allowed });
		}
	}
	return input;
}

function stringField(input: Record<string, unknown>, field: string, problems: ToolInputProblem[], required = false): string | undefined {
	const v = input[field];
	if (v === undefined || v === null) {
		if (required) {
			problems.push({ kind: 'missing', field });
		}
		return undefined;
	}
	if (typeof v !== 'string') {
		problems.push({ kind: 'type', field, expected: 'string' });
		return undefined;
	}
	return v;
}

function enumField<T extends string>(input: Record<string, unknown>, field: string, allowed: readonly T[], problems: ToolInputProblem[]): T | undefined {
	const v = stringField(input, field, problems);
	if (v === undefined) {
		return undefined;
	}
	const match = allowed.find((a) => a === v.toLowerCase());
	if (!match) {
		problems.push({ kind: 'enum', field, value: v, allowed });
	}
	return match;
}

function integerField(input: Record<string, unknown>, field: string, problems: ToolInputProblem[]): number | undefined {
	const v = input[field];
	if (v === undefined || v === null) {
		return undefined;
	}
	if (typeof v !== 'number' || !Number.isInteger(v)) {
		problems.push({ kind: 'type', field, expected: 'integer' });
		return undefined;
	}
	return v;
}

function promptProblems(prompt: string, limit: number): ToolInputProblem[] {
	const p = checkPrompt(prompt, limit);
	if (!p) {
		return [];
	}
	return p.kind === 'empty' ? [{ kind: 'emptyPrompt' }] : [{ kind: 'promptTooLong', length: p.length, limit: p.limit }];
}
