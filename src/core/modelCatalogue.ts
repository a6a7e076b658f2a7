/**
 * Every OpenAI image model this version knows, as data: what each one takes, how it edits and
 * streams, and for retired models when they went and what replaces them. The option checks
 * (openaiOptions.ts), the settings' suggestions (package.json, checked by a unit test), the README's
 * model table (`npm run docs:models`) and the messages that name a model are all derived from it.
 * Pure: never imports 'vscode'.
 *
 * Sources, cited per entry below:
 * - [sdk] the `openai` SDK 7.59.0's documentation of the Images API, `node_modules/openai/resources/images.d.ts`
 *   (`ImageModel`, `ImageGenerateParamsBase`, `ImageEditParamsBase`), and its CHANGELOG.md
 *   (7.12.0 "add GPT Image 2.5 models and image options", 7.51.0 "add image complexity and GIF and SVG output controls").
 * - [deprecations] OpenAI's deprecations page (https://developers.openai.com/api/docs/deprecations), 2026-06-02 entry:
 *   `gpt-image-1-mini`, `gpt-image-1.5` and `chatgpt-image-latest` shut down on 2026-12-01, replacement `gpt-image-2`.
 *   (The SDK 7.59.0, published 2026-11-17, still lists them among the supported models: it predates the shutdown.)
 * - [guide] OpenAI's image generation guide (https://developers.openai.com/api/docs/guides/image-generation): the
 *   flexible-size limits of gpt-image-2 (total pixels 655,360 to 8,294,400, max edge 3840), which the SDK summarises as
 *   "the model's current pixel and edge limits".
 */

export type ModelFamily = 'gpt-image-2.6' | 'gpt-image-2.5' | 'gpt-image-2' | 'gpt-image-1' | 'dall-e-3' | 'dall-e-2';

/** The output formats of the Images API. [sdk] `output_format?: 'png' | 'webp' | 'jpeg' | 'gif' | 'svg'`. */
export type OutputFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';

/** Options beyond model, prompt, n, size and quality, by their setting names (`imagegen.openai.<name>`). */
export type ModelOption = 'background' | 'outputFormat' | 'outputCompression' | 'moderation' | 'style' | 'complexity' | 'partialImages';

export type SizeRule =
	/** Only these sizes (`auto` among them when the model sizes itself). */
	| { readonly kind: 'list'; readonly sizes: readonly string[] }
	/** The listed sizes, and any `WxH` within these limits. */
	| {
			readonly kind: 'flexible';
			readonly sizes: readonly string[];
			readonly multipleOf: number;
			readonly maxEdge: number;
			readonly minPixels: number;
			readonly maxPixels: number;
			/** Longest side over shortest side, at most. */
			readonly maxAspect: number;
			/** Sizes with more pixels than this are "experimental" (still accepted). */
			readonly experimentalAbovePixels: number;
	  };

export interface Retirement {
	/** ISO date from which the API no longer serves the model. */
	readonly date: string;
	/** What to use instead, best first (current models only). */
	readonly successors: readonly string[];
	readonly source: string;
}

export interface ModelEntry {
	readonly id: string;
	readonly family: ModelFamily;
	/** A few words for the settings' suggestions and the README. */
	readonly summary: string;
	/** The dated snapshot an alias points to, or the alias a snapshot belongs to. */
	readonly snapshotOf?: string;
	readonly sizes: SizeRule;
	/** `auto` in `size`/`quality` means "leave it out" (the DALL·E models take no `auto`). */
	readonly omitAuto: boolean;
	readonly qualities: readonly string[];
	readonly maxN: number;
	readonly options: readonly ModelOption[];
	readonly backgrounds: readonly string[];
	/** Transparency documented as a preview (it may not always work). */
	readonly transparencyPreview: boolean;
	readonly outputFormats: readonly OutputFormat[];
	readonly complexities: readonly string[];
	/** Streamed partial images (one PNG, JPEG or WebP image at a time). */
	readonly streaming: boolean;
	/** Undefined: the model does not edit. */
	readonly edits?: { readonly maxImages: number; readonly mask: boolean };
	/** DALL·E answers with URLs unless `response_format` asks for the bytes. */
	readonly needsResponseFormat: boolean;
	readonly promptLimit: number;
	readonly retired?: Retirement;
}

