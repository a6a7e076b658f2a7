/**
 * The Images API's documented request rules, enforced by the test server (openaiWireServer.ts) so that
 * a request the real API would refuse for a documented reason cannot pass a test.
 *
 * Written from the official sources, and deliberately NOT from the extension's own tables
 * (src/core/modelCatalogue.ts, src/core/openaiOptions.ts are never imported here): the point is to
 * catch the extension's mistakes, so the two readings must be independent. Sources:
 * - [sdk] `openai` 7.59.0, node_modules/openai/resources/images.d.ts: `ImageModel`, `ImageGenerateParamsBase`,
 *   `ImageEditParamsBase` (each rule below quotes the sentence it comes from).
 * - [deprecations] https://developers.openai.com/api/docs/deprecations (2026-06-02: gpt-image-1-mini, gpt-image-1.5
 *   and chatgpt-image-latest shut down 2026-12-01).
 * - [guide] https://developers.openai.com/api/docs/guides/image-generation (flexible sizes: 655,360 to 8,294,400
 *   pixels, no edge above 3840).
 * - [errors] the API's error shape for these: HTTP 400, `{ error: { type: 'invalid_request_error', code, param, message } }`,
 *   "Unknown parameter: 'x'." (`unknown_parameter`), "Invalid value: …" (`invalid_value`); a model that is gone or
 *   unknown: HTTP 404 `model_not_found`, "The model `x` does not exist or you do not have access to it."
 */

export interface ApiRejection {
	readonly status: 400 | 404;
	readonly code: 'unknown_parameter' | 'invalid_value' | 'invalid_request' | 'model_not_found';
	/** The parameter at fault (the first of a combination). */
	readonly param: string | null;
	/** Every parameter a combination rule involves (for tests that check which option a refusal names). */
	readonly params: readonly string[];
	readonly message: string;
}

type Family = 'gpt-1' | 'gpt-2' | 'gpt-2.5' | 'gpt-2.6' | 'dall-e-3' | 'dall-e-2';

/** [sdk] `ImageModel`, by family, with [deprecations]/[sdk] shutdown dates. */
const models: Readonly<Record<string, { family: Family; gone?: string }>> = {
	'gpt-image-2.6-sunburst': { family: 'gpt-2.6' },
	'gpt-image-2.6-flare': { family: 'gpt-2.6' },
	'gpt-image-2.5-sunburst': { family: 'gpt-2.5' },
	'gpt-image-2.5-sunburst-2026-09-08': { family: 'gpt-2.5' },
	'gpt-image-2.5-flare': { family: 'gpt-2.5' },
	'gpt-image-2.5-flare-2026-09-08': { family: 'gpt-2.5' },
	'gpt-image-2': { family: 'gpt-2' },
	'gpt-image-2-2026-04-21': { family: 'gpt-2' },
	// [deprecations] shutdown 2026-12-01.
	'gpt-image-1.5': { family: 'gpt-1', gone: '2026-12-01' },
	'gpt-image-1-mini': { family: 'gpt-1', gone: '2026-12-01' },
	'chatgpt-image-latest': { family: 'gpt-1', gone: '2026-12-01' },
	// [sdk] "GPT Image 1 was shut down on October 23, 2026."
	'gpt-image-1': { family: 'gpt-1', gone: '2026-10-23' },
	// [sdk] "This model was retired on May 12, 2026."
	'dall-e-3': { family: 'dall-e-3', gone: '2026-05-12' },
	'dall-e-2': { family: 'dall-e-2', gone: '2026-05-12' },
};

const isGpt = (f: Family) => f.startsWith('gpt-');
/** The models that came with the 7.51.0 options (complexity, gif, svg): those still served when they were added. */
const isCurrentGpt = (f: Family) => f === 'gpt-2' || f === 'gpt-2.5' || f === 'gpt-2.6';

/** [sdk] the fields of `ImageGenerateParamsBase` and `ImageEditParamsBase`. */
const generationParams = ['prompt', 'background', 'complexity', 'frame_count', 'frame_duration_ms', 'model', 'moderation', 'n', 'output_compression', 'output_format', 'partial_images', 'quality', 'response_format', 'safety_identifier', 'size', 'stream', 'style', 'svg', 'user'];
const editParams = ['image', 'prompt', 'background', 'complexity', 'frame_count', 'frame_duration_ms', 'input_fidelity', 'markup', 'mask', 'model', 'n', 'output_compression', 'output_format', 'partial_images', 'quality', 'response_format', 'safety_identifier', 'size', 'stream', 'svg', 'user'];

