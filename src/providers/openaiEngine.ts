import * as vscode from 'vscode';
import { readSettings, type OpenAISettings } from '../config';
import {
	estimateCost,
	formatDollars,
	parsePriceTable,
	problemSetting,
	retiredProblem,
	streams,
	validateEditOptions,
	validateImageOptions,
	type ImageOptions,
	type OptionProblem,
	type TokenUsage,
} from '../core/openaiOptions';
import { findModel, retirementDateText, suggestModel, type SizeProblem } from '../core/modelCatalogue';
import { promptLimitFor } from '../core/prompt';
import type { Log } from '../log';
import type { ApiKeyStore } from './apiKeyStore';
import { setAzureKeyCommand, type AzureKeyStore } from './azureKeyStore';
import type { EndpointSettingsGuard } from './endpointSettings';
import { EngineError, GenerationCancelled } from '../core/errors';
import type { EditRequest, GenerationRequest, GenerationResult, ImageEditor, ImageEngine, ProgressUpdate } from './engine';
import { classifyOpenAIError, editOpenAIImages, generateOpenAIImages, listOpenAIModels, type OpenAICallHooks, type OpenAIConnection, type OpenAIFailure, type OpenAIImageResult } from './openai/openaiImages';

export const setKeyCommand = 'imagegen.setOpenAIKey';

/** The OpenAI Images API, called from the extension host only. */
export class OpenAIEngine implements ImageEngine, ImageEditor {
	readonly id = 'openai';

	constructor(
		private readonly keys: ApiKeyStore,
		private readonly log: Log,
		/** Used instead of `keys` when `imagegen.azure.endpoint` is set. */
		private readonly azureKeys?: AzureKeyStore,
		/** Refuses to send when an endpoint is set only where VS Code ignores it. */
		private readonly endpoints?: EndpointSettingsGuard,
	) {}

	promptLimit(): number {
		return promptLimitFor(readSettings().openai.model);
	}

	async generate(request: GenerationRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		const settings = { ...readSettings().openai, ...definedOnly(request.overrides) };
		const options = imageOptions(settings, request.count);
		const problems = [...retiredOnOpenAI(settings), ...validateImageOptions(options)];
		if (problems.length > 0) {
			throw problemError(problems[0], request.count !== undefined);
		}
		return this.call(settings, options, token, progress, 'imagegen.generateImage', vscode.l10n.t('Asking {0} for an image…', settings.model), (conn, hooks) =>
			generateOpenAIImages(conn, { ...options, prompt: request.prompt }, hooks),
		);
	}

	/** Edits an image through `images.edit` with the settings' model and options (one image per request). */
	async edit(request: EditRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		const settings = readSettings().openai;
		// One result per edit: the new file takes the original's place in the link.
		const options = imageOptions(settings, 1);
		const problems = [...retiredOnOpenAI(settings), ...validateEditOptions(options, request.input.images.length, request.input.mask !== undefined)];
		if (problems.length > 0) {
			throw problemError(problems[0], false);
		}
		return this.call(settings, options, token, progress, 'imagegen.editImage', vscode.l10n.t('Asking {0} to edit the image…', settings.model), (conn, hooks) =>
			editOpenAIImages(conn, { ...options, prompt: request.prompt }, request.input, hooks),
		);
	}

	/**
	 * The model ids this key can use, from the API's model list (`GET /models`) at the endpoint a request would go to.
	 * Throws an EngineError (no key, an endpoint set where VS Code ignores it, or the API's answer) like a request would.
	 */
	async listModels(token: vscode.CancellationToken): Promise<string[]> {
		const settings = readSettings().openai;
		const conn = await this.connection(settings);
		const abort = new AbortController();
		const subscription = token.onCancellationRequested(() => abort.abort());
		try {
			return await listOpenAIModels({ ...conn, maxRetries: 0 }, abort.signal);
		} catch (err) {
			if (token.isCancellationRequested) {
				throw new GenerationCancelled();
			}
			throw toEngineError(classifyOpenAIError(err), settings.model, settings.timeoutMs, 'imagegen.chooseModel', conn.azure?.deployment);
		} finally {
			subscription.dispose();
		}
	}

