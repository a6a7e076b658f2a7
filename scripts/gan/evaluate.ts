/**
 * Measures the exported generators against the bars of issue 3 and writes the
 * report.
 *
 *   npx tsx scripts/gan/evaluate.ts                     # both domains, media/gan/<domain>
 *   npx tsx scripts/gan/evaluate.ts --domain digits --model-dir scripts/gan/checkpoints/digits/exports/step-004000
 *
 * Per domain: trains the evaluator's classifier once (cached and committed under
 * `scripts/gan/classifier/<domain>/`; `--retrain-classifier` redoes it), then on
 * `--samples` generated images (class i mod 10, latent from a fixed seed per i):
 *
 * - conditional accuracy: the classifier agrees with the requested class;
 * - classifier-IS: exp E KL(p(y|x) ‖ p(y)) with the classifier's probabilities;
 * - FID in the classifier's 128-d penultimate features against the real test set;
 * - mode dropping: the share of the classifier's predictions per class (min);
 * - intra-class diversity: mean pairwise SSIM and L2 within a class (100 per class),
 *   as a ratio to the same figure on real images (1 − SSIM and L2);
 * - memorization: share of samples whose SSIM to the nearest training image of
 *   their class exceeds 0.9 (5 nearest by L2, then SSIM); beside it the same with
 *   faint ink (< 10 %) cleared first, so a low figure held down by speckle shows.
 *
 * Beside each figure: `real` = the same statistic on as many real training images
 * (for memorization: real test images against the training set), the floor a
 * perfect generator would reach; `noise` = uniform noise images, the ceiling.
 *
 * Writes `docs/gan/<domain>-figures.json`, `docs/gan/<domain>-grid.png` (10
 * samples per class, one row per class), `docs/gan/<domain>-real.png` (real
 * images, same layout), and from the JSON of every domain evaluated so far
 * `docs/gan/REPORT.md` and `docs/gan/figures.md` (the tables for BENCHMARKS.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS, ganClassesOf, isGanDomain, type GanDomain } from '../../src/core/gan/classes';
import { latentFromSeed } from '../../src/core/gan/prompt';
import { initBackend, type BackendChoice } from './backend';
import {
	accuracyOn, argmaxRows, classifierDir, classify, hasClassifier, loadClassifier, saveClassifier, trainClassifier,
	type ClassifierInfo,
} from './classifier';
import { gatherScaled, indicesByClass, loadDomain, mixSeed, mulberry32, NUM_CLASSES, PIXELS, type DomainData } from './data';
import { loadLayersModelFromDir, readMetadata, type GanMetadata } from './export';
import { REPO_ROOT } from './paths';
import { frechetDistance, inceptionScore, meanAndCovariance, pairwiseDiversity, prepareSsim, ssim } from './metrics';

export const EVAL_SEED = 20240601;
const DIVERSITY_PER_CLASS = 100;
const MEMO_TOP_K = 5;
const MEMO_SSIM = 0.9;
/** Ink below this share of full intensity counts as faint (speckle, not strokes) for the robustness check. */
const FAINT_INK = 0.1;

/** Figures for one image set (generated, real or noise). */
export interface SetFigures {
	readonly accuracy: number;
	readonly is: number;
	readonly fid: number;
	readonly minClassShare: number;
	readonly classShares: readonly number[];
	readonly perClassAccuracy: readonly number[];
	readonly diversitySsim: number;
	readonly diversityL2: number;
	readonly memorization: number;
	readonly memorizationPerClass: readonly number[];
	/** The same with faint ink (< FAINT_INK of full) cleared first: low if the figure is not held down by speckle. Absent in older reports. */
	readonly memorizationFaintCleared?: number;
}

export interface DomainReport {
	readonly domain: GanDomain;
	readonly modelDir: string;
	readonly metadata: GanMetadata;
	readonly classifier: ClassifierInfo;
	readonly samples: number;
	readonly gen: SetFigures;
	readonly real: SetFigures;
	readonly noise: SetFigures;
	readonly diversityRatio: number;
	readonly weightBytes: number;
	readonly seconds: number;
	readonly bars: readonly { readonly name: string; readonly bar: string; readonly value: string; readonly pass: boolean }[];
}

