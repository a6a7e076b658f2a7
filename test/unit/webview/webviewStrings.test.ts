import * as assert from 'node:assert/strict';
import { englishWebviewStrings, formatString, webviewStringKeys } from '../../../src/core/webviewStrings';

describe('webview strings', () => {
	it('lists every key once, each with English text', () => {
		assert.equal(new Set(webviewStringKeys).size, webviewStringKeys.length);
		for (const key of webviewStringKeys) {
			assert.ok(englishWebviewStrings[key].length > 0, key);
		}
	});

	it('fills numbered placeholders and leaves the missing ones', () => {
		assert.equal(formatString('Image {0} of {1} for “{2}”', 1, 4, 'a red sneaker'), 'Image 1 of 4 for “a red sneaker”');
		assert.equal(formatString('{0} and {1}', 'a'), 'a and {1}');
		assert.equal(formatString('{1}{0}', 'x', 'y'), 'yx');
	});

	it('does not expand placeholders inside arguments', () => {
		assert.equal(formatString('{0} {1}', '{1}', 'b'), '{1} b');
	});
});
