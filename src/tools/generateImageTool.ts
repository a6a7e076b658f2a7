import * as vscode from 'vscode';
import { readSettings } from '../config';
import { fileStemFromPrompt } from '../core/fileName';
import { formatDollars, parsePriceTable } from '../core/openaiOptions';
import { checkGenerateInput, type Checked, type GeneratePlan, type ToolEngine } from '../core/toolInput';
import { estimateImagesCost } from '../core/toolCost';
import type { Generator } from '../jobs/generate';
import { imageOptions } from '../providers/openaiEngine';
import { promptLimitFor } from '../core/prompt';
import { planDestination } from '../workspace/destination';
import { describeSaved, textResult, toolWorkspace, uriOf, workspacePath } from './toolContext';
import { noKeyText, refusalText } from './toolMessages';
import { confirmation, type OpenAIKeyState } from './toolConfirmation';

export const generateImageToolName = 'imagegen_generateImage';

export interface GenerateToolServices {
	readonly generator: Generator;
	/** Whether the OpenAI engine has a key (Azure's when its endpoint is set). */
	readonly openaiKey: () => Promise<OpenAIKeyState>;
	/** The offline model is part of this build. */
	readonly offline: boolean;
}

/**
 * `imagegen_generateImage` (`#generateImage`): the Generate Image flow for a language model. The
 * input is checked with the commands' rules; a refused input, a missing key or a failure answers
 * with text saying why, never an exception.
 */
export class GenerateImageTool implements vscode.LanguageModelTool<unknown> {
	constructor(private readonly services: GenerateToolServices) {}

	async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
		const checked = await this.check(options.input);
		if (!checked.ok) {
			return { invocationMessage: vscode.l10n.t('Checking the image request') };
		}
		const plan = checked.value;
		if (plan.engine === 'offline') {
			return { invocationMessage: vscode.l10n.t('Drawing "{0}" with the offline model', plan.prompt) };
		}
		const key = await this.services.openaiKey();
		if (!key.present || !plan.options) {
			return { invocationMessage: vscode.l10n.t('Checking the image request') };
		}
		const o = plan.options;
		const settings = readSettings(vscode.window.activeTextEditor?.document.uri);
		const cost = estimateImagesCost(o.model, o.size, o.quality, o.n, parsePriceTable(settings.openai.prices)[o.model]);
		const hasPrices = parsePriceTable(settings.openai.prices)[o.model] !== undefined;
		const destination = await this.destinationText(plan);
		if (destination === undefined) {
			// Refused where it would go (outside the workspace): invoke says so before anything is spent.
			return { invocationMessage: vscode.l10n.t('Checking the image request') };
		}
		return {
			invocationMessage: vscode.l10n.t('Generating {0} image(s) with {1}', o.n, o.model),
			confirmationMessages: confirmation(o.n === 1 ? vscode.l10n.t('Generate an image with OpenAI?') : vscode.l10n.t('Generate {0} images with OpenAI?', o.n), [
				vscode.l10n.t('Prompt: {0}', plan.prompt),
				key.azure ? vscode.l10n.t('Engine: Azure OpenAI, deployment {0} (model {1})', key.azure, o.model) : vscode.l10n.t('Engine: OpenAI, model {0}', o.model),
				vscode.l10n.t('Size {0} · quality {1} · format {2} · background {3}', o.size, o.quality, o.outputFormat, o.background),
				vscode.l10n.t('Images: {0}', o.n),
				vscode.l10n.t('Saved to: {0} (a free name beside it if that one is taken; nothing is overwritten)', destination),
				...(cost !== undefined
					? [vscode.l10n.t('Estimated cost: about {0} by your price table (output tokens only)', formatDollars(cost))]
					: hasPrices
						? [vscode.l10n.t('Estimated cost: no figure before the image for this size and quality; the cost by your price table is shown after it')]
						: []),
			]),
		};
	}

	async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
		const checked = await this.check(options.input);
		if (!checked.ok) {
			return textResult(refusalText(checked.problems));
		}
		const plan = checked.value;
		if (plan.engine === 'openai') {
			const key = await this.services.openaiKey();
			if (!key.present) {
				return textResult(noKeyText(key.azure !== undefined, this.services.offline));
			}
		}
		const outcome = await this.services.generator.generate({
			prompt: plan.prompt,
			engine: plan.engine === 'offline' ? 'gan' : 'openai',
			count: plan.count,
			overrides: plan.overrides && definedOnly(plan.overrides),
			insertLink: false,
			document: vscode.window.activeTextEditor?.document,
			target: plan.target && { uri: uriOf(plan.target), kind: plan.target.kind },
			token,
			fromTool: true,
		});
		if (!outcome || outcome.cancelled || token.isCancellationRequested) {
			return textResult(vscode.l10n.t('Cancelled: nothing was generated or written.'));
		}
		if (outcome.error) {
			return textResult(vscode.l10n.t('Image generation failed, and nothing was written: {0}', outcome.error.message));
		}
		const files = outcome.files.map((f) => vscode.Uri.parse(f));
		const engine = plan.engine === 'offline' ? vscode.l10n.t('the offline model') : (plan.options?.model ?? 'OpenAI');
		return textResult(
			files.length === 1
				? vscode.l10n.t('Generated 1 image with {0}, saved in the workspace (an existing file is never overwritten):', engine)
				: vscode.l10n.t('Generated {0} images with {1}, saved in the workspace (an existing file is never overwritten):', files.length, engine),
			...(await describeSaved(files, plan.prompt, outcome.revisedPrompts)),
			vscode.l10n.t('They are also in the history of the ImageGen preview panel. Paste a link where the image belongs; the files are already saved.'),
		);
	}

	private async check(input: unknown): Promise<Checked<GeneratePlan>> {
		const document = vscode.window.activeTextEditor?.document;
		const settings = readSettings(document?.uri);
		let defaultEngine: ToolEngine = settings.engine === 'gan' ? 'offline' : 'openai';
		if (settings.engine === 'auto' && this.services.offline && !(await this.services.openaiKey()).present) {
			defaultEngine = 'offline';
		}
		return checkGenerateInput(input, {
			defaultEngine,
			settings: imageOptions(settings.openai, undefined),
			promptLimit: (engine) => (engine === 'offline' ? 1000 : promptLimitFor(settings.openai.model)),
			workspace: toolWorkspace(),
		});
	}

	/** Where the images go, in words: the call's target, or what the destination rules give for the active document. */
	private async destinationText(plan: GeneratePlan): Promise<string | undefined> {
		const stem = fileStemFromPrompt(plan.prompt);
		if (plan.target) {
			const uri = uriOf(plan.target);
			return plan.target.kind === 'folder' ? workspacePath(vscode.Uri.joinPath(uri, `${stem}.${plan.options?.outputFormat === 'jpeg' ? 'jpg' : (plan.options?.outputFormat ?? 'png')}`)) : workspacePath(uri);
		}
		try {
			const planned = await planDestination(vscode.window.activeTextEditor?.document, `${stem}.png`, new Date());
			return planned ? workspacePath(planned.uri) : vscode.l10n.t('a file the user picks');
		} catch {
			return undefined;
		}
	}
}

function definedOnly<T extends object>(o: T): Partial<T> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