/** A request body as the server received it: JSON values, or multipart strings and files. */
export type ReceivedBody = Readonly<Record<string, unknown>>;

export interface RuleContext {
	readonly endpoint: 'generations' | 'edits';
	/** OpenAI's own behaviour (false) or a compatible server that still serves the retired names (true). */
	readonly servesRetiredModels: boolean;
	/** Today, for the shutdown dates. */
	readonly now: Date;
	/** Number of `image` files and whether a mask came (edits). */
	readonly images?: number;
	readonly mask?: boolean;
}

function reject(code: ApiRejection['code'], params: readonly string[], message: string, status: 400 | 404 = 400): ApiRejection {
	return { status, code, param: params[0] ?? null, params, message };
}

const unknownParameter = (p: string) => reject('unknown_parameter', [p], `Unknown parameter: '${p}'.`);
const invalidValue = (p: string, value: unknown, supported?: readonly string[]) =>
	reject('invalid_value', [p], `Invalid value: '${String(value)}'.${supported ? ` Supported values are: ${supported.map((s) => `'${s}'`).join(', ')}.` : ''}`);

/** Multipart sends every field as a string; JSON as itself. */
function num(v: unknown): number | undefined {
	if (typeof v === 'number') {
		return v;
	}
	if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) {
		return Number(v);
	}
	return v === undefined || v === null ? undefined : Number.NaN;
}

function bool(v: unknown): boolean {
	return v === true || v === 'true';
}

/**
 * The first documented rule this request breaks, or undefined when the API would take it. Models the
 * rules do not know are not checked (the server then acts as a compatible server would for them).
 */