/** `n` generated images, class i mod 10, latent from (EVAL_SEED, i): n×784 in [-1, 1]. */
export function generateFixed(g: tf.LayersModel, latentSize: number, n: number, seed = EVAL_SEED, batch = 250): { images: Float32Array; labels: number[] } {
	const images = new Float32Array(n * PIXELS);
	const labels = Array.from({ length: n }, (_, i) => i % NUM_CLASSES);
	for (let at = 0; at < n; at += batch) {
		const m = Math.min(batch, n - at);
		const z = new Float32Array(m * latentSize);
		for (let i = 0; i < m; i++) {
			z.set(latentFromSeed(mixSeed(seed, at + i), latentSize), i * latentSize);
		}
		const out = tf.tidy(() => {
			const oneHot = tf.oneHot(tf.tensor1d(labels.slice(at, at + m), 'int32'), NUM_CLASSES).toFloat();
			return g.predict([tf.tensor2d(z, [m, latentSize]), oneHot]) as tf.Tensor;
		});
		images.set(out.dataSync(), at * PIXELS);
		out.dispose();
	}
	return { images, labels };
}

function imageAt(images: Float32Array, i: number): Float32Array {
	return images.subarray(i * PIXELS, (i + 1) * PIXELS);
}

/** Share of samples whose SSIM to one of the MEMO_TOP_K L2-nearest training images of their class exceeds MEMO_SSIM. */
function memorization(images: Float32Array, labels: readonly number[], data: DomainData): { overall: number; perClass: number[] } {
	const byClass = indicesByClass(data.train);
	let memorized = 0;
	const perClass = new Array<number>(NUM_CLASSES).fill(0);
	for (let c = 0; c < NUM_CLASSES; c++) {
		const mine = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
		if (mine.length === 0) {
			continue;
		}
		const trainIdx = byClass[c];
		const trainPx = gatherScaled(data.train, trainIdx);
		const queryPx = new Float32Array(mine.length * PIXELS);
		mine.forEach((i, j) => queryPx.set(imageAt(images, i), j * PIXELS));
		const nearest = tf.tidy(() => {
			const q = tf.tensor2d(queryPx, [mine.length, PIXELS]);
			const t = tf.tensor2d(trainPx, [trainIdx.length, PIXELS]);
			// |q − t|² = |q|² + |t|² − 2 q·t; |q|² is constant per row and does not change the order.
			const d = t.square().sum(1).expandDims(0).sub(tf.matMul(q, t, false, true).mul(2));
			return tf.topk(d.neg(), MEMO_TOP_K).indices;
		});
		const nn = nearest.arraySync() as number[][];
		nearest.dispose();
		mine.forEach((i, j) => {
			const a = prepareSsim(imageAt(images, i));
			const best = Math.max(...nn[j].map((k) => ssim(a, prepareSsim(trainPx.subarray(k * PIXELS, (k + 1) * PIXELS)))));
			if (best > MEMO_SSIM) {
				memorized++;
				perClass[c] += 1 / mine.length;
			}
		});
	}
	return { overall: memorized / labels.length, perClass };
}

function figuresFor(
	classifier: tf.LayersModel, images: Float32Array, labels: readonly number[], reference: ReturnType<typeof meanAndCovariance>,
	memoImages: Float32Array, memoLabels: readonly number[], data: DomainData,
): SetFigures {
	const n = labels.length;
	const { probs, features } = classify(classifier, images, n);
	const pred = argmaxRows(probs);
	const width = features.length / n;
	const shares = new Array<number>(NUM_CLASSES).fill(0);
	const correct = new Array<number>(NUM_CLASSES).fill(0);
	const total = new Array<number>(NUM_CLASSES).fill(0);
	pred.forEach((p, i) => {
		shares[p] += 1 / n;
		total[labels[i]]++;
		if (p === labels[i]) {
			correct[labels[i]]++;
		}
	});
	const memo = memorization(memoImages, memoLabels, data);
	// SSIM is sensitive to faint marks on a blank background: the same measure with those cleared
	// shows whether a low figure comes from different strokes or from speckle.
	const faintCleared = memoImages.map((v) => ((v + 1) / 2 < FAINT_INK ? -1 : v));
	const memoFaintCleared = memorization(faintCleared, memoLabels, data);
	let dSsim = 0;
	let dL2 = 0;
	for (let c = 0; c < NUM_CLASSES; c++) {
		const members = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0).slice(0, DIVERSITY_PER_CLASS);
		const div = pairwiseDiversity(members.map((i) => imageAt(images, i)));
		dSsim += div.ssim / NUM_CLASSES;
		dL2 += div.l2 / NUM_CLASSES;
	}
	return {
		accuracy: correct.reduce((a, b) => a + b, 0) / n,
		is: inceptionScore(probs, n, NUM_CLASSES),
		fid: frechetDistance(meanAndCovariance(features, n, width), reference),
		minClassShare: Math.min(...shares),
		classShares: shares,
		perClassAccuracy: correct.map((c, i) => c / Math.max(1, total[i])),
		diversitySsim: dSsim,
		diversityL2: dL2,
		memorization: memo.overall,
		memorizationPerClass: memo.perClass,
		memorizationFaintCleared: memoFaintCleared.overall,
	};
}

