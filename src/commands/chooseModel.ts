import * as vscode from 'vscode';
import { readSettings, section } from '../config';
import { findModel, retirementDateText } from '../core/modelCatalogue';
import { modelChoices, type ModelChoice } from '../core/modelChoices';
import { GenerationCancelled } from '../providers/engine';
import { retiredMessage } from '../providers/openaiEngine';

export const chooseModelCommand = 'imagegen.chooseModel';

/** Lists the models a key can use (the OpenAI engine's `GET /models` at the configured endpoint). */
export interface ModelLister {
	listModels(token: vscode.CancellationToken): Promise<string[]>;
}

/** What the command offered and what it wrote, for whoever ran it (a test, or a walkthrough step). */
export interface ChooseModelOutcome {
	readonly offered: readonly { readonly id: string; readonly status: ModelChoice['status'] }[];
	/** False when the listing failed or held no image model, and the catalogue's current models were offered. */
	readonly fromList: boolean;
	/** The model written to `imagegen.openai.model`; undefined when the pick was dismissed. */
	readonly chosen?: string;
}

interface ChoiceItem extends vscode.QuickPickItem {
	readonly choice?: ModelChoice;
}

/**
 * **Choose Image Model…** (palette, and the preview panel's title bar): the image models this key can use,
 * from the API's model list, annotated from the catalogue (current / unknown to this version / retired);
 * the choice goes to the user's `imagegen.openai.model`. When the listing fails, the catalogue's current
 * models are offered with a note saying why.
 */
export function registerChooseModel(lister: ModelLister): vscode.Disposable {
	return vscode.commands.registerCommand(chooseModelCommand, () => chooseModel(lister));
}

async function chooseModel(lister: ModelLister): Promise<ChooseModelOutcome> {
	const inUse = readSettings().openai.model;
	const pick = vscode.window.createQuickPick<ChoiceItem>();
	const cts = new vscode.CancellationTokenSource();
	try {
		pick.title = vscode.l10n.t('Choose Image Model');
		pick.placeholder = vscode.l10n.t('Listing the models your key can use…');
		pick.busy = true;
		pick.matchOnDescription = true;
		const picked = new Promise<ChoiceItem | undefined>((resolve) => {
			pick.onDidAccept(() => resolve(pick.selectedItems[0]));
			pick.onDidHide(() => resolve(undefined));
		});
		pick.show();
		const { listed, note } = await listModels(lister, cts.token);
		const { choices, fromList } = modelChoices(listed);
		pick.items = choiceItems(choices, inUse);
		const active = pick.items.find((i) => i.choice?.id === inUse);
		if (active) {
			pick.activeItems = [active];
		}
		pick.placeholder = fromList
			? vscode.l10n.t('The image models your key can use. The choice goes to imagegen.openai.model in your User settings.')
			: note
				? vscode.l10n.t('Could not list your key\'s models ({0}). These are the current models ImageGen knows.', note)
				: vscode.l10n.t('The server listed no image models. These are the current models ImageGen knows.');
		pick.busy = false;
		const item = await picked;
		pick.hide();
		const offered = choices.map((c) => ({ id: c.id, status: c.status }));
		const chosen = item?.choice ? await choose(item.choice) : undefined;
		return { offered, fromList, chosen };
	} finally {
		cts.cancel();
		cts.dispose();
		pick.dispose();
	}
}

async function listModels(lister: ModelLister, token: vscode.CancellationToken): Promise<{ listed?: string[]; note?: string }> {
	try {
		return { listed: await lister.listModels(token) };
	} catch (err) {
		return { note: err instanceof GenerationCancelled ? undefined : err instanceof Error ? err.message.replace(/[.\s]+$/, '') : String(err) };
	}
}

function choiceItems(choices: readonly ModelChoice[], inUse: string): ChoiceItem[] {
	const groups: { status: ModelChoice['status']; label: string }[] = [
		{ status: 'current', label: vscode.l10n.t('Current') },
		{ status: 'unknown', label: vscode.l10n.t('Unknown to this version of ImageGen') },
		{ status: 'retired', label: vscode.l10n.t('Retired') },
	];
	const items: ChoiceItem[] = [];
	for (const group of groups) {
		const members = choices.filter((c) => c.status === group.status);
		if (members.length > 0) {
			items.push({ label: group.label, kind: vscode.QuickPickItemKind.Separator });
			items.push(...members.map((choice) => choiceItem(choice, choice.id === inUse)));
		}
	}
	return items;
}

function choiceItem(choice: ModelChoice, inUse: boolean): ChoiceItem {
	const status =
		choice.status === 'retired' && choice.entry?.retired
			? vscode.l10n.t('retired on {0}; use {1}', retirementDateText(choice.entry.retired.date), choice.entry.retired.successors.join(vscode.l10n.t(' or ')))
			: choice.status === 'unknown'
				? vscode.l10n.t('sent as it is; its options are not checked')
				: undefined;
	return {
		label: choice.id,
		description: [inUse ? vscode.l10n.t('in use') : undefined, status].filter(Boolean).join(' · ') || undefined,
		detail: choice.entry?.summary,
		choice,
	};
}

/** Writes the choice to the user's settings; a retired model on OpenAI's own endpoint is refused with its successor offered. */
async function choose(choice: ModelChoice): Promise<string | undefined> {
	const settings = readSettings();
	let id = choice.id;
	const retired = choice.status === 'retired' ? findModel(id)?.retired : undefined;
	if (retired && !settings.openai.baseUrl && !settings.azure.endpoint) {
		const successor = retired.successors[0];
		const use = vscode.l10n.t('Use {0}', successor);
		const answer = await vscode.window.showWarningMessage(retiredMessage(id, retired.date, retired.successors), use);
		if (answer !== use) {
			return undefined;
		}
		id = successor;
	}
	const config = vscode.workspace.getConfiguration(section);
	await config.update('openai.model', id, vscode.ConfigurationTarget.Global);
	const inspected = vscode.workspace.getConfiguration(section).inspect<string>('openai.model');
	const overriding = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
	if (overriding !== undefined && overriding !== id) {
		const open = vscode.l10n.t('Open Workspace Settings');
		void vscode.window
			.showWarningMessage(vscode.l10n.t('Your User settings now name {0}, but this workspace sets imagegen.openai.model to {1}, which wins here.', id, overriding), open)
			.then((a) => (a === open ? vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', { query: 'imagegen.openai.model' }) : undefined));
	} else {
		void vscode.window.showInformationMessage(vscode.l10n.t('ImageGen will use {0} for OpenAI images.', id));
	}
	return id;
}
