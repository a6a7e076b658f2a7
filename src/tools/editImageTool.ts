import { basename } from 'node:path/posix';
import * as vscode from 'vscode';
import { editImage, type EditServices } from '../jobs/edit';
import { readSettings } from '../config';
import { editedFileName } from '../core/openaiOptions';
import { promptLimitFor } from '../core/prompt';
import { checkEditInput, type Checked, type EditPlan, type ResolvedPath } from '../core/toolInput';
import { parsePriceTable } from '../core/openaiOptions';
import { imageOptions } from '../providers/openaiEngine';
import { confirmation, type OpenAIKeyState } from './toolConfirmation';
import { describeSaved, textResult, toolWorkspace, uriOf, workspacePath } from './toolContext';
import { noKeyText, refusalText } from './toolMessages';

export const editImageToolName = 'imagegen_editImage';

export interface EditToolServices {
	readonly edit: EditServices;
	readonly openaiKey: () => Promise<OpenAIKeyState>;
}

/**
 * `imagegen_editImage` (`#editImage`): the Edit Image flow for a language model. The edited image
 * is a new file (beside the original unless the call names a target); the original is never touched.
 */
export class EditImageTool implements vscode.LanguageModelTool<unknown> {
	constructor(private readonly services: EditToolServices) {}

	async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
		const checked = this.check(options.input);
		if (!checked.ok) {
			return { invocationMessage: vscode.l10n.t('Checking the edit request') };
		}
		const plan = checked.value;
		const key = await this.services.openaiKey();
		if (!key.present) {
			return { invocationMessage: vscode.l10n.t('Checking the edit request') };
		}
		const o = plan.options;
		const image = uriOf(plan.image);
		if (!(await isFile(image))) {
			// Refused by invoke before anything is sent: nothing to confirm.
			return { invocationMessage: vscode.l10n.t('Checking the edit request') };
		}
		const hasPrices = parsePriceTable(readSettings(image).openai.prices)[o.model] !== undefined;
		return {
			invocationMessage: vscode.l10n.t('Editing {0} with {1}', workspacePath(image), o.model),
			confirmationMessages: confirmation(vscode.l10n.t('Edit {0} with OpenAI?', workspacePath(image)), [
				vscode.l10n.t('Prompt: {0}', plan.prompt),
				key.azure ? vscode.l10n.t('Engine: Azure OpenAI, deployment {0} (model {1})', key.azure, o.model) : vscode.l10n.t('Engine: OpenAI, model {0}', o.model),
				vscode.l10n.t('Size {0} · quality {1} · format {2} · background {3}', o.size, o.quality, o.outputFormat, o.background),
				...(plan.mask ? [vscode.l10n.t('Mask: {0}', workspacePath(uriOf(plan.mask)))] : []),
				...(plan.references.length > 0 ? [vscode.l10n.t('Reference images: {0}', plan.references.map((r) => workspacePath(uriOf(r))).join(', '))] : []),
				vscode.l10n.t('Saved to: {0} (a new file; the original and every other file are left as they are)', workspacePath(this.destination(plan))),
				...(hasPrices ? [vscode.l10n.t('Estimated cost: known after the edit (its input image tokens count), shown by your price table')] : []),
			]),
		};
	}

	async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
		const checked = this.check(options.input);
		if (!checked.ok) {
			return textResult(refusalText(checked.problems));
		}
		const plan = checked.value;
		const key = await this.services.openaiKey();
		if (!key.present) {
			return textResult(noKeyText(key.azure !== undefined, false));
		}
		const fields: [string, ResolvedPath][] = [['image', plan.image], ...(plan.mask ? [['mask', plan.mask] as [string, ResolvedPath]] : []), ...plan.references.map((r, i) => [`referenceImages[${i}]`, r] as [string, ResolvedPath])];
		for (const [field, path] of fields) {
			if (!(await isFile(uriOf(path)))) {
				return textResult(vscode.l10n.t('Nothing was edited: there is no file {0} in the workspace ("{1}"). Give the workspace path of an existing PNG, JPEG or WebP image.', workspacePath(uriOf(path)), field));
			}
		}
		const outcome = await editImage(
			this.services.edit,
			{ file: uriOf(plan.image), prompt: plan.prompt, mask: plan.mask && uriOf(plan.mask), references: plan.references.map(uriOf) },
			{ token, target: plan.target && { uri: uriOf(plan.target), kind: plan.target.kind } },
		);
		if (!outcome || outcome.cancelled || token.isCancellationRequested) {
			return textResult(vscode.l10n.t('Cancelled: nothing was edited or written.'));
		}
		if (outcome.error || !outcome.file) {
			return textResult(vscode.l10n.t('Nothing was edited or written: {0}', outcome.error?.message ?? ''));
		}
		return textResult(
			vscode.l10n.t('Edited {0} with {1} into a new file (the original is unchanged):', workspacePath(uriOf(plan.image)), plan.options.model),
			...(await describeSaved([vscode.Uri.parse(outcome.file)], plan.prompt)),
			vscode.l10n.t('It is also in the history of the ImageGen preview panel. To show the edit where the original is used, point its link at the new file.'),
		);
	}

	private check(input: unknown): Checked<EditPlan> {
		const settings = readSettings(vscode.window.activeTextEditor?.document.uri).openai;
		return checkEditInput(input, { settings: imageOptions(settings, 1), promptLimit: promptLimitFor(settings.model), workspace: toolWorkspace() });
	}

	/** The planned file: the call's target, or `<name>-edited.<ext>` beside the original. */
	private destination(plan: EditPlan): vscode.Uri {
		const image = uriOf(plan.image);
		const name = editedFileName(basename(image.path), plan.options.outputFormat === 'jpeg' ? 'jpg' : plan.options.outputFormat);
		if (!plan.target) {
			return vscode.Uri.joinPath(image, '..', name);
		}
		return plan.target.kind === 'folder' ? vscode.Uri.joinPath(uriOf(plan.target), name) : uriOf(plan.target);
	}
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
	try {
		return (await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory;
	} catch {
		return false;
	}
}