/** A grid PNG: one row per class, `cols` images each, 2 px gaps, scaled ×`zoom`. */
export async function writeGrid(file: string, images: Float32Array, labels: readonly number[], cols = 10, zoom = 2): Promise<void> {
	const { encode } = await import('fast-png');
	const gap = 2;
	const cell = 28 + gap;
	const width = (cols * cell + gap) * zoom;
	const height = (NUM_CLASSES * cell + gap) * zoom;
	const data = new Uint8Array(width * height).fill(255);
	for (let c = 0; c < NUM_CLASSES; c++) {
		const members = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0).slice(0, cols);
		members.forEach((i, col) => {
			const img = imageAt(images, i);
			for (let y = 0; y < 28; y++) {
				for (let x = 0; x < 28; x++) {
					// Ink (+1) dark on white paper.
					const v = Math.round((1 - (img[y * 28 + x] + 1) / 2) * 255);
					for (let dy = 0; dy < zoom; dy++) {
						for (let dx = 0; dx < zoom; dx++) {
							const py = (gap + c * cell + y) * zoom + dy;
							const px = (gap + col * cell + x) * zoom + dx;
							data[py * width + px] = Math.max(0, Math.min(255, v));
						}
					}
				}
			}
		});
	}
	await fs.promises.mkdir(path.dirname(file), { recursive: true });
	await fs.promises.writeFile(file, encode({ width, height, data, channels: 1, depth: 8 }));
}

export interface EvaluateOptions {
	readonly domain: GanDomain;
	readonly modelDir: string;
	readonly samples: number;
	readonly retrainClassifier: boolean;
	readonly classifierEpochs: number;
	/** Default `scripts/gan/classifier/<domain>/`. */
	readonly classifierDir?: string;
	readonly outDir: string | undefined;
	readonly log: (line: string) => void;
}

async function ensureClassifier(opts: EvaluateOptions, data: DomainData): Promise<{ model: tf.LayersModel; info: ClassifierInfo }> {
	const dir = opts.classifierDir ?? classifierDir(REPO_ROOT, opts.domain);
	if (!opts.retrainClassifier && hasClassifier(dir)) {
		return loadClassifier(dir);
	}
	opts.log(`training the ${opts.domain} classifier (${opts.classifierEpochs} epochs)…`);
	const seed = 7;
	const batchSize = 128;
	const trained = await trainClassifier(data.train, { epochs: opts.classifierEpochs, batchSize, seed, log: opts.log });
	const acc = accuracyOn(trained, data.test);
	const info: ClassifierInfo = {
		domain: opts.domain, epochs: opts.classifierEpochs, batchSize, seed,
		testAccuracy: acc.overall, perClassTestAccuracy: acc.perClass, date: new Date().toISOString(),
	};
	await saveClassifier(trained, dir, info);
	trained.dispose();
	// Reload, so the figures use the float16 weights that are committed.
	return loadClassifier(dir);
}

function pct(v: number): string {
	return `${(100 * v).toFixed(1)} %`;
}

