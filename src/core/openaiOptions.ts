/**
 * Which OpenAI image options each model takes, checked before any request is sent, and the
 * request parameters built from them. Pure: never imports 'vscode' (messages are worded by the
 * caller from the structured problems below).
 *
 * Rules from the `openai` SDK's documentation of the Images API (v6.30). Models this table does not
 * know are passed through unchecked: new models appear often, and the API's own answer is shown.
 */

export type ModelFamily = 'gptImage' | 'dallE3' | 'dallE2' | 'unknown';

/** GPT image models; the first two also take arbitrary sizes but no transparent background. */
export const gptImageModels = ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-1.5', 'gpt-image-1', 'gpt-image-1-mini', 'chatgpt-image-latest'] as const;
const gptImage2Models: readonly string[] = ['gpt-image-2', 'gpt-image-2-2026-04-21'];

export function modelFamily(model: string): ModelFamily {
	if ((gptImageModels as readonly string[]).includes(model)) {
		return 'gptImage';
	}
	if (model === 'dall-e-3') {
		return 'dallE3';
	}
	if (model === 'dall-e-2') {
		return 'dallE2';
	}
	return 'unknown';
}

export function takesCustomSizes(model: string): boolean {
	return gptImage2Models.includes(model);
}

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
	/** 0: no streaming. */
	readonly partialImages: number;
}

export const optionDefaults = {
	background: 'auto',
	outputFormat: 'png',
	moderation: 'auto',
	style: 'vivid',
	partialImages: 2,
} as const;

/** The setting each option comes from, for the Open Setting action. */
export type OptionName = 'model' | 'size' | 'quality' | 'n' | 'background' | 'outputFormat' | 'outputCompression' | 'moderation' | 'style' | 'partialImages';

export function settingId(option: OptionName): string {
	return `imagegen.openai.${option}`;
}

/** One reason a request would be refused, with what a message needs to name the combination. */
export type OptionProblem =
	| { readonly kind: 'size'; readonly model: string; readonly size: string; readonly allowed: readonly string[] }
	| { readonly kind: 'customSize'; readonly model: string; readonly size: string; readonly reason: 'multipleOf16' | 'aspect' | 'tooLarge' }
	| { readonly kind: 'quality'; readonly model: string; readonly quality: string; readonly allowed: readonly string[] }
	| { readonly kind: 'n'; readonly model: string; readonly n: number; readonly max: number }
	| { readonly kind: 'transparentModel'; readonly model: string }
	| { readonly kind: 'transparentFormat'; readonly model: string; readonly format: string }
	| { readonly kind: 'compressionFormat'; readonly model: string; readonly format: string }
	| { readonly kind: 'compressionRange'; readonly value: number }
	| { readonly kind: 'value'; readonly option: 'background' | 'outputFormat' | 'moderation' | 'style' | 'partialImages'; readonly value: string; readonly allowed: readonly string[] }
	| { readonly kind: 'unsupported'; readonly model: string; readonly option: 'background' | 'outputFormat' | 'outputCompression' | 'moderation' | 'style'; readonly value: string }
	| { readonly kind: 'editModel'; readonly model: string }
	| { readonly kind: 'editImages'; readonly model: string; readonly count: number; readonly max: number };

/** The setting to open for a problem. */
export function problemSetting(p: OptionProblem): string {
	switch (p.kind) {
		case 'size':
		case 'customSize':
			return settingId('size');
		case 'quality':
			return settingId('quality');
		case 'n':
			return settingId('n');
		case 'transparentModel':
		case 'transparentFormat':
			return settingId('background');
		case 'compressionFormat':
		case 'compressionRange':
			return settingId('outputCompression');
		case 'value':
		case 'unsupported':
			return settingId(p.option);
		case 'editModel':
		case 'editImages':
			return settingId('model');
		default: {
			const never: never = p;
			throw new Error(`unknown problem ${JSON.stringify(never)}`);
		}
	}
}

const gptSizes = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const dallE3Sizes = ['1024x1024', '1792x1024', '1024x1792'];
const dallE2Sizes = ['256x256', '512x512', '1024x1024'];
const gptQualities = ['auto', 'low', 'medium', 'high'];
const backgrounds = ['auto', 'opaque', 'transparent'];
const outputFormats = ['png', 'jpeg', 'webp'];
const moderations = ['auto', 'low'];
const styles = ['vivid', 'natural'];

/** Largest size gpt-image-2 takes, either way round (the SDK: "the maximum supported resolution is 3840x2160"). */
export const maxCustomEdge = { long: 3840, short: 2160 } as const;

