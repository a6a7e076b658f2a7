/**
 * Which OpenAI image options each model takes, checked before any request is sent, and the
 * request parameters built from them. Pure: never imports 'vscode' (messages are worded by the
 * caller from the structured problems below).
 *
 * Every rule comes from the model catalogue (modelCatalogue.ts, where each is cited). Models the
 * catalogue does not know are passed through unchecked: new models appear often, and the API's
 * own answer is shown.
 */
import { imageSize, pngHasAlpha } from './imageBytes';
import { findModel, isRetired, sizeProblem, type ModelEntry, type ModelOption, type SizeProblem } from './modelCatalogue';

export { defaultModel, findModel, modelCatalogue } from './modelCatalogue';

/** The options as the settings hold them. `auto`, `png`, `vivid` … are the API's own defaults. */
export interface ImageOptions {
	readonly model: string;
	readonly size: string;
	readonly quality: string;
	readonly n: number;
	readonly background: string;
	readonly outputFormat: string;
	/** Undefined: the API's default (100). */
	readonly outputCompression?: number;
	readonly moderation: string;
	readonly style: string;
	/** `auto`: not sent (the model's own default). */
	readonly complexity?: string;
	/** The SVG author model (`svg.model`), for `svg` output; empty: not sent. */
	readonly svgModel?: string;
	/** GIF frames (2–16), for `gif` output; undefined: the API's default (9). */
	readonly frameCount?: number;
	/** Milliseconds per GIF frame; undefined: the API's default (200). */
	readonly frameDurationMs?: number;
	/** 0: no streaming. */
	readonly partialImages: number;
}

export const optionDefaults = {
	background: 'auto',
	outputFormat: 'png',
	moderation: 'auto',
	style: 'vivid',
	complexity: 'auto',
	partialImages: 2,
} as const;

/** The setting each option comes from, for the Open Setting action. */
export type OptionName =
	| 'model'
	| 'size'
	| 'quality'
	| 'n'
	| 'background'
	| 'outputFormat'
	| 'outputCompression'
	| 'moderation'
	| 'style'
	| 'complexity'
	| 'frameCount'
	| 'frameDurationMs'
	| 'partialImages';

export function settingId(option: OptionName): string {
	return `imagegen.openai.${option}`;
}

/** One reason a request would be refused, with what a message needs to name the combination. */
export type OptionProblem =
	| { readonly kind: 'retired'; readonly model: string; readonly date: string; readonly successors: readonly string[] }
	| { readonly kind: 'size'; readonly model: string; readonly size: string; readonly allowed: readonly string[] }
	| { readonly kind: 'customSize'; readonly model: string; readonly size: string; readonly reason: Exclude<SizeProblem, 'notListed'> }
	| { readonly kind: 'quality'; readonly model: string; readonly quality: string; readonly allowed: readonly string[] }
	| { readonly kind: 'n'; readonly model: string; readonly n: number; readonly max: number }
	| { readonly kind: 'transparentModel'; readonly model: string }
	| { readonly kind: 'transparentFormat'; readonly model: string; readonly format: string }
	| { readonly kind: 'compressionFormat'; readonly model: string; readonly format: string }
	| { readonly kind: 'compressionRange'; readonly value: number }
	| { readonly kind: 'formatN'; readonly model: string; readonly format: 'svg'; readonly n: number }
	| { readonly kind: 'frameCount'; readonly value: number }
	| { readonly kind: 'frameDuration'; readonly value: number }
	| { readonly kind: 'gifMask'; readonly model: string }
	| { readonly kind: 'value'; readonly option: 'background' | 'outputFormat' | 'moderation' | 'style' | 'complexity' | 'partialImages'; readonly value: string; readonly allowed: readonly string[] }
	| { readonly kind: 'unsupported'; readonly model: string; readonly option: 'background' | 'outputFormat' | 'outputCompression' | 'moderation' | 'style' | 'complexity'; readonly value: string }
	| { readonly kind: 'editModel'; readonly model: string }
	| { readonly kind: 'editImages'; readonly model: string; readonly count: number; readonly max: number }
	| { readonly kind: 'mask'; readonly model: string };