export async function evaluateDomain(opts: EvaluateOptions): Promise<DomainReport> {
	const started = Date.now();
	const data = loadDomain(opts.domain);
	const { model: classifier, info } = await ensureClassifier(opts, data);
	const testAcc = accuracyOn(classifier, data.test);
	opts.log(`${opts.domain}: classifier test accuracy ${pct(testAcc.overall)} (${info.epochs} epochs)`);
	const metadata = readMetadata(opts.modelDir);
	const g = await loadLayersModelFromDir(opts.modelDir);
	const n = opts.samples;
	const gen = generateFixed(g, metadata.latentSize, n);
	g.dispose();

	const testAll = Array.from({ length: data.test.count }, (_, i) => i);
	const testPx = gatherScaled(data.test, testAll);
	const testFeat = classify(classifier, testPx, data.test.count).features;
	const reference = meanAndCovariance(testFeat, data.test.count, testFeat.length / data.test.count);

	// Real: n training images, balanced as the generated set (class i mod 10).
	const rng = mulberry32(mixSeed(EVAL_SEED, 1));
	const trainByClass = indicesByClass(data.train);
	const testByClass = indicesByClass(data.test);
	const pick = (pools: number[][]): number[] => gen.labels.map((c) => pools[c][Math.floor(rng() * pools[c].length)]);
	const realIdx = pick(trainByClass);
	const realPx = gatherScaled(data.train, realIdx);
	const memoTestIdx = pick(testByClass);
	const memoTestPx = gatherScaled(data.test, memoTestIdx);
	const noisePx = Float32Array.from({ length: n * PIXELS }, () => rng() * 2 - 1);

	opts.log(`${opts.domain}: measuring ${n} generated, ${n} real, ${n} noise images…`);
	const genFig = figuresFor(classifier, gen.images, gen.labels, reference, gen.images, gen.labels, data);
	const realFig = figuresFor(classifier, realPx, gen.labels, reference, memoTestPx, gen.labels, data);
	const noiseFig = figuresFor(classifier, noisePx, gen.labels, reference, noisePx, gen.labels, data);
	classifier.dispose();

	const diversityRatio = Math.min(
		(1 - genFig.diversitySsim) / (1 - realFig.diversitySsim),
		genFig.diversityL2 / realFig.diversityL2,
	);
	const weightBytes = fs.readdirSync(opts.modelDir).filter((f) => f.endsWith('.bin'))
		.reduce((s, f) => s + fs.statSync(path.join(opts.modelDir, f)).size, 0);
	const accBar = opts.domain === 'digits' ? 0.97 : testAcc.overall;
	const bars = [
		{ name: 'conditional accuracy', bar: `≥ ${pct(accBar)}`, value: pct(genFig.accuracy), pass: genFig.accuracy >= accBar },
		{ name: 'FID (classifier features)', bar: '≤ 8', value: genFig.fid.toFixed(2), pass: genFig.fid <= 8 },
		{ name: 'min class share', bar: '≥ 7 %', value: pct(genFig.minClassShare), pass: genFig.minClassShare >= 0.07 },
		{ name: 'memorization', bar: '< 1 %', value: pct(genFig.memorization), pass: genFig.memorization < 0.01 },
		{ name: 'diversity vs real', bar: '≥ 80 %', value: pct(diversityRatio), pass: diversityRatio >= 0.8 },
	];
	if (opts.outDir !== undefined) {
		await writeGrid(path.join(opts.outDir, `${opts.domain}-grid.png`), gen.images, gen.labels);
		await writeGrid(path.join(opts.outDir, `${opts.domain}-real.png`), realPx, gen.labels);
	}
	return {
		domain: opts.domain, modelDir: opts.modelDir, metadata, classifier: { ...info, testAccuracy: testAcc.overall, perClassTestAccuracy: testAcc.perClass },
		samples: n, gen: genFig, real: realFig, noise: noiseFig, diversityRatio, weightBytes,
		seconds: (Date.now() - started) / 1000, bars,
	};
}