// [sdk] "The standard sizes `1024x1024`, `1536x1024`, and `1024x1536` are supported by the GPT image models;
// `auto` is supported for models that allow automatic sizing."
const standardSizes = ['auto', '1024x1024', '1536x1024', '1024x1536'] as const;

// [sdk] "For `gpt-image-2`, `gpt-image-2-2026-04-21`, `gpt-image-2.5-sunburst`, … arbitrary resolutions are supported as
// `WIDTHxHEIGHT` strings … Width and height must both be divisible by 16 and the requested aspect ratio must be between
// 1:3 and 3:1. Resolutions above `2560x1440` are experimental, and the maximum supported resolution is `3840x2160`."
// [guide] the pixel and edge limits: 655,360 to 8,294,400 pixels (3840x2160), no edge above 3840.
const flexibleSizes: SizeRule = {
	kind: 'flexible',
	sizes: standardSizes,
	multipleOf: 16,
	maxEdge: 3840,
	minPixels: 655_360,
	maxPixels: 8_294_400,
	maxAspect: 3,
	experimentalAbovePixels: 2560 * 1440,
};

// [sdk] quality: "`high`, `medium` and `low` are supported for the GPT image models. `gpt-image-2.5-sunburst` and
// `gpt-image-2.5-flare`, including their `2026-09-08` snapshots, also support `xhigh` and `max`."
const gptQualities = ['auto', 'low', 'medium', 'high'] as const;
const gpt25Qualities = [...gptQualities, 'xhigh', 'max'] as const;

// [sdk] background: "Must be one of `transparent`, `opaque`, or `auto` … For `gpt-image-2` and `gpt-image-2-2026-04-21`,
// this support is in preview."
const backgrounds = ['auto', 'opaque', 'transparent'] as const;

// [sdk] output_format `png | webp | jpeg | gif | svg` (gif and svg since 7.51.0: "SVG output requires a supported image
// model and project access"; GIF "Requires access to the GIF preview for the selected model"). The retired models predate them.
const currentFormats: readonly OutputFormat[] = ['png', 'jpeg', 'webp', 'gif', 'svg'];
const classicFormats: readonly OutputFormat[] = ['png', 'jpeg', 'webp'];

// [sdk] complexity?: 'low' | 'medium' | 'high' — "Computation spent planning the image … Uses the image model's
// configured default when omitted." (7.51.0, so not for the models retired before it).
const complexities = ['low', 'medium', 'high'] as const;

const currentGptOptions: readonly ModelOption[] = ['background', 'outputFormat', 'outputCompression', 'moderation', 'complexity', 'partialImages'];
const classicGptOptions: readonly ModelOption[] = ['background', 'outputFormat', 'outputCompression', 'moderation', 'partialImages'];

// [sdk] image: "For the GPT image models … You can provide up to 16 images"; mask: "If there are multiple images
// provided, the mask will be applied on the first image." prompt: "The maximum length is 32000 characters".
const gptEdits = { maxImages: 16, mask: true } as const;
const gptPromptLimit = 32_000;

function gpt(
	id: string,
	family: ModelFamily,
	summary: string,
	rest: Partial<ModelEntry> = {},
): ModelEntry {
	const current = family === 'gpt-image-2' || family === 'gpt-image-2.5' || family === 'gpt-image-2.6';
	return {
		id,
		family,
		summary,
		sizes: { kind: 'list', sizes: standardSizes },
		omitAuto: false,
		qualities: gptQualities,
		// [sdk] n: "Must be between 1 and 10."
		maxN: 10,
		options: current ? currentGptOptions : classicGptOptions,
		backgrounds,
		transparencyPreview: false,
		outputFormats: current ? currentFormats : classicFormats,
		complexities: current ? complexities : [],
		// [sdk] stream: "This parameter is only supported for the GPT image models."
		streaming: true,
		edits: gptEdits,
		needsResponseFormat: false,
		promptLimit: gptPromptLimit,
		...rest,
	};
}