/** The setting to open for a problem. */
export function problemSetting(p: OptionProblem): string {
	switch (p.kind) {
		case 'retired':
			return settingId('model');
		case 'size':
		case 'customSize':
			return settingId('size');
		case 'quality':
			return settingId('quality');
		case 'n':
		case 'formatN':
			return settingId('n');
		case 'transparentModel':
		case 'transparentFormat':
			return settingId('background');
		case 'compressionFormat':
		case 'compressionRange':
			return settingId('outputCompression');
		case 'frameCount':
			return settingId('frameCount');
		case 'frameDuration':
			return settingId('frameDurationMs');
		case 'gifMask':
			return settingId('outputFormat');
		case 'value':
		case 'unsupported':
			return settingId(p.option);
		case 'editModel':
		case 'editImages':
		case 'mask':
			return settingId('model');
		default: {
			const never: never = p;
			throw new Error(`unknown problem ${JSON.stringify(never)}`);
		}
	}
}

const partialImageValues = ['0', '1', '2', '3'];
const moderations = ['auto', 'low'];
const styles = ['vivid', 'natural'];

/** The retirement problem for a model the API no longer serves (checked only against OpenAI's own endpoint). */
export function retiredProblem(model: string, now: Date = new Date()): OptionProblem | undefined {
	const entry = findModel(model);
	return entry && isRetired(entry, now) ? { kind: 'retired', model, date: entry.retired.date, successors: entry.retired.successors } : undefined;
}

/** Every problem with these options for this model, in the order the settings are listed; empty when the request may go. */
export function validateImageOptions(o: ImageOptions): OptionProblem[] {
	const problems: OptionProblem[] = [];
	// Values that are wrong whatever the model (the settings' schema allows free text in places).
	if (!Number.isInteger(o.partialImages) || o.partialImages < 0 || o.partialImages > 3) {
		problems.push({ kind: 'value', option: 'partialImages', value: String(o.partialImages), allowed: partialImageValues });
	}
	const entry = findModel(o.model);
	if (!entry) {
		return problems;
	}
	if (!Number.isInteger(o.n) || o.n < 1 || o.n > entry.maxN) {
		problems.push({ kind: 'n', model: o.model, n: o.n, max: entry.maxN });
	}
	const size = sizeProblem(entry, o.size);
	if (size === 'notListed') {
		problems.push({ kind: 'size', model: o.model, size: o.size, allowed: entry.sizes.kind === 'flexible' ? [...entry.sizes.sizes, 'WIDTHxHEIGHT'] : entry.sizes.sizes });
	} else if (size) {
		problems.push({ kind: 'customSize', model: o.model, size: o.size, reason: size });
	}
	if (!entry.qualities.includes(o.quality)) {
		problems.push({ kind: 'quality', model: o.model, quality: o.quality, allowed: entry.qualities });
	}
	problems.push(...choiceProblems(entry, o), ...formatProblems(entry, o));
	return problems;
}

/** The options that are one of a list: each one the model takes must be on its list, and one it does not take must be left at its default. */
function choiceProblems(entry: ModelEntry, o: ImageOptions): OptionProblem[] {
	const problems: OptionProblem[] = [];
	const takes = (option: ModelOption) => entry.options.includes(option);
	const complexity = o.complexity ?? optionDefaults.complexity;
	for (const [option, value, allowed, fallback] of [
		['background', o.background, entry.backgrounds, optionDefaults.background],
		['outputFormat', o.outputFormat, entry.outputFormats, optionDefaults.outputFormat],
		['moderation', o.moderation, moderations, optionDefaults.moderation],
		['complexity', complexity, ['auto', ...entry.complexities], optionDefaults.complexity],
		['style', o.style, styles, optionDefaults.style],
	] as const) {
		if (!takes(option)) {
			if (value !== fallback) {
				problems.push({ kind: 'unsupported', model: o.model, option, value });
			}
		} else if (!(allowed as readonly string[]).includes(value)) {
			problems.push({ kind: 'value', option, value, allowed });
		}
	}
	return problems;
}

