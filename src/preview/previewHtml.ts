/**
 * The preview panel's page: the HTML and the Content-Security-Policy that `PreviewPanel` sets as
 * `webview.html`. Pure (no 'vscode'): the standalone webview check (test/webview/webviewCheck.mjs)
 * loads exactly this page, from the compiled `out/src/preview/previewHtml.js`.
 */
export interface PreviewPage {
	/** `webview.cspSource`: the origin of the webview's own resources. */
	readonly cspSource: string;
	/** A fresh random nonce (base64) for the page's script (an ES module: the chunks it imports inherit it). */
	readonly nonce: string;
	/** `dist/webview.js` and `media/preview.css` as the webview sees them (`asWebviewUri`). */
	readonly scriptUri: string;
	readonly styleUri: string;
	/** The display language (`vscode.env.language`). */
	readonly language: string;
	/** Localized: the document's title and the main region's label. */
	readonly title: string;
	readonly label: string;
}

export function previewCsp(cspSource: string, nonce: string): string {
	return [
		`default-src 'none'`,
		`img-src ${cspSource} data: blob:`,
		`style-src ${cspSource}`,
		`font-src ${cspSource}`,
		`connect-src ${cspSource}`,
		// 'wasm-unsafe-eval' only for TF.js's WASM backend, the fallback when WebGL is missing.
		`script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
	].join('; ');
}

export function previewHtml(page: PreviewPage): string {
	return `<!DOCTYPE html>
<html lang="${escapeAttribute(page.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(previewCsp(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
<title>${escapeText(page.title)}</title>
</head>
<body>
<main id="app" aria-label="${escapeAttribute(page.label)}"></main>
<script type="module" nonce="${page.nonce}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>`;
}

export function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

function escapeText(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
