import * as vscode from 'vscode';
import { defaultModel } from './core/modelCatalogue';
import type { EngineId } from './core/engines';

/** Typed access to ImageGen's settings, read at call time (never cached at module load). */

export type EngineSetting = 'auto' | EngineId;
export type InsertSetting = 'afterSelection' | 'replaceSelection' | 'none';
export type OverwriteBehavior = 'nameIncrementally' | 'overwrite';

export interface OpenAISettings {
	readonly model: string;
	readonly size: string;
	readonly quality: string;
	/** Only ever from user or machine settings: a workspace must not redirect a stored key. */
	readonly baseUrl: string | undefined;
	readonly timeoutMs: number;
	readonly maxRetries: number;
	/** Images per request (`n`). */
	readonly n: number;
	readonly background: string;
	readonly outputFormat: string;
	/** Undefined: the API's default. */
	readonly outputCompression: number | undefined;
	readonly moderation: string;
	readonly style: string;
	/** `auto`: the model's own default (not sent). */
	readonly complexity: string;
	/** `svg.model`, the SVG author, for `svg` output; undefined: not sent. */
	readonly svgModel: string | undefined;
	/** GIF frames and milliseconds per frame, for `gif` output; undefined: the API's defaults. */
	readonly frameCount: number | undefined;
	readonly frameDurationMs: number | undefined;
	/** Partial images streamed while an image renders; 0 turns streaming off. */
	readonly partialImages: number;
	/** The user's own prices per million tokens, by model (no built-in prices). */
	readonly prices: unknown;
}

/** Azure OpenAI, used by the OpenAI engine when `endpoint` is set. All three from user or machine settings only. */
export interface AzureSettings {
	readonly endpoint: string | undefined;
	readonly deployment: string | undefined;
	readonly apiVersion: string;
}

export type EditLinkSetting = 'replace' | 'insert';

export interface EditSettings {
	/** What happens to the link of an edited image: pointed at the new file, or a new link inserted after it. */
	readonly link: EditLinkSetting;
}

export type GanUpscale = 'smooth' | 'pixelated';
export type GanBackgroundSetting = 'white' | 'black' | 'transparent';

export interface GanSettings {
	/** Edge of the saved square image, in pixels. */
	readonly size: number;
	readonly upscale: GanUpscale;
	readonly background: GanBackgroundSetting;
}

export interface ImageGenSettings {
	readonly engine: EngineSetting;
	readonly openai: OpenAISettings;
	readonly gan: GanSettings;
	readonly edit: EditSettings;
	readonly azure: AzureSettings;
	readonly insert: InsertSetting;
	readonly destination: Readonly<Record<string, string>>;
	readonly overwriteBehavior: OverwriteBehavior;
	readonly allowDestinationOutsideWorkspace: boolean;
	readonly linkTemplate: string | undefined;
}

export const section = 'imagegen';

export function readSettings(scope?: vscode.ConfigurationScope): ImageGenSettings {
	const c = vscode.workspace.getConfiguration(section, scope);
	return {
		engine: oneOf(c.get<string>('engine'), ['auto', 'openai', 'gan'] as const, 'auto'),
		openai: {
			model: nonEmpty(c.get<string>('openai.model')) ?? defaultModel,
			size: nonEmpty(c.get<string>('openai.size')) ?? 'auto',
			quality: nonEmpty(c.get<string>('openai.quality')) ?? 'auto',
			baseUrl: nonEmpty(userValue<string>(c, 'openai.baseUrl')),
			timeoutMs: Math.round(1000 * clamp(c.get<number>('openai.timeoutSeconds'), 5, 3600, 300)),
			maxRetries: Math.round(clamp(c.get<number>('openai.maxRetries'), 0, 10, 2)),
			// Checked per model before a request (core/openaiOptions), so passed on as set.
			n: finiteNumber(c.get<number>('openai.n')) ?? 1,
			background: nonEmpty(c.get<string>('openai.background')) ?? 'auto',
			outputFormat: nonEmpty(c.get<string>('openai.outputFormat')) ?? 'png',
			outputCompression: finiteNumber(c.get<number | null>('openai.outputCompression') ?? undefined),
			moderation: nonEmpty(c.get<string>('openai.moderation')) ?? 'auto',
			style: nonEmpty(c.get<string>('openai.style')) ?? 'vivid',
			complexity: nonEmpty(c.get<string>('openai.complexity')) ?? 'auto',
			svgModel: nonEmpty(c.get<string>('openai.svgModel')),
			frameCount: finiteNumber(c.get<number | null>('openai.frameCount') ?? undefined),
			frameDurationMs: finiteNumber(c.get<number | null>('openai.frameDurationMs') ?? undefined),
			partialImages: finiteNumber(c.get<number>('openai.partialImages')) ?? 2,
			prices: c.get<unknown>('openai.prices'),
		},
		azure: {
			endpoint: nonEmpty(userValue<string>(c, 'azure.endpoint')),
			deployment: nonEmpty(userValue<string>(c, 'azure.deployment')),
			apiVersion: nonEmpty(userValue<string>(c, 'azure.apiVersion')) ?? 'v1',
		},
		edit: {
			link: oneOf(c.get<string>('edit.link'), ['replace', 'insert'] as const, 'replace'),
		},
		gan: {
			size: Math.round(clamp(c.get<number>('gan.size'), 28, 1024, 256)),
			upscale: oneOf(c.get<string>('gan.upscale'), ['smooth', 'pixelated'] as const, 'smooth'),
			background: oneOf(c.get<string>('gan.background'), ['white', 'black', 'transparent'] as const, 'white'),
		},
		insert: oneOf(c.get<string>('insert'), ['afterSelection', 'replaceSelection', 'none'] as const, 'afterSelection'),
		destination: stringRecord(c.get<unknown>('destination')),
		// Overwriting can lose work: only the user's own choice counts, never a repository's.
		overwriteBehavior: oneOf(userValue<string>(c, 'overwriteBehavior'), ['nameIncrementally', 'overwrite'] as const, 'nameIncrementally'),
		allowDestinationOutsideWorkspace: userValue<boolean>(c, 'allowDestinationOutsideWorkspace') === true,
		linkTemplate: nonEmpty(c.get<string>('linkTemplate')),
	};
}

/** `history.maxEntries`: how many entries the panel's history keeps (1–5,000; 30 by default). Only the first screen's pictures are read when the panel opens, and adding an entry rewrites one page of the stored list. */
export function readHistoryMaxEntries(): number {
	return Math.round(clamp(vscode.workspace.getConfiguration(section).get<number>('history.maxEntries'), 1, 5000, 30));
}

/** The value from user (or remote machine) settings only, ignoring workspace and folder values. */
function userValue<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
	const inspected = c.inspect<T>(key);
	return inspected?.globalValue ?? inspected?.defaultValue;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
	return allowed.find((a) => a === value) ?? fallback;
}

function nonEmpty(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

function finiteNumber(value: number | undefined): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return fallback;
	}
	return Math.min(max, Math.max(min, value));
}

function stringRecord(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [k, v] of Object.entries(value)) {
			if (typeof v === 'string') {
				out[k] = v;
			}
		}
	}
	return out;
}