export function apiRuleViolation(rawBody: ReceivedBody, ctx: RuleContext): ApiRejection | undefined {
	// Multipart nests objects as `svg[model]`.
	const body: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(rawBody)) {
		const nested = /^(\w+)\[(\w+)\]$/.exec(k);
		if (nested && nested[1] !== 'image') {
			body[nested[1]] = { ...((body[nested[1]] as object | undefined) ?? {}), [nested[2]]: v };
		} else {
			body[k === 'image[]' ? 'image' : k] = v;
		}
	}
	const allowed = ctx.endpoint === 'edits' ? editParams : generationParams;
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key)) {
			return unknownParameter(key);
		}
	}
	if (typeof body.prompt !== 'string' || body.prompt.length === 0) {
		return reject('invalid_request', ['prompt'], "Missing required parameter: 'prompt'.");
	}
	const model = typeof body.model === 'string' ? body.model : undefined;
	const entry = model ? models[model] : undefined;
	if (!model || !entry) {
		return undefined;
	}
	if (entry.gone && !ctx.servesRetiredModels && ctx.now.getTime() >= Date.parse(`${entry.gone}T00:00:00Z`)) {
		return reject('model_not_found', ['model'], `The model \`${model}\` does not exist or you do not have access to it.`, 404);
	}
	const f = entry.family;
	const present = (k: string) => body[k] !== undefined && body[k] !== null;

	// Legacy parameters. [sdk] style: "Legacy style parameter for retired image models. Unsupported for GPT image
	// models"; response_format: "Unsupported for GPT image models, which always return base64-encoded images."
	if (isGpt(f)) {
		for (const legacy of ['style', 'response_format']) {
			if (present(legacy)) {
				return unknownParameter(legacy);
			}
		}
	} else {
		// [sdk] output_format: "This parameter is only supported for the GPT image models"; stream: "only supported for the
		// GPT image models"; moderation: "for images generated by the GPT image models"; output_compression "only supported
		// for the GPT image models"; background and the 7.51.0 options came with the GPT models.
		for (const gptOnly of ['background', 'output_format', 'output_compression', 'moderation', 'stream', 'partial_images', 'complexity', 'svg', 'frame_count', 'frame_duration_ms', 'input_fidelity']) {
			if (present(gptOnly)) {
				return unknownParameter(gptOnly);
			}
		}
		// The legacy `style` was dall-e-3's only (its openapi description: "This parameter is only supported for `dall-e-3`").
		if (f === 'dall-e-2' && present('style')) {
			return unknownParameter('style');
		}
	}
	if (!isCurrentGpt(f)) {
		for (const newer of ['complexity', 'svg', 'frame_count', 'frame_duration_ms']) {
			if (present(newer)) {
				return unknownParameter(newer);
			}
		}
	}
	if (ctx.endpoint === 'edits' && f === 'dall-e-3') {
		// [sdk] edit model: "The GPT image model to use for image editing" (dall-e-2 was the only DALL·E that edited).
		return invalidValue('model', model);
	}

	// n. [sdk] "The number of images to generate. Must be between 1 and 10." dall-e-3: only n=1 (its legacy contract).
	const n = num(body.n) ?? 1;
	if (!Number.isInteger(n) || n < 1 || n > (f === 'dall-e-3' ? 1 : 10)) {
		return invalidValue('n', body.n);
	}

	// size.
	const size = typeof body.size === 'string' ? body.size : body.size === undefined || body.size === null ? undefined : String(body.size);
	if (size !== undefined) {
		const problem = sizeRule(f, size);
		if (problem) {
			return reject('invalid_value', ['size'], problem);
		}
	}

	// quality. [sdk] "`high`, `medium` and `low` are supported for the GPT image models. `gpt-image-2.5-sunburst` and
	// `gpt-image-2.5-flare` … also support `xhigh` and `max`." `auto` is the default; `standard`/`hd` the DALL·E ones.
	if (present('quality')) {
		const qualities =
			f === 'gpt-2.5' ? ['auto', 'low', 'medium', 'high', 'xhigh', 'max'] : isGpt(f) ? ['auto', 'low', 'medium', 'high'] : f === 'dall-e-3' ? ['standard', 'hd'] : ['standard'];
		if (!qualities.includes(String(body.quality))) {
			return invalidValue('quality', body.quality, qualities);
		}
	}

	// Enums. [sdk] background `transparent | opaque | auto`; moderation `low | auto`; complexity `low | medium | high`;
	// output_format `png | webp | jpeg | gif | svg` (gif and svg with the 7.51.0 options).
	const enums: [string, readonly string[]][] = [
		['background', ['transparent', 'opaque', 'auto']],
		['moderation', ['low', 'auto']],
		['complexity', ['low', 'medium', 'high']],
		['output_format', isCurrentGpt(f) ? ['png', 'webp', 'jpeg', 'gif', 'svg'] : ['png', 'webp', 'jpeg']],
	];
	for (const [param, values] of enums) {
		if (present(param) && !values.includes(String(body[param]))) {
			return invalidValue(param, body[param], values);
		}
	}
	if (ctx.endpoint === 'edits' && present('moderation')) {
		return unknownParameter('moderation');
	}
	const format = present('output_format') ? String(body.output_format) : 'png';
	const streaming = bool(body.stream);
	const partials = num(body.partial_images);

	// [sdk] partial_images: "Value must be between 0 and 3."
	if (partials !== undefined && (!Number.isInteger(partials) || partials < 0 || partials > 3)) {
		return invalidValue('partial_images', body.partial_images);
	}
	// [sdk] output_compression: "The compression level (0-100%) … only supported … with the `webp` or `jpeg` output formats".
	if (present('output_compression')) {
		const c = num(body.output_compression);
		if (c === undefined || !Number.isInteger(c) || c < 0 || c > 100) {
			return invalidValue('output_compression', body.output_compression);
		}
		if (format !== 'jpeg' && format !== 'webp') {
			return reject('invalid_request', ['output_compression', 'output_format'], `output_compression is only supported for the jpeg and webp output formats, not '${format}'.`);
		}
	}
	// [sdk] background: "When using `transparent`, set the output format to `png` or `webp`."
	if (body.background === 'transparent' && format !== 'png' && format !== 'webp') {
		return reject('invalid_request', ['background', 'output_format'], `Transparent backgrounds require the png or webp output format, not '${format}'.`);
	}
	// [sdk] svg: "Requires output_format=svg … SVG generation requires n=1 and does not support streaming, partial images,
	// prompt_rewriter, or output_compression."
	if (present('svg') && format !== 'svg') {
		return reject('invalid_request', ['svg', 'output_format'], "The 'svg' parameter requires output_format=svg.");
	}
	if (present('svg') && (typeof body.svg !== 'object' || typeof (body.svg as { model?: unknown }).model !== 'string')) {
		return invalidValue('svg', JSON.stringify(body.svg));
	}
	if (format === 'svg') {
		if (n !== 1) {
			return reject('invalid_request', ['n', 'output_format'], 'SVG output requires n=1.');
		}
		if (streaming || (partials ?? 0) > 0) {
			return reject('invalid_request', [streaming ? 'stream' : 'partial_images', 'output_format'], 'SVG output does not support streaming or partial images.');
		}
	}
	// [sdk] frame_count: "Accepts integers from 2 through 16 … Only supported with output_format=gif … GIF output does not
	// support streaming, partial images, masks, or custom output compression." frame_duration_ms: "Only supported with
	// output_format=gif", rounded to 10 ms and capped (not refused) at 655,350 ms.
	for (const gifOnly of ['frame_count', 'frame_duration_ms']) {
		if (present(gifOnly) && format !== 'gif') {
			return reject('invalid_request', [gifOnly, 'output_format'], `'${gifOnly}' is only supported with output_format=gif.`);
		}
	}
	if (present('frame_count')) {
		const c = num(body.frame_count);
		if (c === undefined || !Number.isInteger(c) || c < 2 || c > 16) {
			return invalidValue('frame_count', body.frame_count);
		}
	}
	if (present('frame_duration_ms')) {
		const d = num(body.frame_duration_ms);
		if (d === undefined || !Number.isInteger(d) || d < 0) {
			return invalidValue('frame_duration_ms', body.frame_duration_ms);
		}
	}
	if (format === 'gif') {
		if (streaming || (partials ?? 0) > 0) {
			return reject('invalid_request', [streaming ? 'stream' : 'partial_images', 'output_format'], 'GIF output does not support streaming or partial images.');
		}
		if (ctx.mask) {
			return reject('invalid_request', ['mask', 'output_format'], 'GIF output does not support masks.');
		}
	}
	if (ctx.endpoint === 'edits') {
		// [sdk] image: "You can provide up to 16 images" (GPT image models); dall-e-2 took one square PNG.
		const max = isGpt(f) ? 16 : 1;
		if ((ctx.images ?? 0) > max) {
			return invalidValue('image', `${ctx.images} images`);
		}
		// [sdk] input_fidelity: "For `gpt-image-2`, omit this parameter."
		if (present('input_fidelity') && f !== 'gpt-1') {
			return unknownParameter('input_fidelity');
		}
	}
	return undefined;
}

