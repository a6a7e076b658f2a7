import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { EngineError } from '../core/errors';

/**
 * The settings that decide where the key is sent. They have `application` scope: VS Code reads them
 * from the user's own settings only — never from a workspace — and, unlike `machine` scope, in
 * every kind of window (a remote window reads machine-scoped settings only from the remote
 * machine's settings file, so a User value was silently ignored there). See VS Code's
 * `contributes.configuration` reference, "scope": application settings "can only be configured in
 * user settings" and apply to all windows.
 */
export const endpointSettings = ['imagegen.openai.baseUrl', 'imagegen.azure.endpoint', 'imagegen.azure.deployment', 'imagegen.azure.apiVersion'] as const;

/** Where a value was found that VS Code does not honour for these settings. */
export interface IgnoredEndpointValue {
	readonly key: (typeof endpointSettings)[number];
	readonly where: string;
}

/**
 * Guards the endpoint against values the user wrote where VS Code ignores them (the remote
 * machine's settings, which the old `machine` scope used; a workspace's settings): sending the key
 * to the default endpoint instead would send it where the user did not choose.
 */
export class EndpointSettingsGuard {
	private readonly warned = new Set<string>();

	/** `machineSettings`: the remote machine's settings.json, in a remote window. */
	constructor(private readonly machineSettings: vscode.Uri | undefined) {}

	/**
	 * Throws when an endpoint setting has a value only where it is ignored; says so once (per value)
	 * when the user's own settings also have one, which is the one used.
	 */
	async check(): Promise<void> {
		for (const ignored of await this.ignoredValues()) {
			const config = vscode.workspace.getConfiguration();
			const honoured = config.inspect<string>(ignored.key)?.globalValue;
			const open = { title: vscode.l10n.t('Open User Settings'), command: 'workbench.action.openSettings', args: [ignored.key] };
			if (honoured === undefined || honoured === '') {
				throw new EngineError(
					// prettier-ignore
					vscode.l10n.t('{0} is set in {1}, where VS Code ignores it: this setting is read from your User settings only. Nothing was sent. Move it to your User settings (or remove it there to use the default endpoint).', ignored.key, ignored.where),
					[open],
				);
			}
			const id = `${ignored.key}@${ignored.where}`;
			if (!this.warned.has(id)) {
				this.warned.add(id);
				void vscode.window
					.showWarningMessage(vscode.l10n.t('{0} is also set in {1}, where VS Code ignores it; the value in your User settings is used.', ignored.key, ignored.where), open.title)
					.then((choice) => choice && vscode.commands.executeCommand(open.command, ...open.args));
			}
		}
	}

	private async ignoredValues(): Promise<IgnoredEndpointValue[]> {
		const found: IgnoredEndpointValue[] = [];
		const config = vscode.workspace.getConfiguration();
		for (const key of endpointSettings) {
			const i = config.inspect(key);
			if (i?.workspaceValue !== undefined) {
				found.push({ key, where: vscode.l10n.t('the workspace settings') });
			}
			if (i?.workspaceFolderValue !== undefined) {
				found.push({ key, where: vscode.l10n.t('a folder\'s settings') });
			}
		}
		const machine = await this.readMachineSettings();
		for (const key of endpointSettings) {
			const value = machine[key];
			if (typeof value === 'string' && value !== '') {
				found.push({ key, where: vscode.l10n.t('the remote machine settings') });
			}
		}
		return found;
	}

	private async readMachineSettings(): Promise<Record<string, unknown>> {
		if (!this.machineSettings) {
			return {};
		}
		try {
			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.machineSettings));
			const parsed: unknown = parseJsonc(text);
			return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	}
}

/**
 * The remote machine's settings file in a remote window: `<user-data>/Machine/settings.json`, beside
 * `<user-data>/User/globalStorage/<extension>` where the extension's global storage lives.
 */
export function machineSettingsUri(globalStorageUri: vscode.Uri): vscode.Uri | undefined {
	return vscode.env.remoteName ? vscode.Uri.joinPath(globalStorageUri, '..', '..', '..', 'Machine', 'settings.json') : undefined;
}