const sdkImagesDts = 'openai 7.59.0 resources/images.d.ts';
const deprecationsPage = 'OpenAI deprecations page, 2026-06-02 entry';

/** Current models first (the default at the top), then the retired ones, newest retirement first. */
export const modelCatalogue: readonly ModelEntry[] = [
	// [sdk] model (generate, edit): "`gpt-image-2.6-sunburst`, `gpt-image-2.6-flare`"; the Responses image tool's documented
	// default is `gpt-image-2.6-sunburst` (resources/responses/responses.d.ts). Not among the flexible-size or xhigh/max models.
	gpt('gpt-image-2.6-sunburst', 'gpt-image-2.6', 'GPT Image 2.6 Sunburst: the newest generation, detail first (the SDK\'s default image model).'),
	gpt('gpt-image-2.6-flare', 'gpt-image-2.6', 'GPT Image 2.6 Flare: the newest generation, speed first.'),
	gpt('gpt-image-2.5-sunburst', 'gpt-image-2.5', 'GPT Image 2.5 Sunburst: any size up to 3840x2160, qualities up to max.', { sizes: flexibleSizes, qualities: gpt25Qualities, snapshotOf: 'gpt-image-2.5-sunburst-2026-09-08' }),
	gpt('gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5', 'The 2026-09-08 snapshot of gpt-image-2.5-sunburst.', { sizes: flexibleSizes, qualities: gpt25Qualities, snapshotOf: 'gpt-image-2.5-sunburst' }),
	gpt('gpt-image-2.5-flare', 'gpt-image-2.5', 'GPT Image 2.5 Flare: faster; any size up to 3840x2160, qualities up to max.', { sizes: flexibleSizes, qualities: gpt25Qualities, snapshotOf: 'gpt-image-2.5-flare-2026-09-08' }),
	gpt('gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.5', 'The 2026-09-08 snapshot of gpt-image-2.5-flare.', { sizes: flexibleSizes, qualities: gpt25Qualities, snapshotOf: 'gpt-image-2.5-flare' }),
	gpt('gpt-image-2', 'gpt-image-2', 'GPT Image 2: any size up to 3840x2160; transparent backgrounds in preview.', { sizes: flexibleSizes, transparencyPreview: true, snapshotOf: 'gpt-image-2-2026-04-21' }),
	gpt('gpt-image-2-2026-04-21', 'gpt-image-2', 'The 2026-04-21 snapshot of gpt-image-2.', { sizes: flexibleSizes, transparencyPreview: true, snapshotOf: 'gpt-image-2' }),
	// [deprecations] shut down 2026-12-01, replacement gpt-image-2.
	gpt('gpt-image-1.5', 'gpt-image-1', 'GPT Image 1.5 (retired).', { retired: { date: '2026-12-01', successors: ['gpt-image-2'], source: deprecationsPage } }),
	gpt('gpt-image-1-mini', 'gpt-image-1', 'GPT Image 1 mini (retired).', { retired: { date: '2026-12-01', successors: ['gpt-image-2'], source: deprecationsPage } }),
	gpt('chatgpt-image-latest', 'gpt-image-1', 'The ChatGPT image model (retired).', { retired: { date: '2026-12-01', successors: ['gpt-image-2'], source: deprecationsPage } }),
	// [sdk] "gpt-image-1": GPT Image 1 was shut down on October 23, 2026. Use gpt-image-2.5-sunburst or gpt-image-2.5-flare instead.
	gpt('gpt-image-1', 'gpt-image-1', 'GPT Image 1 (retired).', { retired: { date: '2026-10-23', successors: ['gpt-image-2.5-sunburst', 'gpt-image-2.5-flare'], source: sdkImagesDts } }),
	// [sdk] "dall-e-2", "dall-e-3": This model was retired on May 12, 2026. Use a GPT image model instead.
	// Their rules (still served by some compatible servers) from the SDK's legacy parameters: `style` "Legacy style parameter
	// for retired image models", `response_format` "Legacy response format parameter", sizes `1792x1024`/`1024x1792`
	// and `256x256`/`512x512`, qualities `standard`/`hd`; dall-e-3 made one image per request and did not edit.
	{
		id: 'dall-e-3',
		family: 'dall-e-3',
		summary: 'DALL·E 3 (retired).',
		sizes: { kind: 'list', sizes: ['1024x1024', '1792x1024', '1024x1792'] },
		omitAuto: true,
		qualities: ['auto', 'standard', 'hd'],
		maxN: 1,
		options: ['style'],
		backgrounds: [],
		transparencyPreview: false,
		outputFormats: ['png'],
		complexities: [],
		streaming: false,
		needsResponseFormat: true,
		promptLimit: 4000,
		retired: { date: '2026-05-12', successors: ['gpt-image-2.6-sunburst'], source: sdkImagesDts },
	},
	{
		id: 'dall-e-2',
		family: 'dall-e-2',
		summary: 'DALL·E 2 (retired).',
		sizes: { kind: 'list', sizes: ['256x256', '512x512', '1024x1024'] },
		omitAuto: true,
		qualities: ['auto', 'standard'],
		maxN: 10,
		options: [],
		backgrounds: [],
		transparencyPreview: false,
		outputFormats: ['png'],
		complexities: [],
		streaming: false,
		edits: { maxImages: 1, mask: true },
		needsResponseFormat: true,
		promptLimit: 1000,
		retired: { date: '2026-05-12', successors: ['gpt-image-2.6-sunburst'], source: sdkImagesDts },
	},
];