/** What the output format allows: transparency, compression, SVG's one image, a GIF's frames. */
function formatProblems(entry: ModelEntry, o: ImageOptions): OptionProblem[] {
	const problems: OptionProblem[] = [];
	const takes = (option: ModelOption) => entry.options.includes(option);
	if (takes('background') && o.background === 'transparent') {
		if (!entry.backgrounds.includes('transparent')) {
			problems.push({ kind: 'transparentModel', model: o.model });
		} else if (o.outputFormat !== 'png' && o.outputFormat !== 'webp') {
			// [sdk] "When using `transparent`, set the output format to `png` or `webp`."
			problems.push({ kind: 'transparentFormat', model: o.model, format: o.outputFormat });
		}
	}
	if (o.outputCompression !== undefined) {
		if (!takes('outputCompression')) {
			problems.push({ kind: 'unsupported', model: o.model, option: 'outputCompression', value: String(o.outputCompression) });
		} else if (!Number.isInteger(o.outputCompression) || o.outputCompression < 0 || o.outputCompression > 100) {
			problems.push({ kind: 'compressionRange', value: o.outputCompression });
		} else if (o.outputFormat !== 'jpeg' && o.outputFormat !== 'webp') {
			// [sdk] "only supported for the GPT image models with the `webp` or `jpeg` output formats"; SVG and GIF: "cannot use … output compression".
			problems.push({ kind: 'compressionFormat', model: o.model, format: o.outputFormat });
		}
	}
	if (o.outputFormat === 'svg' && o.n !== 1 && entry.outputFormats.includes('svg')) {
		// [sdk] svg: "SVG generation requires n=1".
		problems.push({ kind: 'formatN', model: o.model, format: 'svg', n: o.n });
	}
	if (o.outputFormat === 'gif') {
		// [sdk] frame_count: "Accepts integers from 2 through 16"; frame_duration_ms: rounded to 10 ms, capped at 655,350 ms.
		if (o.frameCount !== undefined && (!Number.isInteger(o.frameCount) || o.frameCount < 2 || o.frameCount > 16)) {
			problems.push({ kind: 'frameCount', value: o.frameCount });
		}
		if (o.frameDurationMs !== undefined && (!Number.isInteger(o.frameDurationMs) || o.frameDurationMs < 0)) {
			problems.push({ kind: 'frameDuration', value: o.frameDurationMs });
		}
	}
	return problems;
}

/** The most input images an edit takes (the catalogue's), or undefined for a model that does not edit or is unknown. */
export function maxEditImages(model: string): number | undefined {
	return findModel(model)?.edits?.maxImages;
}

/**
 * Problems with an edit of `imageCount` images (the original first, then references): the
 * generation rules, except that style and moderation are not edit options (never sent), plus the
 * models that do not edit and how many images each takes.
 */
export function validateEditOptions(o: ImageOptions, imageCount: number, hasMask = false): OptionProblem[] {
	const entry = findModel(o.model);
	if (entry && !entry.edits) {
		return [{ kind: 'editModel', model: o.model }];
	}
	const problems = validateImageOptions({ ...o, style: optionDefaults.style, moderation: optionDefaults.moderation });
	if (entry?.edits && imageCount > entry.edits.maxImages) {
		problems.push({ kind: 'editImages', model: o.model, count: imageCount, max: entry.edits.maxImages });
	}
	if (hasMask && entry?.edits && !entry.edits.mask) {
		problems.push({ kind: 'mask', model: o.model });
	}
	if (hasMask && o.outputFormat === 'gif' && entry) {
		// [sdk] frame_count: "GIF output does not support streaming, partial images, masks, or custom output compression."
		problems.push({ kind: 'gifMask', model: o.model });
	}
	return problems;
}

