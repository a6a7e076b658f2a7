import * as assert from 'node:assert/strict';
import { previewCsp, previewHtml, type PreviewPage } from '../../../src/preview/previewHtml';

// The panel's page is the webview's only way in: its CSP decides what may load and run. These are
// the rules of the house style (default-src 'none', then only what the panel uses) and the escaping
// of every interpolated value. test/webview/webviewCheck.mjs runs this same page in Chromium.

const page: PreviewPage = {
	cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
	nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
	scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
	styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.css',
	language: 'zh-cn',
	title: 'Image Preview',
	label: 'ImageGen preview',
};

function metaCsp(html: string): string | undefined {
	const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
	return m?.[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

describe('the preview panel page', () => {
	it('denies everything by default and allows only the resources the panel uses', () => {
		const directives = previewCsp(page.cspSource, page.nonce).split('; ');
		assert.deepEqual(directives, [
			`default-src 'none'`,
			`img-src ${page.cspSource} data: blob:`,
			`style-src ${page.cspSource}`,
			`font-src ${page.cspSource}`,
			`connect-src ${page.cspSource}`,
			`script-src 'nonce-${page.nonce}' 'wasm-unsafe-eval'`,
		]);
	});

	it('puts that CSP in a <meta> before anything loads, and runs one script, with the nonce', () => {
		const html = previewHtml(page);
		assert.equal(metaCsp(html), previewCsp(page.cspSource, page.nonce));
		assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'CSP before the stylesheet');
		const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
		assert.deepEqual(scripts, [`<script type="module" nonce="${page.nonce}" src="${page.scriptUri}">`]);
		assert.ok(html.includes(`<link rel="stylesheet" href="${page.styleUri}">`));
		assert.ok(html.includes('<html lang="zh-cn">'));
		assert.ok(html.includes('<main id="app" aria-label="ImageGen preview"></main>'));
	});

	it('escapes every interpolated value', () => {
		const html = previewHtml({ ...page, language: 'en" onload="x', title: '<b>Bild</b> & mehr', label: `"quoted" 'label'`, styleUri: 'https://x/a.css?b="c"' });
		assert.ok(html.includes('<html lang="en&quot; onload=&quot;x">'));
		assert.ok(html.includes('<title>&lt;b&gt;Bild&lt;/b&gt; &amp; mehr</title>'));
		assert.ok(html.includes('aria-label="&quot;quoted&quot; &#39;label&#39;"'));
		assert.ok(html.includes('href="https://x/a.css?b=&quot;c&quot;"'));
		assert.ok(!html.includes('onload="x"'));
	});
});