	/** Where a request goes and with which key: Azure OpenAI when its endpoint is in the user settings, else OpenAI (or `baseUrl`). */
	private async connection(settings: OpenAISettings): Promise<OpenAIConnection> {
		await this.endpoints?.check();
		const azureSettings = readSettings().azure;
		const azure = azureSettings.endpoint ? { endpoint: azureSettings.endpoint, deployment: azureSettings.deployment ?? '', apiVersion: azureSettings.apiVersion } : undefined;
		if (azure && !azure.deployment) {
			throw new EngineError(vscode.l10n.t('imagegen.azure.endpoint is set, but not the deployment to use. Set imagegen.azure.deployment to the name of your image model deployment.'), [
				openSetting('imagegen.azure.deployment'),
			]);
		}
		const apiKey = azure ? await this.azureKeys?.get() : await this.keys.get();
		if (!apiKey) {
			throw azure
				? new EngineError(vscode.l10n.t('No Azure OpenAI API key is set. Set the key of your Azure OpenAI resource, or clear imagegen.azure.endpoint to use OpenAI.'), [
						{ title: vscode.l10n.t('Set Azure Key'), command: setAzureKeyCommand },
					])
				: new EngineError(vscode.l10n.t('No OpenAI API key is set. Set one to generate images with OpenAI.'), [{ title: vscode.l10n.t('Set API Key'), command: setKeyCommand }]);
		}
		return { apiKey, baseURL: settings.baseUrl, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, azure };
	}

	private async call(
		settings: OpenAISettings,
		options: ImageOptions,
		token: vscode.CancellationToken,
		progress: (update: ProgressUpdate) => void,
		retryCommand: string,
		startMessage: string,
		send: (conn: OpenAIConnection, hooks: OpenAICallHooks) => Promise<OpenAIImageResult>,
	): Promise<GenerationResult> {
		const conn = await this.connection(settings);
		const abort = new AbortController();
		const subscription = token.onCancellationRequested(() => abort.abort());
		const streamed = streams(options);
		try {
			progress({ message: startMessage });
			const result = await send(
				conn,
				{
					signal: abort.signal,
					log: (line) => this.log.info(line),
					onPartial: (p) =>
						progress({
							message: vscode.l10n.t('Preview {0} of {1}…', p.index + 1, options.partialImages),
							partial: { bytes: p.bytes, format: p.format },
						}),
					onRetry: (n) =>
						progress({
							message:
								n.retryAfterSeconds !== undefined
									? vscode.l10n.t('OpenAI answered {0}; retrying in {1} s (attempt {2} of {3})…', n.status, n.retryAfterSeconds, n.attempt, settings.maxRetries)
									: vscode.l10n.t('OpenAI answered {0}; retrying (attempt {1} of {2})…', n.status, n.attempt, settings.maxRetries),
						}),
				},
			);
			if (token.isCancellationRequested) {
				throw new GenerationCancelled();
			}
			const usage = result.usage ? usageText(result.usage, options.model, settings.prices) : undefined;
			if (usage) {
				this.log.info(`usage: ${usage}`);
				progress({ usage });
			}
			const details = [options.model, options.size, options.quality, options.n > 1 ? `×${options.n}` : undefined, streamed ? vscode.l10n.t('{0} previews', result.partials) : undefined]
				.filter(Boolean)
				.join(' · ');
			return {
				images: result.images.map((i) => ({ bytes: i.bytes, format: i.format, revisedPrompt: i.revisedPrompt })),
				parameters: { engine: 'openai', model: options.model, size: options.size, quality: options.quality, details, usage },
				receivedAt: result.receivedAt,
			};
		} catch (err) {
			if (token.isCancellationRequested || err instanceof GenerationCancelled) {
				throw new GenerationCancelled();
			}
			throw toEngineError(classifyOpenAIError(err), options.model, settings.timeoutMs, retryCommand, conn.azure?.deployment);
		} finally {
			subscription.dispose();
		}
	}
}

export function imageOptions(s: OpenAISettings, count: number | undefined): ImageOptions {
	return {
		model: s.model,
		size: s.size,
		quality: s.quality,
		n: count ?? s.n,
		background: s.background,
		outputFormat: s.outputFormat,
		outputCompression: s.outputCompression,
		moderation: s.moderation,
		style: s.style,
		complexity: s.complexity,
		svgModel: s.svgModel,
		frameCount: s.frameCount,
		frameDurationMs: s.frameDurationMs,
		partialImages: s.partialImages,
	};
}