/** True when this request is sent with `stream: true` and shows partial images as they arrive. */
export function streams(o: Pick<ImageOptions, 'model' | 'n' | 'partialImages'> & { readonly outputFormat?: string }): boolean {
	// One image per stream: the stream's events carry no image index, so several images come in one answer.
	// [sdk] SVG "does not support streaming, partial images"; GIF "does not support streaming, partial images".
	const format = o.outputFormat ?? optionDefaults.outputFormat;
	return findModel(o.model)?.streaming === true && o.n === 1 && o.partialImages > 0 && format !== 'svg' && format !== 'gif';
}

/** The parameters sent, shared by generations and edits. Only what differs from the API's defaults, except `model` (always: the API's default is an old model) and a GPT model's size and quality. */
export interface ImageRequestParams {
	model: string;
	prompt: string;
	n?: number;
	size?: string;
	quality?: string;
	background?: 'transparent' | 'opaque' | 'auto';
	output_format?: 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';
	output_compression?: number;
	moderation?: 'low' | 'auto';
	complexity?: 'low' | 'medium' | 'high';
	svg?: { model: string };
	frame_count?: number;
	frame_duration_ms?: number;
	style?: 'vivid' | 'natural';
	response_format?: 'b64_json';
	stream?: true;
	partial_images?: number;
}

export function buildImageParams(o: ImageOptions, prompt: string, kind: 'generate' | 'edit' = 'generate'): ImageRequestParams {
	const entry: ModelEntry | undefined = findModel(o.model);
	const params: ImageRequestParams = { model: o.model, prompt };
	if (o.n !== 1) {
		params.n = o.n;
	}
	if (!(entry?.omitAuto && o.size === 'auto')) {
		params.size = o.size;
	}
	if (!(entry?.omitAuto && o.quality === 'auto')) {
		params.quality = o.quality;
	}
	if (entry?.needsResponseFormat) {
		// DALL·E answers with short-lived URLs unless asked for the bytes.
		params.response_format = 'b64_json';
	}
	// Options a known model does not take were refused before; for an unknown model whatever the user set is sent
	// (except `style`, a legacy DALL·E parameter the GPT models reject).
	const takes = (option: ModelOption) => !entry || entry.options.includes(option);
	if (takes('style') && entry && kind === 'generate' && o.style !== optionDefaults.style) {
		params.style = o.style as 'natural';
	}
	if (takes('background') && o.background !== optionDefaults.background) {
		params.background = o.background as 'transparent' | 'opaque';
	}
	if (takes('outputFormat') && o.outputFormat !== optionDefaults.outputFormat) {
		params.output_format = o.outputFormat as 'jpeg' | 'webp' | 'gif' | 'svg';
	}
	if (takes('outputCompression') && o.outputCompression !== undefined) {
		params.output_compression = o.outputCompression;
	}
	if (takes('moderation') && o.moderation !== optionDefaults.moderation && kind === 'generate') {
		params.moderation = o.moderation as 'low';
	}
	if (takes('complexity') && o.complexity !== undefined && o.complexity !== optionDefaults.complexity) {
		params.complexity = o.complexity as 'low';
	}
	// Sub-options of a format go only with that format ([sdk]: svg "Requires output_format=svg"; frame_count
	// "Only supported with output_format=gif").
	if (o.outputFormat === 'svg' && o.svgModel) {
		params.svg = { model: o.svgModel };
	}
	if (o.outputFormat === 'gif') {
		if (o.frameCount !== undefined) {
			params.frame_count = o.frameCount;
		}
		if (o.frameDurationMs !== undefined) {
			params.frame_duration_ms = o.frameDurationMs;
		}
	}
	if (streams(o)) {
		params.stream = true;
		params.partial_images = o.partialImages;
	}
	return params;
}

// ---- usage and cost -------------------------------------------------------------------------