/** Every problem with these options for this model, in the order the settings are listed; empty when the request may go. */
export function validateImageOptions(o: ImageOptions): OptionProblem[] {
	const problems: OptionProblem[] = [];
	// Values that are wrong whatever the model (the settings' schema allows free text in places).
	if (!Number.isInteger(o.partialImages) || o.partialImages < 0 || o.partialImages > 3) {
		problems.push({ kind: 'value', option: 'partialImages', value: String(o.partialImages), allowed: ['0', '1', '2', '3'] });
	}
	const family = modelFamily(o.model);
	if (family === 'unknown') {
		return problems;
	}
	if (!Number.isInteger(o.n) || o.n < 1 || o.n > (family === 'dallE3' ? 1 : 10)) {
		problems.push({ kind: 'n', model: o.model, n: o.n, max: family === 'dallE3' ? 1 : 10 });
	}
	if (family === 'gptImage') {
		problems.push(...gptSizeProblems(o.model, o.size));
		if (!gptQualities.includes(o.quality)) {
			problems.push({ kind: 'quality', model: o.model, quality: o.quality, allowed: gptQualities });
		}
		for (const [option, value, allowed] of [
			['background', o.background, backgrounds],
			['outputFormat', o.outputFormat, outputFormats],
			['moderation', o.moderation, moderations],
		] as const) {
			if (!allowed.includes(value)) {
				problems.push({ kind: 'value', option, value, allowed });
			}
		}
		if (o.background === 'transparent') {
			if (takesCustomSizes(o.model)) {
				problems.push({ kind: 'transparentModel', model: o.model });
			} else if (o.outputFormat === 'jpeg') {
				problems.push({ kind: 'transparentFormat', model: o.model, format: o.outputFormat });
			}
		}
		if (o.outputCompression !== undefined) {
			if (!Number.isInteger(o.outputCompression) || o.outputCompression < 0 || o.outputCompression > 100) {
				problems.push({ kind: 'compressionRange', value: o.outputCompression });
			} else if (o.outputFormat !== 'jpeg' && o.outputFormat !== 'webp') {
				problems.push({ kind: 'compressionFormat', model: o.model, format: o.outputFormat });
			}
		}
		if (o.style !== optionDefaults.style) {
			problems.push({ kind: 'unsupported', model: o.model, option: 'style', value: o.style });
		}
		return problems;
	}

	// DALL·E: its own sizes and qualities ('auto' means "leave it to the API"), none of the GPT options.
	const sizes = family === 'dallE3' ? dallE3Sizes : dallE2Sizes;
	if (o.size !== 'auto' && !sizes.includes(o.size)) {
		problems.push({ kind: 'size', model: o.model, size: o.size, allowed: sizes });
	}
	const qualities = family === 'dallE3' ? ['auto', 'standard', 'hd'] : ['auto', 'standard'];
	if (!qualities.includes(o.quality)) {
		problems.push({ kind: 'quality', model: o.model, quality: o.quality, allowed: qualities });
	}
	for (const [option, value, fallback] of [
		['background', o.background, optionDefaults.background],
		['outputFormat', o.outputFormat, optionDefaults.outputFormat],
		['moderation', o.moderation, optionDefaults.moderation],
	] as const) {
		if (value !== fallback) {
			problems.push({ kind: 'unsupported', model: o.model, option, value });
		}
	}
	if (o.outputCompression !== undefined) {
		problems.push({ kind: 'unsupported', model: o.model, option: 'outputCompression', value: String(o.outputCompression) });
	}
	if (family === 'dallE3' && !styles.includes(o.style)) {
		problems.push({ kind: 'value', option: 'style', value: o.style, allowed: styles });
	} else if (family === 'dallE2' && o.style !== optionDefaults.style) {
		problems.push({ kind: 'unsupported', model: o.model, option: 'style', value: o.style });
	}
	return problems;
}

/** The most input images an edit takes: 16 for the GPT image models, one for dall-e-2. */
export function maxEditImages(model: string): number | undefined {
	const family = modelFamily(model);
	return family === 'gptImage' ? 16 : family === 'dallE2' ? 1 : undefined;
}

/**
 * Problems with an edit of `imageCount` images (the original first, then references): the
 * generation rules, except that style and moderation are not edit options (never sent), plus the
 * models that do not edit (dall-e-3) and how many images each takes.
 */
export function validateEditOptions(o: ImageOptions, imageCount: number): OptionProblem[] {
	const family = modelFamily(o.model);
	if (family === 'dallE3') {
		return [{ kind: 'editModel', model: o.model }];
	}
	const problems = validateImageOptions({ ...o, style: optionDefaults.style, moderation: optionDefaults.moderation });
	const max = maxEditImages(o.model);
	if (max !== undefined && imageCount > max) {
		problems.push({ kind: 'editImages', model: o.model, count: imageCount, max });
	}
	return problems;
}

function gptSizeProblems(model: string, size: string): OptionProblem[] {
	if (gptSizes.includes(size)) {
		return [];
	}
	const m = /^(\d+)x(\d+)$/.exec(size);
	if (!takesCustomSizes(model) || !m) {
		return [{ kind: 'size', model, size, allowed: takesCustomSizes(model) ? [...gptSizes, 'WIDTHxHEIGHT'] : gptSizes }];
	}
	const w = Number(m[1]);
	const h = Number(m[2]);
	if (w === 0 || h === 0 || w % 16 !== 0 || h % 16 !== 0) {
		return [{ kind: 'customSize', model, size, reason: 'multipleOf16' }];
	}
	if (Math.max(w, h) > 3 * Math.min(w, h)) {
		return [{ kind: 'customSize', model, size, reason: 'aspect' }];
	}
	if (Math.max(w, h) > maxCustomEdge.long || Math.min(w, h) > maxCustomEdge.short) {
		return [{ kind: 'customSize', model, size, reason: 'tooLarge' }];
	}
	return [];
}

