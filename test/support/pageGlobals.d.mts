// What the harness's browser-side callbacks (playwright's page.evaluate) find on `window`, for the
// type-check of the .mjs harness (tsconfig.tools.json). The webview's own declaration of
// `imagegenDiagnostics` is in webview-ui/main.ts; the benchmark page's in test/bench/ganPage.ts.
type GanBackend = 'webgl' | 'wasm' | 'cpu';

declare global {
	interface Window {
		/** The preview's diagnostics (webview-ui/main.ts); the harness needs them, so not optional here. */
		imagegenDiagnostics: {
			numTensors(): number;
			backend(): GanBackend | 'none';
			loseWebGLContext(): boolean;
			useBackend(backend: GanBackend): Promise<boolean>;
			webglRenderer(): string | undefined;
		};
		/** The webview check's stub of acquireVsCodeApi collects what the page posts here (WebviewMessage, read loosely). */
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		__posted: any[];
		/** The webview check's record of CSP violations. */
		__csp: string[];
		/** The GAN benchmark page (test/bench/ganPage.ts). */
		runGanBench: typeof import('../bench/ganPage.js').runGanBench;
		runGanReference: typeof import('../bench/ganPage.js').runGanReference;
	}
}

export {};
