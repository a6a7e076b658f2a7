/**
 * Measures the exported generators against the bars of issues 3 and 16 and
 * writes the report.
 *
 *   npx tsx gan/evaluate.ts                     # both domains, media/gan/<domain>
 *   npx tsx gan/evaluate.ts --domain digits --model-dir gan/checkpoints/digits/exports/step-004000
 *
 * Two judges per domain, each a classifier committed under `gan/classifier/`:
 * judge A (`<domain>/`, `buildClassifier`: trained by this script once, TF.js) and
 * judge B (`<domain>-b/`, `buildJudgeB`: another architecture, optimizer, seed and
 * training split, trained by `gan/torch/train_judge.py`). Every bar that
 * depends on a feature space is required in BOTH.
 *
 * The held-out (test) images are split once, per class and seeded, into two
 * halves: half R is the reference that FID is measured against, half F gives the
 * floor. On `--samples` (n) generated images (class i mod 10, latent from a fixed
 * seed per i), per judge:
 *
 * - conditional accuracy: the judge agrees with the requested class;
 * - classifier-IS: exp E KL(p(y|x) ‖ p(y)) with the judge's probabilities;
 * - FID in the judge's 128-d features against half R, and as a ratio to the
 *   FLOOR: the FID of n held-out images of half F (the same class balance, no
 *   image twice) against half R, at the same n, so the finite-sample bias is the
 *   same on both sides of the ratio;
 * - mode dropping: the share of the judge's predictions per class (min).
 *
 * Independent of the judges, in pixels:
 * - intra-class diversity: mean pairwise SSIM and L2 within a class (100 per class),
 *   as a ratio to the same figure on the floor's held-out images (1 − SSIM and L2);
 * - memorization: share of samples whose SSIM to the nearest training image of
 *   their class exceeds 0.9 (5 nearest by L2, then SSIM); the floor is the same
 *   share for the held-out images (real images that no generator saw still look
 *   like training images: 1s, trousers); beside it the same with faint ink
 *   (< 10 %) cleared first, so a low figure held down by speckle shows.
 *
 * Beside each figure: `held-out real` = the floor; `training images` = n real
 * training images (what a generator that copied the training set would reach);
 * `noise` = uniform noise images, the ceiling.
 *
 * Writes `docs/gan/<domain>-figures.json`, `docs/gan/<domain>-grid.png` (10
 * samples per class, one row per class), `docs/gan/<domain>-real.png` (held-out
 * real images, same layout), and from the JSON of every domain evaluated so far
 * `docs/gan/REPORT.md` and `docs/gan/figures.md` (the tables for BENCHMARKS.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS, ganClassesOf, isGanDomain, type GanDomain } from '../src/core/gan/classes';
import { latentFromSeed } from '../src/core/gan/prompt';
import { initBackend, type BackendChoice } from './backend';
import {
	accuracyOn, argmaxRows, classifierDir, classify, hasClassifier, loadClassifier, saveClassifier, trainClassifier,
	type ClassifierInfo,
} from './classifier';
import { gatherScaled, indicesByClass, loadDomain, mixSeed, mulberry32, NUM_CLASSES, PIXELS, type DomainData, type ImageSet } from './data';
import { loadLayersModelFromDir, readMetadata, type GanMetadata } from './export';
import { REPO_ROOT } from './paths';
import { frechetDistance, inceptionScore, meanAndCovariance, pairwiseDiversity, prepareSsim, ssim } from './metrics';

export const EVAL_SEED = 20240601;
const DIVERSITY_PER_CLASS = 100;
const MEMO_TOP_K = 5;
const MEMO_SSIM = 0.9;
/** Ink below this share of full intensity counts as faint (speckle, not strokes) for the robustness check. */
const FAINT_INK = 0.1;
/** Issue 16's bars. */
export const FID_RATIO_BAR = 3;
export const DIGITS_ACCURACY_BAR = 0.98;
export const MIN_CLASS_SHARE_BAR = 0.08;
export const DIVERSITY_BAR = 0.9;

/** What one judge (a classifier and its feature space) says of one image set. */
export interface JudgeFigures {
	readonly accuracy: number;
	readonly is: number;
	readonly fid: number;
	readonly minClassShare: number;
	readonly classShares: readonly number[];
	readonly perClassAccuracy: readonly number[];
}

/** Pixel-space figures of one image set, the same whatever the judge. */
export interface PixelFigures {
	readonly diversitySsim: number;
	readonly diversityL2: number;
	readonly memorization: number;
	readonly memorizationPerClass: readonly number[];
	/** The same with faint ink (< FAINT_INK of full) cleared first: low if the figure is not held down by speckle. */
	readonly memorizationFaintCleared: number;
}

