import * as vscode from 'vscode';
import { readSettings } from '../config';
import { promptLimitFor } from '../core/prompt';
import type { Log } from '../log';
import type { ApiKeyStore } from './apiKeyStore';
import { EngineError, GenerationCancelled, type GenerationRequest, type GenerationResult, type ImageEngine, type ProgressUpdate } from './engine';
import { classifyOpenAIError, generateOpenAIImages, type OpenAIFailure } from './openai/openaiImages';

export const setKeyCommand = 'imagegen.setOpenAIKey';

/** The OpenAI Images API, called from the extension host only. */
export class OpenAIEngine implements ImageEngine {
	readonly id = 'openai';

	constructor(
		private readonly keys: ApiKeyStore,
		private readonly log: Log,
	) {}

	promptLimit(): number {
		return promptLimitFor(readSettings().openai.model);
	}

	async generate(request: GenerationRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		const settings = { ...readSettings().openai, ...definedOnly(request.overrides) };
		const apiKey = await this.keys.get();
		if (!apiKey) {
			throw new EngineError(vscode.l10n.t('No OpenAI API key is set. Set one to generate images with OpenAI.'), [
				{ title: vscode.l10n.t('Set API Key'), command: setKeyCommand },
			]);
		}
		const abort = new AbortController();
		const subscription = token.onCancellationRequested(() => abort.abort());
		try {
			progress({ message: vscode.l10n.t('Asking {0} for an image…', settings.model) });
			const result = await generateOpenAIImages(
				{ apiKey, baseURL: settings.baseUrl, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries },
				{ model: settings.model, prompt: request.prompt, size: settings.size, quality: settings.quality, n: request.count },
				{
					signal: abort.signal,
					log: (line) => this.log.info(line),
					onRetry: (n) =>
						progress({
							message:
								n.retryAfterSeconds !== undefined
									? vscode.l10n.t('OpenAI answered {0}; retrying in {1} s (attempt {2} of {3})…', n.status, n.retryAfterSeconds, n.attempt, settings.maxRetries)
									: vscode.l10n.t('OpenAI answered {0}; retrying (attempt {1} of {2})…', n.status, n.attempt, settings.maxRetries),
						}),
				},
			);
			return {
				images: result.images.map((i) => ({ bytes: i.bytes, format: i.format })),
				parameters: { engine: 'openai', model: settings.model, size: settings.size, quality: settings.quality },
				receivedAt: result.receivedAt,
			};
		} catch (err) {
			if (token.isCancellationRequested) {
				throw new GenerationCancelled();
			}
			throw toEngineError(classifyOpenAIError(err), settings.model, settings.timeoutMs);
		} finally {
			subscription.dispose();
		}
	}
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
	return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const retry = (): { title: string; command: string } => ({ title: vscode.l10n.t('Retry'), command: 'imagegen.generateImage' });
const openSetting = (id: string) => ({ title: vscode.l10n.t('Open Setting'), command: 'workbench.action.openSettings', args: [id] });

/** A message that says what happened and what to do next, for every way a request can fail. */
export function toEngineError(f: OpenAIFailure, model: string, timeoutMs: number): EngineError | GenerationCancelled {
	const detail = f.apiMessage ? ` ${f.apiMessage}` : '';
	switch (f.kind) {
		case 'aborted':
			return new GenerationCancelled();
		case 'auth':
			return new EngineError(vscode.l10n.t('OpenAI rejected the API key (401). Set a valid key and try again.'), [{ title: vscode.l10n.t('Set API Key'), command: setKeyCommand }]);
		case 'forbidden':
			return new EngineError(vscode.l10n.t('OpenAI refused access to {0} (403). Your organization may need to be verified for this model, or pick another model.{1}', model, detail), [
				openSetting('imagegen.openai.model'),
			]);
		case 'moderation':
			return new EngineError(vscode.l10n.t("OpenAI's safety system rejected this prompt (400). Rephrase it and try again.{0}", detail), [], 'warning');
		case 'badRequest':
			return new EngineError(vscode.l10n.t('OpenAI rejected the request (400).{0} Check the model, size and quality settings.', detail), [openSetting('imagegen.openai')]);
		case 'notFound':
			return new EngineError(vscode.l10n.t('The model "{0}" was not found (404). Check the model name in the settings.{1}', model, detail), [openSetting('imagegen.openai.model')]);
		case 'rateLimit':
			return new EngineError(vscode.l10n.t('OpenAI is rate limiting your requests (429), and the retries did not get through. Wait a little and try again.{0}', detail), [retry()], 'warning');
		case 'server':
			return new EngineError(vscode.l10n.t('OpenAI had a server error ({0}), even after retrying. Try again later.{1}', f.status ?? 500, detail), [retry()]);
		case 'timeout':
			return new EngineError(vscode.l10n.t('OpenAI did not answer within {0} seconds. Try again, or allow more time in the settings.', Math.round(timeoutMs / 1000)), [
				retry(),
				openSetting('imagegen.openai.timeoutSeconds'),
			]);
		case 'network':
			return new EngineError(vscode.l10n.t('Could not reach the OpenAI API. Check your network connection, proxy or `imagegen.openai.baseUrl`.{0}', detail), [retry()]);
		case 'noImage':
			return new EngineError(vscode.l10n.t('OpenAI answered without an image ({0}). Nothing was saved; try again.', f.apiMessage ?? ''), [retry()]);
		case 'malformed':
			return new EngineError(vscode.l10n.t('OpenAI sent an answer that could not be read. Nothing was saved; try again.'), [retry()]);
		case 'unknown':
			return new EngineError(vscode.l10n.t('Image generation failed{0}.{1}', f.status ? ` (${f.status})` : '', detail), [retry()]);
		default: {
			const never: never = f.kind;
			throw new Error(`unhandled failure ${String(never)}`);
		}
	}
}
