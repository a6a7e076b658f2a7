/** The UI strings the host sent in `init`, over the English defaults. */
import { englishWebviewStrings, formatString, webviewStringKeys, type WebviewStringKey, type WebviewStrings } from '../src/core/webviewStrings';

export class Strings {
	private table: WebviewStrings = englishWebviewStrings;

	/** Takes the host's strings for the known keys; unknown keys are ignored, missing ones stay English. */
	update(fromHost: Readonly<Record<string, string>>): void {
		const table: Record<string, string> = { ...englishWebviewStrings };
		for (const key of webviewStringKeys) {
			const value = fromHost[key];
			if (typeof value === 'string' && value.length > 0) {
				table[key] = value;
			}
		}
		this.table = table as WebviewStrings;
	}

	t(key: WebviewStringKey, ...args: readonly (string | number)[]): string {
		return formatString(this.table[key], ...args);
	}
}
