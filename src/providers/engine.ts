import type * as vscode from 'vscode';
import type { ImageFormat } from '../core/imageBytes';
import type { EditInput } from './openai/openaiImages';
import type { EngineId } from '../core/engines';

/** OpenAI options a caller sets over the settings. */
export interface GenerationOverrides {
	readonly model?: string;
	readonly size?: string;
	readonly quality?: string;
	readonly background?: string;
	readonly outputFormat?: string;
}

/** What every engine is asked to do. */
export interface GenerationRequest {
	readonly prompt: string;
	/** How many images; undefined: the engine's own setting (OpenAI's `n`), else 1. */
	readonly count?: number;
	/** For engines that take one (the GAN): the same prompt and seed give the same image. */
	readonly seed?: number;
	/** Parameters to use instead of the settings (Regenerate Image keeps the original's; a tool call sets its own). */
	readonly overrides?: GenerationOverrides;
}

export interface GeneratedImage {
	readonly bytes: Uint8Array;
	readonly format: ImageFormat;
	readonly width?: number;
	readonly height?: number;
	/** The prompt as the API rewrote it (dall-e-3), when it says. */
	readonly revisedPrompt?: string;
}

/** Parameters worth keeping with the image (PNG text chunks, the preview, the log). */
export interface GenerationParameters {
	readonly engine: EngineId;
	readonly model: string;
	readonly size?: string;
	readonly quality?: string;
	readonly seed?: number;
	/** The parameters in words, for the preview panel. */
	readonly details?: string;
	/** Token usage and cost estimate in words, when the engine reports them. */
	readonly usage?: string;
}

export interface GenerationResult {
	readonly images: readonly GeneratedImage[];
	readonly parameters: GenerationParameters;
	/** performance.now() when the engine's answer was complete: the start of the flow's own overhead. */
	readonly receivedAt: number;
}

/** What an engine reports while it works: a message for the notification and the panel, and partial images when it streams them. */
export interface ProgressUpdate {
	readonly message?: string;
	/** A partial (preview) image, shown in the panel only; never saved. */
	readonly partial?: { readonly bytes: Uint8Array; readonly format: ImageFormat };
	/** Token usage and the like, in words, for the panel and the log. */
	readonly usage?: string;
}

export interface ImageEngine {
	readonly id: EngineId;
	/** The longest prompt the engine accepts, in characters. */
	promptLimit(): number;
	/** Called when a command starts with this engine, before the prompt is asked: starts what the first request would wait for. */
	prepare?(): void;
	generate(request: GenerationRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult>;
}

/** An edit of an existing image: the original first in `input.images`, then any references. */
export interface EditRequest {
	readonly prompt: string;
	readonly input: EditInput;
}

/** An engine that edits images (OpenAI's): what the Edit Image flow needs of it. */
export interface ImageEditor {
	edit(request: EditRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult>;
}