export function figuresTable(reports: readonly DomainReport[]): string {
	const rows: string[] = [
		`| Domain | Steps | Cond. accuracy | Classifier-IS | FID | Min class share | Diversity 1−SSIM / L2 | Memorization | Memorization, faint ink (< ${FAINT_INK * 100} %) cleared | Weights |`,
		'|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of reports) {
		const f = (g: SetFigures, which: string): string =>
			`| ${r.domain} ${which} | ${which === 'GAN' ? r.metadata.trainingSteps : ''} | ${pct(g.accuracy)} | ${g.is.toFixed(2)} | ${g.fid.toFixed(2)} | ${pct(g.minClassShare)} | ${(1 - g.diversitySsim).toFixed(3)} / ${g.diversityL2.toFixed(2)} | ${pct(g.memorization)} | ${g.memorizationFaintCleared === undefined ? '–' : pct(g.memorizationFaintCleared)} | ${which === 'GAN' ? `${(r.weightBytes / 1024).toFixed(0)} KiB` : ''} |`;
		rows.push(f(r.gen, 'GAN'), f(r.real, 'real (floor)'), f(r.noise, 'noise (ceiling)'));
	}
	return rows.join('\n');
}

export function barsTable(reports: readonly DomainReport[]): string {
	const rows = ['| Domain | Bar | Required | Measured | Met |', '|---|---|---|---|---|'];
	for (const r of reports) {
		for (const b of r.bars) {
			rows.push(`| ${r.domain} | ${b.name} | ${b.bar} | ${b.value} | ${b.pass ? 'yes' : '**no**'} |`);
		}
	}
	const total = reports.reduce((s, r) => s + r.weightBytes, 0);
	rows.push(`| all | weights | ≤ 1 MB | ${(total / 1e6).toFixed(3)} MB | ${total <= 1e6 ? 'yes' : '**no**'} |`);
	return rows.join('\n');
}

function reportMarkdown(reports: readonly DomainReport[], command: string): string {
	const out: string[] = [
		'# Bundled GAN: evaluation report',
		'',
		`Generated by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (TF.js ${tf.version_core}, backend ${tf.getBackend()}).`,
		'How each figure is measured: see the header of `scripts/gan/evaluate.ts`.',
		'`real` rows are the floor (as many real training images; for memorization, real test images against the training set),',
		'`noise` rows the ceiling (uniform noise).',
		'',
		'## Bars',
		'',
		barsTable(reports),
		'',
		'## Figures',
		'',
		figuresTable(reports),
		'',
		...reports.filter((r) => r.real.memorization >= 0.01).map((r) =>
			`Note (${r.domain}): ${pct(r.real.memorization)} of real *test* images already have a training image with SSIM > 0.9 `
			+ '(near-duplicates, where the blank background dominates SSIM), '
			+ `so the memorization bar (< 1 %) is stricter than real data; the generator's ${pct(r.gen.memorization)} is to be read against that floor.\n`),
	];
	for (const r of reports) {
		const classes = ganClassesOf(r.domain);
		out.push(
			`## ${r.domain}`,
			'',
			`- Generator: \`${path.relative(REPO_ROOT, r.modelDir)}\`, ${r.metadata.trainingSteps} steps at batch ${r.metadata.batchSize}, seed ${r.metadata.seed}, EMA ${r.metadata.ema ? 'yes' : 'no'}, ${r.metadata.parameters} parameters, ${r.metadata.quantization} weights (${(r.weightBytes / 1024).toFixed(0)} KiB).`,
			`- Reproduce: \`${r.metadata.command}\` (resumable; stop it at ${r.metadata.trainingSteps} steps).`,
			`- Data: ${r.metadata.dataset}. Classifier: ${r.classifier.epochs} epochs, test accuracy ${pct(r.classifier.testAccuracy)}.`,
			`- ${r.samples} samples, evaluated in ${r.seconds.toFixed(0)} s.`,
			'',
			`Generated (one row per class, top to bottom ${classes.map((c) => c.label).join(', ')}):`,
			'',
			`![${r.domain} samples](${r.domain}-grid.png)`,
			'',
			'Real training images, same layout:',
			'',
			`![${r.domain} real](${r.domain}-real.png)`,
			'',
			'| Class | Classifier on real test | GAN conditional accuracy | Share of GAN predictions | Memorization GAN / real |',
			'|---|---|---|---|---|',
			...classes.map((c) => `| ${c.index} ${c.label} | ${pct(r.classifier.perClassTestAccuracy[c.index])} | ${pct(r.gen.perClassAccuracy[c.index])} | ${pct(r.gen.classShares[c.index])} | ${pct(r.gen.memorizationPerClass[c.index])} / ${pct(r.real.memorizationPerClass[c.index])} |`),
			'',
		);
	}
	return out.join('\n');
}