/** [sdk] size, per family; the problem in the API's words, or undefined. */
function sizeRule(f: Family, size: string): string | undefined {
	const invalid = (supported: readonly string[]) => `Invalid value: '${size}'. Supported values are: ${supported.map((s) => `'${s}'`).join(', ')}.`;
	if (f === 'dall-e-3') {
		const s = ['1024x1024', '1792x1024', '1024x1792'];
		return s.includes(size) ? undefined : invalid(s);
	}
	if (f === 'dall-e-2') {
		const s = ['256x256', '512x512', '1024x1024'];
		return s.includes(size) ? undefined : invalid(s);
	}
	// "The standard sizes `1024x1024`, `1536x1024`, and `1024x1536` are supported by the GPT image models; `auto` …"
	const standard = ['auto', '1024x1024', '1536x1024', '1024x1536'];
	if (standard.includes(size)) {
		return undefined;
	}
	// "For `gpt-image-2`, `gpt-image-2-2026-04-21`, `gpt-image-2.5-sunburst`, … arbitrary resolutions are supported".
	if (f !== 'gpt-2' && f !== 'gpt-2.5') {
		return invalid(standard);
	}
	const m = /^(\d+)x(\d+)$/.exec(size);
	if (!m) {
		return invalid([...standard, 'WIDTHxHEIGHT']);
	}
	const w = Number(m[1]);
	const h = Number(m[2]);
	// "Width and height must both be divisible by 16"
	if (w % 16 !== 0 || h % 16 !== 0 || w === 0 || h === 0) {
		return `Invalid size '${size}': width and height must both be divisible by 16.`;
	}
	// "the requested aspect ratio must be between 1:3 and 3:1"
	if (w > 3 * h || h > 3 * w) {
		return `Invalid size '${size}': the aspect ratio must be between 1:3 and 3:1.`;
	}
	// [guide] "maximum edge length 3840px", total pixels 655,360 to 8,294,400.
	if (w > 3840 || h > 3840) {
		return `Invalid size '${size}': the longest edge must be at most 3840 pixels.`;
	}
	if (w * h < 655_360 || w * h > 8_294_400) {
		return `Invalid size '${size}': the total pixel count must be between 655,360 and 8,294,400.`;
	}
	return undefined;
}