/**
 * A retired model is refused before anything is sent, but only on OpenAI's own endpoint: a
 * compatible server (`imagegen.openai.baseUrl`) or an Azure deployment may still serve the name.
 */
function retiredOnOpenAI(s: OpenAISettings): OptionProblem[] {
	if (s.baseUrl || readSettings().azure.endpoint) {
		return [];
	}
	const p = retiredProblem(s.model);
	return p ? [p] : [];
}

/** Token usage in words, with a cost estimate when the user's price table has this model. */
export function usageText(usage: TokenUsage, model: string, prices: unknown): string {
	const tokens = vscode.l10n.t('{0} tokens ({1} in, {2} out)', usage.total_tokens, usage.input_tokens, usage.output_tokens);
	const cost = estimateCost(usage, parsePriceTable(prices)[model]);
	return cost === undefined ? tokens : vscode.l10n.t('{0} · about {1} by your price table', tokens, formatDollars(cost));
}

/** The message for a combination of options the model does not take, naming it and the setting to change. */
export function problemError(p: OptionProblem, countFromCaller: boolean): EngineError {
	const action = openSetting(problemSetting(p));
	const message = problemMessage(p, countFromCaller);
	return new EngineError(message, [p.kind === 'n' && countFromCaller ? openSetting('imagegen.openai.model') : action]);
}

function problemMessage(p: OptionProblem, countFromCaller: boolean): string {
	switch (p.kind) {
		case 'retired':
			return retiredMessage(p.model, p.date, p.successors);
		case 'size':
			return vscode.l10n.t('{0} does not make {1} images; set imagegen.openai.size to one of {2}.', p.model, p.size, p.allowed.join(', '));
		case 'customSize':
			return customSizeMessage(p.model, p.size, p.reason);
		case 'quality':
			return vscode.l10n.t('{0} does not take quality "{1}"; set imagegen.openai.quality to one of {2}.', p.model, p.quality, p.allowed.join(', '));
		case 'n':
			if (p.max === 1) {
				return countFromCaller
					? vscode.l10n.t('{0} makes one image per request, and {1} were asked for. Pick a model that makes several, such as {2}, in imagegen.openai.model.', p.model, p.n, suggestModel((m) => m.maxN > 1) ?? '')
					: vscode.l10n.t('{0} makes one image per request; set imagegen.openai.n to 1.', p.model);
			}
			return vscode.l10n.t('{0} makes 1 to {1} images per request; {2} is outside. Change imagegen.openai.n.', p.model, p.max, p.n);
		case 'transparentModel':
			return vscode.l10n.t('{0} does not make transparent backgrounds; set imagegen.openai.background to auto or opaque, or use {1}.', p.model, suggestModel((m) => m.backgrounds.includes('transparent') && !m.transparencyPreview) ?? '');
		case 'transparentFormat':
			return vscode.l10n.t('A transparent background needs PNG or WebP, not {0}; change imagegen.openai.background or imagegen.openai.outputFormat.', p.format);
		case 'compressionFormat':
			return vscode.l10n.t('Compression applies to JPEG and WebP only, and the output format is {0}; clear imagegen.openai.outputCompression or choose jpeg or webp.', p.format);
		case 'formatN':
			return vscode.l10n.t('SVG output makes one image per request, and {0} were asked for; set imagegen.openai.n to 1 or choose another imagegen.openai.outputFormat.', p.n);
		case 'frameCount':
			return vscode.l10n.t('imagegen.openai.frameCount is {0}; a GIF has 2 to 16 frames.', p.value);
		case 'frameDuration':
			return vscode.l10n.t('imagegen.openai.frameDurationMs is {0}; it must be a whole number of milliseconds, 0 or more.', p.value);
		case 'gifMask':
			return vscode.l10n.t('GIF output cannot use a mask; edit without one, or choose another imagegen.openai.outputFormat.');
		case 'mask':
			return vscode.l10n.t('{0} cannot edit with a mask; edit without one or choose another imagegen.openai.model.', p.model);
		case 'compressionRange':
			return vscode.l10n.t('imagegen.openai.outputCompression is {0}; it must be a whole number from 0 to 100.', p.value);
		case 'value':
			return vscode.l10n.t('imagegen.openai.{0} is "{1}"; it must be one of {2}.', p.option, p.value, p.allowed.join(', '));
		case 'unsupported':
			return p.option === 'style'
				? vscode.l10n.t('{0} does not take imagegen.openai.style ("{1}"), a setting of the retired dall-e-3; set it back to vivid and describe the style in the prompt.', p.model, p.value)
				: vscode.l10n.t('{0} does not take imagegen.openai.{1} ("{2}"); set it back to its default or choose {3}.', p.model, p.option, p.value, suggestModel((m) => m.options.includes(p.option)) ?? '');
		case 'editModel':
			return vscode.l10n.t('{0} cannot edit images; set imagegen.openai.model to a model that does, such as {1}.', p.model, suggestModel((m) => m.edits !== undefined) ?? '');
		case 'editImages':
			return vscode.l10n.t('{0} edits at most {1} image(s) at once, and {2} were given. Choose fewer reference images.', p.model, p.max, p.count);
		default: {
			const never: never = p;
			throw new Error(`unhandled problem ${JSON.stringify(never)}`);
		}
	}
}

