import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { englishWebviewStrings, webviewStringKeys } from '../../../src/core/webviewStrings';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const bundle = (name: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, 'l10n', name), 'utf8')) as Record<string, string>;

describe('webview strings in the l10n bundles', () => {
	// The host's literal vscode.l10n.t calls (src/preview/strings.ts) are what the bundle holds; the
	// webview's English fallback must be the same text, or the panel would change words on `init`.
	it('has every English fallback text as a key of the English bundle', () => {
		const english = bundle('bundle.l10n.json');
		const absent = webviewStringKeys.filter((key) => !(englishWebviewStrings[key] in english));
		assert.deepEqual(absent, []);
	});
});