/** True when this request is sent with `stream: true` and shows partial images as they arrive. */
export function streams(o: Pick<ImageOptions, 'model' | 'n' | 'partialImages'>): boolean {
	// One image per stream: the stream's events carry no image index, so several images come in one answer.
	return modelFamily(o.model) === 'gptImage' && o.n === 1 && o.partialImages > 0;
}

/** The parameters sent, shared by generations and edits. Only what differs from the API's defaults, except `model` (always: the API's default is an old model) and a GPT model's size and quality. */
export interface ImageRequestParams {
	model: string;
	prompt: string;
	n?: number;
	size?: string;
	quality?: string;
	background?: 'transparent' | 'opaque' | 'auto';
	output_format?: 'png' | 'jpeg' | 'webp';
	output_compression?: number;
	moderation?: 'low' | 'auto';
	style?: 'vivid' | 'natural';
	response_format?: 'b64_json';
	stream?: true;
	partial_images?: number;
}

export function buildImageParams(o: ImageOptions, prompt: string, kind: 'generate' | 'edit' = 'generate'): ImageRequestParams {
	const family = modelFamily(o.model);
	const dalle = family === 'dallE2' || family === 'dallE3';
	const params: ImageRequestParams = { model: o.model, prompt };
	if (o.n !== 1) {
		params.n = o.n;
	}
	if (!(dalle && o.size === 'auto')) {
		params.size = o.size;
	}
	if (!(dalle && o.quality === 'auto')) {
		params.quality = o.quality;
	}
	if (dalle) {
		// DALL·E answers with short-lived URLs unless asked for the bytes.
		params.response_format = 'b64_json';
		if (family === 'dallE3' && kind === 'generate' && o.style !== optionDefaults.style) {
			params.style = o.style as 'natural';
		}
		return params;
	}
	if (o.background !== optionDefaults.background) {
		params.background = o.background as 'transparent' | 'opaque';
	}
	if (o.outputFormat !== optionDefaults.outputFormat) {
		params.output_format = o.outputFormat as 'jpeg' | 'webp';
	}
	if (o.outputCompression !== undefined) {
		params.output_compression = o.outputCompression;
	}
	if (o.moderation !== optionDefaults.moderation && kind === 'generate') {
		params.moderation = o.moderation as 'low';
	}
	if (family === 'unknown' && o.style !== optionDefaults.style && kind === 'generate') {
		params.style = o.style as 'natural';
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
}

/** US dollars per million tokens, as the user typed them into `imagegen.openai.prices`. */
export interface ModelPrices {
	readonly input?: number;
	/** Image tokens in the input (edits, reference images); defaults to `input`. */
	readonly imageInput?: number;
	readonly output?: number;
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
		const prices: ModelPrices = { input: num(e.input), imageInput: num(e.imageInput), output: num(e.output) };
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
	return (textIn * (prices.input ?? 0) + imageIn * (imageInPrice ?? 0) + usage.output_tokens * prices.output) / 1e6;
}

/** Dollars with enough digits to be useful for small amounts: $0.042, $0.0021, $1.20. */
export function formatDollars(amount: number): string {
	return `$${amount === 0 || amount >= 0.1 ? amount.toFixed(2) : amount.toPrecision(2)}`;
}

// ---- edit inputs ----------------------------------------------------------------------------

/** Width and height read from a PNG, JPEG or WebP header; undefined when it cannot be read. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const ascii = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
	if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
		let o = 2;
		while (o + 9 < bytes.length && bytes[o] === 0xff) {
			const marker = bytes[o + 1];
			// Start-of-frame markers carry the size (C4, C8 and CC are other tables).
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
				return { width: view.getUint16(o + 7), height: view.getUint16(o + 5) };
			}
			o += 2 + view.getUint16(o + 2);
		}
		return undefined;
	}
	if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
		const chunk = ascii(12, 4);
		if (chunk === 'VP8 ') {
			return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
		}
		if (chunk === 'VP8L') {
			const bits = view.getUint32(21, true);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		if (chunk === 'VP8X') {
			const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
			return { width: u24(24) + 1, height: u24(27) + 1 };
		}
	}
	return undefined;
}

/** True when a PNG can hold transparent pixels (an alpha channel or a tRNS chunk): a mask marks the edit with them. */
export function pngHasAlpha(bytes: Uint8Array): boolean {
	if (bytes.length < 26) {
		return false;
	}
	const colorType = bytes[25];
	if (colorType === 4 || colorType === 6) {
		return true;
	}
	// Palette or grey/RGB with a transparent colour: look for tRNS before the image data.
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let o = 8;
	while (o + 8 <= bytes.length) {
		const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
		if (type === 'tRNS') {
			return true;
		}
		if (type === 'IDAT' || type === 'IEND') {
			return false;
		}
		o += 12 + view.getUint32(o);
	}
	return false;
}

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