/** The catalogue's word on a retired model: when it went and what replaces it (never another retired model). */
export function retiredMessage(model: string, date: string, successors: readonly string[]): string {
	const current = successors.filter((id) => suggestModel((m) => m.id === id) !== undefined);
	const instead = current.length > 0 ? current.join(vscode.l10n.t(' or ')) : (suggestModel(() => true) ?? '');
	return vscode.l10n.t('OpenAI retired {0} on {1}. Set imagegen.openai.model to {2}.', model, retirementDateText(date), instead);
}

function customSizeMessage(model: string, size: string, reason: Exclude<SizeProblem, 'notListed'>): string {
	const rule = findModel(model)?.sizes;
	const limits = rule?.kind === 'flexible' ? rule : undefined;
	switch (reason) {
		case 'multipleOf':
			return vscode.l10n.t('{0} takes sizes whose width and height are multiples of {1}; {2} is not. Change imagegen.openai.size (e.g. 1536x864).', model, limits?.multipleOf ?? 16, size);
		case 'aspect':
			return vscode.l10n.t('{0} takes aspect ratios between 1:{1} and {1}:1; {2} is outside. Change imagegen.openai.size.', model, limits?.maxAspect ?? 3, size);
		case 'maxEdge':
			return vscode.l10n.t('{0} makes images no wider or taller than {1} pixels; {2} is larger. Change imagegen.openai.size.', model, limits?.maxEdge ?? 3840, size);
		case 'tooLarge':
			return vscode.l10n.t('{0} makes images of at most {1} pixels in all (3840x2160); {2} has more. Change imagegen.openai.size.', model, (limits?.maxPixels ?? 0).toLocaleString('en-US'), size);
		case 'tooSmall':
			return vscode.l10n.t('{0} makes images of at least {1} pixels in all (e.g. 1024x640); {2} has fewer. Change imagegen.openai.size.', model, (limits?.minPixels ?? 0).toLocaleString('en-US'), size);
		default: {
			const never: never = reason;
			throw new Error(`unhandled size problem ${String(never)}`);
		}
	}
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
	return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Where an OpenAI account adds credit and sets its limits. */
export const billingPage = 'https://platform.openai.com/settings/organization/billing/overview';

/** The categories and stage of a moderation block, when the API named them. */
function moderationText(f: OpenAIFailure): string {
	const d = f.moderationDetails;
	if (!d) {
		return '';
	}
	const stage = d.stage === 'input' ? vscode.l10n.t('the prompt or input images') : d.stage === 'output' ? vscode.l10n.t('the generated image') : undefined;
	return d.categories.length > 0
		? stage
			? ' ' + vscode.l10n.t('Flagged in {0}: {1}.', stage, d.categories.join(', '))
			: ' ' + vscode.l10n.t('Flagged: {0}.', d.categories.join(', '))
		: stage
			? ' ' + vscode.l10n.t('Flagged in {0}.', stage)
			: '';
}

/**
 * The catalogue's message when the API says a model it no longer serves is gone (typically 404
 * `model_not_found`, "The model `gpt-image-1` has been deprecated" / "does not exist"), for a model the
 * catalogue lists as retired; undefined otherwise.
 */
function removedModel(f: OpenAIFailure, model: string): string | undefined {
	const entry = findModel(model);
	if (!entry?.retired || (f.kind !== 'notFound' && f.kind !== 'badRequest' && f.kind !== 'forbidden')) {
		return undefined;
	}
	const says = f.code === 'model_not_found' || /deprecat|retired|shut ?down|no longer (available|supported)|does not exist/i.test(f.apiMessage ?? '');
	return says ? retiredMessage(model, entry.retired.date, entry.retired.successors) : undefined;
}

const retryOf = (command: string) => (): { title: string; command: string } => ({ title: vscode.l10n.t('Retry'), command });
const openSetting = (id: string) => ({ title: vscode.l10n.t('Open Setting'), command: 'workbench.action.openSettings', args: [id] });

/** A message that says what happened and what to do next, for every way a request can fail. */
/** The failures Azure OpenAI words differently (its key, its deployments, its subscription's billing); undefined for the rest. */
function azureEngineError(f: OpenAIFailure, deployment: string, detail: string): EngineError | undefined {
	switch (f.kind) {
		case 'auth':
			return new EngineError(vscode.l10n.t('Azure OpenAI rejected the API key (401). Set the key of your Azure OpenAI resource and try again.'), [
				{ title: vscode.l10n.t('Set Azure Key'), command: setAzureKeyCommand },
			]);
		case 'notFound':
			return new EngineError(
				vscode.l10n.t('Azure OpenAI found no deployment "{0}" for this API version (404). Check imagegen.azure.deployment, imagegen.azure.apiVersion and imagegen.azure.endpoint.{1}', deployment, detail),
				[openSetting('imagegen.azure')],
			);
		case 'billing':
			return new EngineError(vscode.l10n.t('Azure OpenAI refused the request for your subscription\'s quota or billing ({0}); retrying will not help. Check the quota and billing of your Azure subscription.{1}', f.code ?? String(f.status ?? ''), detail), []);
		default:
			return undefined;
	}
}

export function toEngineError(f: OpenAIFailure, model: string, timeoutMs: number, retryCommand = 'imagegen.generateImage', azureDeployment?: string): EngineError | GenerationCancelled {
	const retry = retryOf(retryCommand);
	const detail = f.apiMessage ? ` ${f.apiMessage}` : '';
	const azure = azureDeployment !== undefined ? azureEngineError(f, azureDeployment, detail) : undefined;
	if (azure) {
		return azure;
	}
	const removed = removedModel(f, model);
	if (removed) {
		return new EngineError(removed, [openSetting('imagegen.openai.model')]);
	}
	switch (f.kind) {
		case 'aborted':
			return new GenerationCancelled();
		case 'billing':
			return new EngineError(
				vscode.l10n.t('OpenAI refused the request because of your account\'s quota or billing ({0}); retrying will not help. Add credit or raise your limits on the billing page, then try again.{1}', f.code ?? String(f.status ?? ''), detail),
				[{ title: vscode.l10n.t('Open Billing Page'), command: 'vscode.open', args: [billingPage] }],
			);
		case 'auth':
			return new EngineError(vscode.l10n.t('OpenAI rejected the API key (401). Set a valid key and try again.'), [{ title: vscode.l10n.t('Set API Key'), command: setKeyCommand }]);
		case 'forbidden':
			return new EngineError(vscode.l10n.t('OpenAI refused access to {0} (403). Your organization may need to be verified for this model, or pick another model.{1}', model, detail), [
				openSetting('imagegen.openai.model'),
			]);
		case 'moderation':
			return new EngineError(vscode.l10n.t("OpenAI's safety system rejected this prompt (400). Rephrase it and try again.{0}", detail + moderationText(f)), [], 'warning');
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
		case 'connectionLost':
			return new EngineError(
				vscode.l10n.t('The connection to the OpenAI API broke before the image arrived ({0}). Nothing was saved; try again.', f.apiMessage ?? ''),
				[retry()],
			);
		case 'noImage':
			return new EngineError(vscode.l10n.t('OpenAI answered without an image ({0}). Nothing was saved; try again.', f.apiMessage ?? ''), [retry()]);
		case 'stream':
			return new EngineError(
				vscode.l10n.t('OpenAI stopped before the image was complete.{0} Nothing was saved; try again. (If your server does not stream images, set imagegen.openai.partialImages to 0.)', detail),
				[retry(), openSetting('imagegen.openai.partialImages')],
			);
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