/**
 * The default model: `gpt-image-2.6-sunburst`, the newest generation the SDK documents for both generations and edits,
 * and the model the SDK names as the default of the Responses API's image generation tool (the SDK documents no default
 * for `images.generate`, which needs the model spelled out). The 2.5 models take more sizes and qualities; 2.6 is the
 * general-purpose one.
 */
export const defaultModel = 'gpt-image-2.6-sunburst';

export function findModel(id: string): ModelEntry | undefined {
	return modelCatalogue.find((m) => m.id === id);
}

/** True when the model is retired as of `now`. */
export function isRetired(entry: ModelEntry, now: Date = new Date()): entry is ModelEntry & { retired: Retirement } {
	return entry.retired !== undefined && now.getTime() >= Date.parse(`${entry.retired.date}T00:00:00Z`);
}

/** The models still served, in catalogue order. */
export function currentModels(now: Date = new Date()): ModelEntry[] {
	return modelCatalogue.filter((m) => !isRetired(m, now));
}

/** The first current model satisfying `test`, for messages that suggest one (never a retired model). */
export function suggestModel(test: (m: ModelEntry) => boolean, now: Date = new Date()): string | undefined {
	return currentModels(now).find(test)?.id;
}

/** The problems with a `WxH` or `auto` size for this model; empty when it is allowed. */
export type SizeProblem = 'notListed' | 'multipleOf' | 'aspect' | 'tooLarge' | 'tooSmall' | 'maxEdge';

export function sizeProblem(entry: ModelEntry, size: string): SizeProblem | undefined {
	const rule = entry.sizes;
	if (rule.sizes.includes(size) || (entry.omitAuto && size === 'auto')) {
		return undefined;
	}
	const m = /^(\d+)x(\d+)$/.exec(size);
	if (rule.kind === 'list' || !m) {
		return 'notListed';
	}
	const w = Number(m[1]);
	const h = Number(m[2]);
	if (w === 0 || h === 0 || w % rule.multipleOf !== 0 || h % rule.multipleOf !== 0) {
		return 'multipleOf';
	}
	if (Math.max(w, h) > rule.maxAspect * Math.min(w, h)) {
		return 'aspect';
	}
	if (Math.max(w, h) > rule.maxEdge) {
		return 'maxEdge';
	}
	if (w * h > rule.maxPixels) {
		return 'tooLarge';
	}
	if (w * h < rule.minPixels) {
		return 'tooSmall';
	}
	return undefined;
}

/** The date in words for messages: "May 12, 2026". */
export function retirementDateText(date: string): string {
	return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}
