// The GAN part of `npm run bench`: in one headless Chromium run (WebGL2 on
// SwiftShader here), under the preview panel's CSP, time per image of the shipped
// generator and of a peer (TF.js's mnist-acgan generator, 2.66 M parameters,
// random weights) on WebGL, WASM and CPU at batch 1 and 16, warm, median of
// several runs. Prints a table and one line `BENCH_GAN {json}`.
//
//   node test/bench/ganBench.mjs [--models DIR] [--backends webgl,wasm,cpu] [--batches 1,16] [--budget-ms 1500]
//
// Targets: ≤ 10 ms per image on the fastest backend; ≥ 5× faster than the peer.
// Uses the trained models in media/gan/ when present, else random weights of the
// same architecture (the time does not depend on the values).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { modelDir, pickDomain, ROOT } from '../support/ganModels.mjs';
import { launchChromium, startServer } from '../support/staticServer.mjs';

export const TARGET_MS_PER_IMAGE = 10;
export const TARGET_SPEEDUP = 5;

/**
 * @param {{ models?: string, backends?: import('./ganPage.js').Backend[], batches?: number[], budgetMs?: number, minReps?: number, maxReps?: number, log?: (line: string) => void }} [options]
 */
export async function benchGan(options = {}) {
	const log = options.log ?? ((line) => console.log(line));
	const { dir: models, trained } = modelDir(options.models);
	const work = mkdtempSync(join(tmpdir(), 'imagegen-bench-gan-'));
	let server;
	let browser;
	try {
		await esbuild.build({
			entryPoints: [join(ROOT, 'test', 'bench', 'ganPage.ts')],
			outfile: join(work, 'bench.js'),
			bundle: true,
			minify: true,
			format: 'iife',
			platform: 'browser',
			target: 'es2022',
			define: { 'process.env.NODE_ENV': '"production"' },
			logLevel: 'warning',
		});
		const nonce = randomBytes(16).toString('base64');
		/** @type {Record<string, { body: string }>} */
		const pages = {};
		server = await startServer({
			roots: { '/bench/': work, '/models/': models, '/wasm/': join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') },
			pages,
		});
		const origin = server.origin;
		const csp = `default-src 'none'; img-src ${origin} data: blob:; style-src ${origin}; script-src 'nonce-${nonce}' 'wasm-unsafe-eval'; connect-src ${origin}; font-src ${origin}`;
		pages['/'] = {
			body: `<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="icon" href="data:,"><title>bench</title></head><body><script nonce="${nonce}" src="${origin}/bench/bench.js"></script></body></html>`,
		};
		browser = await launchChromium();
		const page = await browser.newPage();
		const errors = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto(`${origin}/`);
		await page.waitForFunction(() => typeof window.runGanBench === 'function');
		/** @type {import('./ganPage.js').BenchConfig} */
		const config = {
			modelUrl: `${origin}/models/${pickDomain(models)}/model.json`,
			wasmBase: `${origin}/wasm/`,
			backends: options.backends ?? ['webgl', 'wasm', 'cpu'],
			batches: options.batches ?? [1, 16],
			minReps: options.minReps ?? 3,
			maxReps: options.maxReps ?? 200,
			budgetMs: options.budgetMs ?? 1500,
		};
		const result = await page.evaluate((c) => window.runGanBench(c), config);
		const reference = await referenceCheck(page, origin, models, config, log);
		if (errors.length > 0) log(`page errors: ${errors.join(' | ')}`);
		return summarize(result, trained, reference, log);
	} finally {
		await browser?.close();
		await server?.close();
		rmSync(work, { recursive: true, force: true });
	}
}

/**
 * When test/fixtures/gan/<domain>-torch-reference.json was made from exactly these
 * weights: the webview's path (seed → latent → one-hot → model) on each backend
 * against the trainer's images. Returns the largest |difference| per backend, or null.
 */
async function referenceCheck(page, origin, models, config, log) {
	const out = {};
	for (const domain of ['digits', 'fashion']) {
		const fixtureFile = join(ROOT, 'test', 'fixtures', 'gan', `${domain}-torch-reference.json`);
		if (!existsSync(fixtureFile) || !existsSync(join(models, domain, 'model.json'))) continue;
		const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
		const sha = createHash('sha256');
		for (const f of readdirSync(join(models, domain)).filter((f) => f.endsWith('.bin')).sort()) sha.update(readFileSync(join(models, domain, f)));
		if (sha.digest('hex') !== fixture.weightsSha256) {
			log(`${domain}: the reference fixture is for other weights; no comparison`);
			continue;
		}
		const diffs = await page.evaluate((c) => window.runGanReference(c), {
			modelUrl: `${origin}/models/${domain}/model.json`,
			wasmBase: config.wasmBase,
			backends: config.backends,
			inputs: fixture.inputs.map((x) => ({ seed: x.seed, class: x.class })),
			outputs: fixture.outputs,
		});
		out[domain] = diffs;
		log(`${domain}: webview path vs the trainer's images, max |diff| ${Object.entries(diffs).map(([b, d]) => `${b} ${d.toExponential(1)}`).join(', ')}`);
	}
	return Object.keys(out).length > 0 ? out : null;
}

function fmt(ms) {
	return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function summarize(result, trained, reference, log) {
	const get = (model, backend, batch) => result.rows.find((r) => r.model === model && r.backend === backend && r.batch === batch);
	const backends = [...new Set(result.rows.map((r) => r.backend))];
	const batches = [...new Set(result.rows.map((r) => r.batch))];
	log(`GAN generator, ms per image (warm median; batch ${batches.join(' / ')}); ${trained ? 'trained weights' : 'random weights'}; WebGL renderer: ${result.webglRenderer}`);
	log(`${'backend'.padEnd(8)} ${'model'.padEnd(26)} ${batches.map((b) => `b${b}`.padStart(9)).join(' ')} ${'first call'.padStart(11)}`);
	for (const backend of backends) {
		for (const model of ['imagegen', 'peer']) {
			const name = model === 'imagegen' ? `ImageGen (${(result.params.imagegen / 1e6).toFixed(2)} M)` : `peer mnist-acgan (${(result.params.peer / 1e6).toFixed(2)} M)`;
			const cells = batches.map((b) => fmt(get(model, backend, b)?.msPerImage ?? NaN).padStart(9)).join(' ');
			log(`${backend.padEnd(8)} ${name.padEnd(26)} ${cells} ${`${fmt(result.firstCall[`${model}/${backend}`])} ms`.padStart(11)}`);
		}
		const speedups = batches.map((b) => (get('peer', backend, b)?.msPerImage ?? NaN) / (get('imagegen', backend, b)?.msPerImage ?? NaN));
		log(`${''.padEnd(8)} ${'speed-up over the peer'.padEnd(26)} ${speedups.map((s) => `${s.toFixed(1)}×`.padStart(9)).join(' ')}`);
	}
	if (result.unavailable.length > 0) log(`unavailable backends: ${result.unavailable.join(', ')}`);
	const ours = result.rows.filter((r) => r.model === 'imagegen');
	const peers = result.rows.filter((r) => r.model === 'peer');
	const best = ours.reduce((a, b) => (b.msPerImage < a.msPerImage ? b : a));
	const bestPeer = peers.reduce((a, b) => (b.msPerImage < a.msPerImage ? b : a));
	const bestBatch1 = ours.filter((r) => r.batch === 1).reduce((a, b) => (b.msPerImage < a.msPerImage ? b : a));
	const speedup = bestPeer.msPerImage / best.msPerImage;
	log(`fastest: ${fmt(best.msPerImage)} ms per image (${best.backend}, batch ${best.batch}); at batch 1 ${fmt(bestBatch1.msPerImage)} ms (${bestBatch1.backend}); peer's fastest ${fmt(bestPeer.msPerImage)} ms (${bestPeer.backend}, batch ${bestPeer.batch}) → ${speedup.toFixed(1)}× faster`);
	log(`post-processing one image (28 px → 256 px bilinear → colour → PNG): ${fmt(result.postprocess256Ms)} ms; tensors leaked: ${result.leakedTensors}`);
	const summary = {
		trainedWeights: trained,
		webglRenderer: result.webglRenderer,
		params: result.params,
		msPerImage: Object.fromEntries(['imagegen', 'peer'].map((model) => [model, Object.fromEntries(backends.map((backend) => [backend, Object.fromEntries(batches.map((b) => [`b${b}`, round(get(model, backend, b)?.msPerImage)]))]))])),
		firstCallMs: Object.fromEntries(Object.entries(result.firstCall).map(([k, v]) => [k, round(v)])),
		fastest: { backend: best.backend, batch: best.batch, msPerImage: round(best.msPerImage) },
		fastestBatch1: { backend: bestBatch1.backend, msPerImage: round(bestBatch1.msPerImage) },
		peerFastest: { backend: bestPeer.backend, batch: bestPeer.batch, msPerImage: round(bestPeer.msPerImage) },
		speedup: round(speedup),
		postprocess256Ms: round(result.postprocess256Ms),
		leakedTensors: result.leakedTensors,
		unavailable: result.unavailable,
		/** Max |difference| from the trainer's reference images per domain and backend (null: no matching fixture). */
		reference,
		targets: {
			msPerImage: TARGET_MS_PER_IMAGE,
			speedup: TARGET_SPEEDUP,
			msPerImageMet: best.msPerImage <= TARGET_MS_PER_IMAGE,
			speedupMet: speedup >= TARGET_SPEEDUP,
		},
	};
	log(`BENCH_GAN ${JSON.stringify(summary)}`);
	return summary;
}

function round(v) {
	return v === undefined || Number.isNaN(v) ? null : Math.round(v * 1000) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const { values } = parseArgs({
		options: {
			models: { type: 'string' },
			backends: { type: 'string' },
			batches: { type: 'string' },
			'budget-ms': { type: 'string' },
		},
	});
	benchGan({
		models: values.models,
		backends: /** @type {import('./ganPage.js').Backend[] | undefined} */ (values.backends?.split(',')),
		batches: values.batches?.split(',').map(Number),
		budgetMs: values['budget-ms'] === undefined ? undefined : Number(values['budget-ms']),
	}).then(
		(s) => { process.exitCode = s.targets.msPerImageMet && s.targets.speedupMet ? 0 : 1; },
		(err) => { console.error(err); process.exit(1); },
	);
}