export interface JudgeReport {
	/** 'A' or 'B'. */
	readonly judge: string;
	readonly classifierDir: string;
	readonly classifier: ClassifierInfo;
	readonly gen: JudgeFigures;
	/** n held-out images (half F) against half R: the floor. */
	readonly floor: JudgeFigures;
	/** n training images against half R. */
	readonly train: JudgeFigures;
	readonly noise: JudgeFigures;
	/** gen.fid / floor.fid. */
	readonly fidRatio: number;
	readonly trainFidRatio: number;
}

export interface DomainReport {
	readonly domain: GanDomain;
	readonly modelDir: string;
	readonly metadata: GanMetadata;
	readonly samples: number;
	/** Held-out images in the FID reference (half R). */
	readonly referenceCount: number;
	readonly judges: readonly JudgeReport[];
	readonly pixels: { readonly gen: PixelFigures; readonly floor: PixelFigures; readonly noise: PixelFigures };
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

function judgeFigures(classifier: tf.LayersModel, images: Float32Array, labels: readonly number[], reference: ReturnType<typeof meanAndCovariance>): JudgeFigures {
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
	return {
		accuracy: correct.reduce((a, b) => a + b, 0) / n,
		is: inceptionScore(probs, n, NUM_CLASSES),
		fid: frechetDistance(meanAndCovariance(features, n, width), reference),
		minClassShare: Math.min(...shares),
		classShares: shares,
		perClassAccuracy: correct.map((c, i) => c / Math.max(1, total[i])),
	};
}

function pixelFigures(images: Float32Array, labels: readonly number[], data: DomainData): PixelFigures {
	const memo = memorization(images, labels, data);
	// SSIM is sensitive to faint marks on a blank background: the same measure with those cleared
	// shows whether a low figure comes from different strokes or from speckle.
	const faintCleared = images.map((v) => ((v + 1) / 2 < FAINT_INK ? -1 : v));
	const memoFaintCleared = memorization(faintCleared, labels, data);
	let dSsim = 0;
	let dL2 = 0;
	for (let c = 0; c < NUM_CLASSES; c++) {
		const members = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0).slice(0, DIVERSITY_PER_CLASS);
		const div = pairwiseDiversity(members.map((i) => imageAt(images, i)));
		dSsim += div.ssim / NUM_CLASSES;
		dL2 += div.l2 / NUM_CLASSES;
	}
	return {
		diversitySsim: dSsim,
		diversityL2: dL2,
		memorization: memo.overall,
		memorizationPerClass: memo.perClass,
		memorizationFaintCleared: memoFaintCleared.overall,
	};
}

/**
 * The held-out images split per class into two halves, seeded: `reference`
 * (half R, the FID reference) and `floorPool` (half F, shuffled per class).
 */