export interface TokenUsage {
	readonly input_tokens: number;
	readonly output_tokens: number;
	readonly total_tokens: number;
	readonly input_tokens_details?: { readonly text_tokens?: number; readonly image_tokens?: number };
	/** [sdk] `ImagesResponse.Usage.output_tokens_details`: "The number of image output tokens" and text output tokens. */
	readonly output_tokens_details?: { readonly text_tokens?: number; readonly image_tokens?: number };
}

/** US dollars per million tokens, as the user typed them into `imagegen.openai.prices`. */
export interface ModelPrices {
	readonly input?: number;
	/** Image tokens in the input (edits, reference images); defaults to `input`. */
	readonly imageInput?: number;
	readonly output?: number;
	/** Image tokens in the output, when they cost more than text output (`output`); defaults to `output`. */
	readonly imageOutput?: number;
}

/** The user's price table, keeping only well-formed entries. */
export function parsePriceTable(value: unknown): Record<string, ModelPrices> {
	const out: Record<string, ModelPrices> = {};
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return out;
	}
	for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
		if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
			continue;
		}
		const e = entry as Record<string, unknown>;
		const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
		const prices: ModelPrices = { input: num(e.input), imageInput: num(e.imageInput), output: num(e.output), ...(num(e.imageOutput) !== undefined ? { imageOutput: num(e.imageOutput) } : {}) };
		if (prices.input !== undefined || prices.output !== undefined || prices.imageInput !== undefined) {
			out[model] = prices;
		}
	}
	return out;
}

/** The estimated cost in US dollars from the user's own prices; undefined without a price for every kind of token used. */
export function estimateCost(usage: TokenUsage, prices: ModelPrices | undefined): number | undefined {
	if (!prices || prices.output === undefined) {
		return undefined;
	}
	const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
	const textIn = usage.input_tokens_details?.text_tokens ?? usage.input_tokens - imageIn;
	const imageInPrice = prices.imageInput ?? prices.input;
	if ((textIn > 0 && prices.input === undefined) || (imageIn > 0 && imageInPrice === undefined)) {
		return undefined;
	}
	// Output split into text and image tokens when the answer says how many of each and the table prices image output.
	const imageOut = usage.output_tokens_details?.image_tokens;
	const output =
		prices.imageOutput !== undefined && imageOut !== undefined
			? (usage.output_tokens - imageOut) * prices.output + imageOut * prices.imageOutput
			: usage.output_tokens * prices.output;
	return (textIn * (prices.input ?? 0) + imageIn * (imageInPrice ?? 0) + output) / 1e6;
}

/** Dollars with enough digits to be useful for small amounts: $0.042, $0.0021, $1.20. */
export function formatDollars(amount: number): string {
	return `$${amount === 0 || amount >= 0.1 ? amount.toFixed(2) : amount.toPrecision(2)}`;
}

// ---- edit inputs ----------------------------------------------------------------------------

export type MaskProblem =
	| { readonly kind: 'notPng' }
	| { readonly kind: 'noAlpha' }
	| { readonly kind: 'size'; readonly mask: string; readonly image: string };

/** Why a mask cannot be used with this image: it must be a PNG with transparency, of the image's size. */
export function maskProblem(mask: Uint8Array, image: Uint8Array): MaskProblem | undefined {
	const m = imageSize(mask);
	if (!m || mask[0] !== 0x89) {
		return { kind: 'notPng' };
	}
	if (!pngHasAlpha(mask)) {
		return { kind: 'noAlpha' };
	}
	const i = imageSize(image);
	if (i && (i.width !== m.width || i.height !== m.height)) {
		return { kind: 'size', mask: `${m.width}x${m.height}`, image: `${i.width}x${i.height}` };
	}
	return undefined;
}

/** The name of an edited image, beside the original: `photo.jpg` → `photo-edited.png` (the result's own format). */
export function editedFileName(original: string, extension: string): string {
	const dot = original.lastIndexOf('.');
	const stem = dot > 0 ? original.slice(0, dot) : original;
	return `${stem}-edited.${extension}`;
}