async function main(): Promise<void> {
	// util.parseArgs is built into Node (>= 18.3): no argument-parsing dependency needed.
	const { values } = parseArgs({
		options: {
			domain: { type: 'string' },
			'model-dir': { type: 'string' },
			samples: { type: 'string' },
			'retrain-classifier': { type: 'boolean' },
			'classifier-epochs': { type: 'string' },
			'classifier-dir': { type: 'string' },
			'out-dir': { type: 'string' },
			'no-report': { type: 'boolean' },
			backend: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help === true || (values.domain !== undefined && values.domain !== 'all' && !isGanDomain(values.domain))) {
		console.log(`usage: npx tsx scripts/gan/evaluate.ts [--domain ${GAN_DOMAINS.join('|')}|all] [--model-dir DIR]
  [--samples 2000] [--retrain-classifier] [--classifier-epochs 3] [--classifier-dir DIR] [--out-dir docs/gan] [--no-report] [--backend auto|wasm|cpu]`);
		process.exitCode = values.help === true ? 0 : 2;
		return;
	}
	await initBackend((values.backend ?? 'auto') as BackendChoice);
	const domains: readonly GanDomain[] = isGanDomain(values.domain) ? [values.domain] : GAN_DOMAINS;
	if ((values['model-dir'] !== undefined || values['classifier-dir'] !== undefined) && domains.length !== 1) {
		throw new Error('--model-dir and --classifier-dir need a single --domain');
	}
	const outDir = values['no-report'] === true ? undefined : path.resolve(values['out-dir'] ?? path.join(REPO_ROOT, 'docs', 'gan'));
	const reports: DomainReport[] = [];
	for (const domain of domains) {
		const report = await evaluateDomain({
			domain,
			modelDir: values['model-dir'] !== undefined ? path.resolve(values['model-dir']) : path.join(REPO_ROOT, 'media', 'gan', domain),
			samples: Number(values.samples ?? 2000),
			retrainClassifier: values['retrain-classifier'] === true,
			classifierEpochs: Number(values['classifier-epochs'] ?? 3),
			classifierDir: values['classifier-dir'] !== undefined ? path.resolve(values['classifier-dir']) : undefined,
			outDir,
			log: (line) => console.log(line),
		});
		reports.push(report);
		console.log(`${domain}: ${report.bars.map((b) => `${b.name} ${b.value} (${b.bar}) ${b.pass ? 'ok' : 'NOT MET'}`).join('; ')}`);
	}
	const command = `npx tsx scripts/gan/evaluate.ts ${process.argv.slice(2).join(' ')}`.trim();
	console.log('');
	console.log(barsTable(reports));
	console.log('');
	console.log(figuresTable(reports));
	if (outDir !== undefined) {
		await fs.promises.mkdir(outDir, { recursive: true });
		// Each domain's figures are kept as JSON, so a domain evaluated alone joins the others in the report.
		for (const r of reports) {
			await fs.promises.writeFile(path.join(outDir, `${r.domain}-figures.json`), `${JSON.stringify({ ...r, command, date: new Date().toISOString() }, null, '\t')}\n`);
		}
		const all: (DomainReport & { command: string })[] = [];
		for (const domain of GAN_DOMAINS) {
			const file = path.join(outDir, `${domain}-figures.json`);
			if (fs.existsSync(file)) {
				all.push(JSON.parse(await fs.promises.readFile(file, 'utf8')) as DomainReport & { command: string });
			}
		}
		const commands = [...new Set(all.map((r) => r.command))];
		await fs.promises.writeFile(path.join(outDir, 'figures.md'),
			`${commands.map((c) => `<!-- ${c} -->`).join('\n')}\n\n${barsTable(all)}\n\n${figuresTable(all)}\n`);
		await fs.promises.writeFile(path.join(outDir, 'REPORT.md'), reportMarkdown(all, commands.join('` and `')));
		console.log(`\nwrote ${path.relative(process.cwd(), outDir)}/`);
	}
}

if (require.main === module) {
	main().catch((err: unknown) => {
		console.error(err);
		process.exit(1);
	});
}