export function splitHeldOut(test: ImageSet, seed = EVAL_SEED): { reference: number[]; floorPool: number[][] } {
	const reference: number[] = [];
	const floorPool: number[][] = [];
	indicesByClass(test).forEach((members, c) => {
		const rng = mulberry32(mixSeed(seed, 16, c));
		const order = [...members];
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(rng() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		const half = Math.floor(order.length / 2);
		reference.push(...order.slice(0, half));
		floorPool.push(order.slice(half));
	});
	return { reference, floorPool };
}

/** For labels[i], the next unused index of its class in `pools` (no image twice). */
function drawWithoutReplacement(labels: readonly number[], pools: readonly number[][]): number[] {
	const next = new Array<number>(NUM_CLASSES).fill(0);
	return labels.map((c) => {
		if (next[c] >= pools[c].length) {
			throw new Error(`class ${c}: only ${pools[c].length} images to draw from, ${labels.filter((l) => l === c).length} needed`);
		}
		return pools[c][next[c]++];
	});
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
	/** Judge A's folder, default `gan/classifier/<domain>/`. */
	readonly classifierDir?: string;
	/** Judge B's folder, default `gan/classifier/<domain>-b/`. */
	readonly judgeBDir?: string;
	readonly outDir: string | undefined;
	readonly log: (line: string) => void;
}

export function judgeBDir(root: string, domain: GanDomain): string {
	return `${classifierDir(root, domain)}-b`;
}

async function ensureClassifier(opts: EvaluateOptions, data: DomainData): Promise<{ model: tf.LayersModel; info: ClassifierInfo; dir: string }> {
	const dir = opts.classifierDir ?? classifierDir(REPO_ROOT, opts.domain);
	if (!opts.retrainClassifier && hasClassifier(dir)) {
		return { ...(await loadClassifier(dir)), dir };
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
	return { ...(await loadClassifier(dir)), dir };
}

async function loadJudgeB(opts: EvaluateOptions): Promise<{ model: tf.LayersModel; info: ClassifierInfo; dir: string }> {
	const dir = opts.judgeBDir ?? judgeBDir(REPO_ROOT, opts.domain);
	if (!hasClassifier(dir)) {
		throw new Error(`no judge B in ${dir}: train it with /usr/bin/python3 gan/torch/train_judge.py --domain ${opts.domain}, `
			+ `then npx tsx gan/torch/import_judge.ts --weights gan/checkpoints/judge-b-${opts.domain} --out ${path.relative(REPO_ROOT, dir)}`);
	}
	return { ...(await loadClassifier(dir)), dir };
}

function pct(v: number): string {
	return `${(100 * v).toFixed(1)} %`;
}

export async function evaluateDomain(opts: EvaluateOptions): Promise<DomainReport> {
	const started = Date.now();
	const data = loadDomain(opts.domain);
	const metadata = readMetadata(opts.modelDir);
	const g = await loadLayersModelFromDir(opts.modelDir);
	const n = opts.samples;
	const gen = generateFixed(g, metadata.latentSize, n);
	g.dispose();

	const { reference: referenceIdx, floorPool } = splitHeldOut(data.test);
	const referencePx = gatherScaled(data.test, referenceIdx);
	const floorIdx = drawWithoutReplacement(gen.labels, floorPool);
	const floorPx = gatherScaled(data.test, floorIdx);
	const rng = mulberry32(mixSeed(EVAL_SEED, 1));
	const trainPools = indicesByClass(data.train).map((members) => {
		const order = [...members];
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(rng() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		return order;
	});
	const trainPx = gatherScaled(data.train, drawWithoutReplacement(gen.labels, trainPools));
	const noisePx = Float32Array.from({ length: n * PIXELS }, () => rng() * 2 - 1);

	const judges: JudgeReport[] = [];
	for (const [judge, load] of [['A', () => ensureClassifier(opts, data)], ['B', () => loadJudgeB(opts)]] as const) {
		const { model, info, dir } = await load();
		const heldOut = accuracyOn(model, data.test);
		const refFeat = classify(model, referencePx, referenceIdx.length).features;
		const reference = meanAndCovariance(refFeat, referenceIdx.length, refFeat.length / referenceIdx.length);
		opts.log(`${opts.domain}: judge ${judge} (${path.relative(REPO_ROOT, dir)}), held-out accuracy ${pct(heldOut.overall)}; measuring ${n} generated, held-out, training and noise images…`);
		const genFig = judgeFigures(model, gen.images, gen.labels, reference);
		const floorFig = judgeFigures(model, floorPx, gen.labels, reference);
		const trainFig = judgeFigures(model, trainPx, gen.labels, reference);
		const noiseFig = judgeFigures(model, noisePx, gen.labels, reference);
		model.dispose();
		judges.push({
			judge, classifierDir: path.relative(REPO_ROOT, dir),
			classifier: { ...info, testAccuracy: heldOut.overall, perClassTestAccuracy: heldOut.perClass },
			gen: genFig, floor: floorFig, train: trainFig, noise: noiseFig,
			fidRatio: genFig.fid / floorFig.fid, trainFidRatio: trainFig.fid / floorFig.fid,
		});
	}

	opts.log(`${opts.domain}: memorization and diversity…`);
	const pixels = {
		gen: pixelFigures(gen.images, gen.labels, data),
		floor: pixelFigures(floorPx, gen.labels, data),
		noise: pixelFigures(noisePx, gen.labels, data),
	};
	const diversityRatio = Math.min(
		(1 - pixels.gen.diversitySsim) / (1 - pixels.floor.diversitySsim),
		pixels.gen.diversityL2 / pixels.floor.diversityL2,
	);
	const weightBytes = fs.readdirSync(opts.modelDir).filter((f) => f.endsWith('.bin'))
		.reduce((s, f) => s + fs.statSync(path.join(opts.modelDir, f)).size, 0);
	const bars: { name: string; bar: string; value: string; pass: boolean }[] = [];
	for (const j of judges) {
		const accBar = opts.domain === 'digits' ? DIGITS_ACCURACY_BAR : j.classifier.testAccuracy;
		bars.push(
			{ name: `conditional accuracy, judge ${j.judge}`, bar: `≥ ${pct(accBar)}`, value: pct(j.gen.accuracy), pass: j.gen.accuracy >= accBar },
			{
				name: `FID / held-out floor, judge ${j.judge}`, bar: `≤ ${FID_RATIO_BAR}×`,
				value: `${j.fidRatio.toFixed(2)}× (${j.gen.fid.toFixed(2)} / ${j.floor.fid.toFixed(2)})`, pass: j.fidRatio <= FID_RATIO_BAR,
			},
			{ name: `min class share, judge ${j.judge}`, bar: `≥ ${pct(MIN_CLASS_SHARE_BAR)}`, value: pct(j.gen.minClassShare), pass: j.gen.minClassShare >= MIN_CLASS_SHARE_BAR },
		);
	}
	bars.push(
		{ name: 'memorization', bar: `< held-out real ${pct(pixels.floor.memorization)}`, value: pct(pixels.gen.memorization), pass: pixels.gen.memorization < pixels.floor.memorization },
		{ name: 'diversity vs held-out real', bar: `≥ ${pct(DIVERSITY_BAR)}`, value: pct(diversityRatio), pass: diversityRatio >= DIVERSITY_BAR },
	);
	if (opts.outDir !== undefined) {
		await writeGrid(path.join(opts.outDir, `${opts.domain}-grid.png`), gen.images, gen.labels);
		await writeGrid(path.join(opts.outDir, `${opts.domain}-real.png`), floorPx, gen.labels);
	}
	return {
		domain: opts.domain, modelDir: opts.modelDir, metadata, samples: n, referenceCount: referenceIdx.length, judges, pixels, diversityRatio, weightBytes,
		seconds: (Date.now() - started) / 1000, bars,
	};
}

export function figuresTable(reports: readonly DomainReport[]): string {
	const rows: string[] = [
		'| Domain | Judge | Images | Cond. accuracy | Classifier-IS | FID | FID / floor | Min class share |',
		'|---|---|---|---|---|---|---|---|',
	];
	for (const r of reports) {
		for (const j of r.judges) {
			const f = (g: JudgeFigures, which: string): string =>
				`| ${r.domain} | ${j.judge} | ${which} | ${pct(g.accuracy)} | ${g.is.toFixed(2)} | ${g.fid.toFixed(2)} | ${(g.fid / j.floor.fid).toFixed(2)}× | ${pct(g.minClassShare)} |`;
			rows.push(f(j.gen, `GAN, ${r.metadata.trainingSteps} steps`), f(j.floor, 'held-out real (floor)'), f(j.train, 'training images'), f(j.noise, 'noise (ceiling)'));
		}
	}
	rows.push(
		'',
		`| Domain | Images | Diversity 1−SSIM / L2 | Memorization | Memorization, faint ink (< ${FAINT_INK * 100} %) cleared | Weights |`,
		'|---|---|---|---|---|---|',
	);
	for (const r of reports) {
		const f = (p: PixelFigures, which: string, weights: string): string =>
			`| ${r.domain} | ${which} | ${(1 - p.diversitySsim).toFixed(3)} / ${p.diversityL2.toFixed(2)} | ${pct(p.memorization)} | ${pct(p.memorizationFaintCleared)} | ${weights} |`;
		rows.push(f(r.pixels.gen, 'GAN', `${(r.weightBytes / 1024).toFixed(0)} KiB`), f(r.pixels.floor, 'held-out real (floor)', ''), f(r.pixels.noise, 'noise (ceiling)', ''));
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
		'How each figure is measured: see the header of `gan/evaluate.ts`.',
		'Two judges, two feature spaces: A = `gan/classifier/<domain>/` (small CNN, dense-128 features, TF.js, Adam, seed 7),',
		'B = `gan/classifier/<domain>-b/` (five-conv BN CNN, global-average-pooled features, PyTorch, SGD, seed 11, another training split).',
		'FID is against one half of the held-out images; the floor is n images of the other half against the same reference, at the same n.',
		'`training images` rows: n real training images, measured the same way; `noise` rows: the ceiling.',
		'',
		'## Bars',
		'',
		barsTable(reports),
		'',
		'## Figures',
		'',
		figuresTable(reports),
		'',
	];
	for (const r of reports) {
		const classes = ganClassesOf(r.domain);
		out.push(
			`## ${r.domain}`,
			'',
			`- Generator: \`${path.relative(REPO_ROOT, r.modelDir)}\`, ${r.metadata.trainingSteps} steps at batch ${r.metadata.batchSize}, seed ${r.metadata.seed}, EMA ${r.metadata.ema ? 'yes' : 'no'}, ${r.metadata.parameters} parameters, ${r.metadata.quantization} weights (${(r.weightBytes / 1024).toFixed(0)} KiB).`,
			`- Reproduce: \`${r.metadata.command}\` (resumable; stop it at ${r.metadata.trainingSteps} steps).`,
			`- Judges: ${r.judges.map((j) => `${j.judge} \`${j.classifierDir}\` (held-out accuracy ${pct(j.classifier.testAccuracy)})`).join(', ')}.`,
			`- ${r.samples} samples; FID reference: ${r.referenceCount} held-out images; evaluated in ${r.seconds.toFixed(0)} s.`,
			'',
			`Generated (one row per class, top to bottom ${classes.map((c) => c.label).join(', ')}):`,
			'',
			`![${r.domain} samples](${r.domain}-grid.png)`,
			'',
			'Held-out real images (the floor\'s), same layout:',
			'',
			`![${r.domain} real](${r.domain}-real.png)`,
			'',
			`| Class | ${r.judges.map((j) => `Judge ${j.judge} on held-out real`).join(' | ')} | ${r.judges.map((j) => `GAN accuracy, judge ${j.judge}`).join(' | ')} | Share of GAN predictions, judge A | Memorization GAN / held-out real |`,
			`|---|${r.judges.map(() => '---|---|').join('')}---|---|`,
			...classes.map((c) => `| ${c.index} ${c.label} | ${r.judges.map((j) => pct(j.classifier.perClassTestAccuracy[c.index])).join(' | ')} | ${r.judges.map((j) => pct(j.gen.perClassAccuracy[c.index])).join(' | ')} | ${pct(r.judges[0].gen.classShares[c.index])} | ${pct(r.pixels.gen.memorizationPerClass[c.index])} / ${pct(r.pixels.floor.memorizationPerClass[c.index])} |`),
			'',
		);
	}
	const enlargement = path.join(REPO_ROOT, 'docs', 'gan', 'enlargement.png');
	if (fs.existsSync(enlargement)) {
		out.push(
			'## Enlargement (what the panel saves at 256 px)',
			'',
			'Left of each pair: the former bilinear enlargement; right: `imagegen.gan.upscale: smooth` now (bicubic with a light unsharp mask',
			'and an edge-steepening tone curve, `webview-ui/gan/imageMath.ts`). Regenerate with `npx tsx gan/enlargement.ts`.',
			'',
			'![bilinear vs crisp, 256 px](enlargement.png)',
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
			'judge-b-dir': { type: 'string' },
			'out-dir': { type: 'string' },
			'no-report': { type: 'boolean' },
			backend: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help === true || (values.domain !== undefined && values.domain !== 'all' && !isGanDomain(values.domain))) {
		console.log(`usage: npx tsx gan/evaluate.ts [--domain ${GAN_DOMAINS.join('|')}|all] [--model-dir DIR]
  [--samples 2000] [--retrain-classifier] [--classifier-epochs 3] [--classifier-dir DIR] [--judge-b-dir DIR] [--out-dir docs/gan] [--no-report] [--backend auto|wasm|cpu]`);
		process.exitCode = values.help === true ? 0 : 2;
		return;
	}
	await initBackend((values.backend ?? 'auto') as BackendChoice);
	const domains: readonly GanDomain[] = isGanDomain(values.domain) ? [values.domain] : GAN_DOMAINS;
	if ((values['model-dir'] !== undefined || values['classifier-dir'] !== undefined || values['judge-b-dir'] !== undefined) && domains.length !== 1) {
		throw new Error('--model-dir, --classifier-dir and --judge-b-dir need a single --domain');
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
			judgeBDir: values['judge-b-dir'] !== undefined ? path.resolve(values['judge-b-dir']) : undefined,
			outDir,
			log: (line) => console.log(line),
		});
		reports.push(report);
		console.log(`${domain}: ${report.bars.map((b) => `${b.name} ${b.value} (${b.bar}) ${b.pass ? 'ok' : 'NOT MET'}`).join('; ')}`);
	}
	const command = `npx tsx gan/evaluate.ts ${process.argv.slice(2).join(' ')}`.trim();
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
				const parsed = JSON.parse(await fs.promises.readFile(file, 'utf8')) as DomainReport & { command: string };
				// Figures written before the two judges (issue 16) have no `judges`: measured another way, left out.
				if (Array.isArray(parsed.judges)) {
					all.push(parsed);
				} else {
					console.log(`${path.relative(process.cwd(), file)}: figures of the former evaluator, not in the report; rerun that domain`);
				}
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
