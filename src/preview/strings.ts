import * as vscode from 'vscode';
import { englishWebviewStrings } from './webviewStrings';

/**
 * The webview's strings, localized on the host: each English text goes through vscode.l10n.t
 * (the bundle's keys are the English texts, as for every other string of the extension).
 */
export function webviewStrings(): Record<string, string> {
	return Object.fromEntries(Object.entries(englishWebviewStrings).map(([key, english]) => [key, vscode.l10n.t(english)]));
}
