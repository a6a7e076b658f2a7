// Builds every target: the extension host bundle (node, cjs, `vscode` external)
// and, once it exists, the webview bundle (browser, iife).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
			console.log('[watch] build finished');
		});
	},
};

/** @type {import('esbuild').BuildOptions} */
const common = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'warning',
	plugins: watch ? [problemMatcher] : [],
	metafile: true,
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
	{
		...common,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		// The extension host's Node.js in the oldest VS Code we support (engines.vscode ^1.103: Node 22).
		target: 'node22',
		external: ['vscode'],
		// jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ES build bundles.
		mainFields: ['module', 'main'],
	},
];

if (existsSync('webview-ui/main.ts')) {
	// An ES module split in chunks: dist/webview.js (the panel's UI, no TF.js) draws at once and
	// imports the rest when needed: TF.js core + layers with the generator while the page says
	// `ready`, then only the backend the runner picks (dist/webview/tfjs-backend-*.js).
	targets.push({
		...common,
		entryPoints: { webview: 'webview-ui/main.ts' },
		outdir: 'dist',
		chunkNames: 'webview/[name]-[hash]',
		splitting: true,
		platform: 'browser',
		format: 'esm',
		target: 'es2022',
		tsconfig: 'webview-ui/tsconfig.json',
		define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
	});
}

/** The WASM backend's binaries, fetched by the webview from dist/ (`setWasmPaths(wasmBase)`). */
async function copyWasmBinaries() {
	const from = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
	await mkdir('dist', { recursive: true });
	const files = (await readdir(from)).filter((f) => f.endsWith('.wasm'));
	await Promise.all(files.map((f) => copyFile(`${from}/${f}`, `dist/${f}`)));
	console.log(`dist/: ${files.join(', ')}`);
}

if (existsSync('webview-ui/main.ts')) {
	// Chunk names carry a hash: an old build's chunks must not linger (and ship).
	await rm('dist/webview', { recursive: true, force: true });
	await copyWasmBinaries();
}

if (watch) {
	const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	const results = await Promise.all(targets.map((t) => esbuild.build(t)));
	for (const r of results) {
		for (const [file, out] of Object.entries(r.metafile?.outputs ?? {})) {
			if (file.endsWith('.js')) console.log(`${file}: ${(out.bytes / 1024).toFixed(1)} KiB`);
		}
	}
}
