/**
 * Trains one domain's conditional GAN (see model.ts) and exports its generator.
 *
 *   npx tsx gan/train.ts --domain digits --steps 20000
 *   npx tsx gan/train.ts --domain fashion --steps 20000
 *
 * Seeded and reproducible: weights are initialised from `--seed`, every step's
 * batch indices, labels and latents come from streams derived from (seed, step),
 * so a resumed run continues exactly as an uninterrupted one would.
 * Resumable: a checkpoint is written to `<checkpoint-dir>` every
 * `--checkpoint-every` steps and picked up on the next start (`--fresh` ignores it).
 * Exports: every `--export-every` steps the EMA generator (batch-norm statistics
 * re-estimated for the EMA weights) is written, quantized, to
 * `<checkpoint-dir>/exports/step-<n>/` and to `--export-dir` (default
 * `media/gan/<domain>/`; `--no-export-dir` to leave the committed weights alone
 * and promote a snapshot with `gan/promote.ts` after evaluating it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS, isGanDomain, type GanDomain } from '../src/core/gan/classes';
import { initBackend, type BackendChoice } from './backend';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { gatherScaled, loadDomain, mixSeed, mulberry32, NUM_CLASSES, IMAGE_SIZE } from './data';
import { buildMetadata, exportGenerator, type Quantization } from './export';
import { buildDiscriminator, buildGenerator, DEFAULT_MODEL_CONFIG, recalibrateBatchNorm, type ModelConfig } from './model';
import { REPO_ROOT } from './paths';
import { ProgressLine } from './progress';


export interface TrainOptions {
	readonly domain: GanDomain;
	readonly steps: number;
	readonly batchSize: number;
	readonly seed: number;
	readonly learningRate: number;
	readonly beta1: number;
	/** EMA decay of the exported generator weights; 0 exports the raw weights. */
	readonly emaDecay: number;
	/** Batches of 256 used to re-estimate batch-norm statistics for the EMA weights at export. */
	readonly bnBatches: number;
	/** One-sided label smoothing: the discriminator's target for real images. */
	readonly realTarget: number;
	/**
	 * Weight of the mode-seeking term (Mao et al. 2019): pairs of latents of one class are pushed to
	 * different images, so the generator does not settle on the most typical training images. 0 = off.
	 */
	readonly modeSeeking: number;
	readonly checkpointDir: string;
	readonly checkpointEvery: number;
	/** Where the latest export goes; undefined = only the snapshots under the checkpoint dir. */
	readonly exportDir: string | undefined;
	readonly exportEvery: number;
	readonly backend: BackendChoice;
	readonly quantization: Quantization;
	readonly fresh: boolean;
	readonly model: ModelConfig;
	/** Shown in metadata.json: the command that reproduces the run. */
	readonly command: string;
	readonly log: (line: string) => void;
	readonly progress: boolean;
}

export interface TrainResult {
	readonly step: number;
	readonly lossD: number;
	readonly lossG: number;
	readonly backend: string;
	readonly secondsPerStep: number;
}

interface CheckpointExtra {
	readonly domain: GanDomain;
	readonly seed: number;
	readonly batchSize: number;
	/** Absent in checkpoints written before the option existed: 0. */
	readonly modeSeeking?: number;
	readonly model: ModelConfig;
	readonly lossD: number;
	readonly lossG: number;
}

export function defaultOptions(domain: GanDomain): TrainOptions {
	return {
		domain,
		steps: 20000,
		batchSize: 64,
		seed: 1,
		learningRate: 2e-4,
		beta1: 0.5,
		emaDecay: 0.999,
		bnBatches: 16,
		realTarget: 0.9,
		modeSeeking: 0,
		checkpointDir: path.join(REPO_ROOT, 'gan', 'checkpoints', domain),
		checkpointEvery: 100,
		exportDir: path.join(REPO_ROOT, 'media', 'gan', domain),
		exportEvery: 500,
		backend: 'auto',
		quantization: 'uint8',
		fresh: false,
		model: DEFAULT_MODEL_CONFIG,
		command: `npx tsx gan/train.ts --domain ${domain}`,
		log: (line) => console.log(line),
		progress: process.stderr.isTTY,
	};
}

function countParams(model: tf.LayersModel): number {
	return model.weights.reduce((n, w) => n + w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1)!, 0);
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
	const backend = await initBackend(opts.backend);
	const data = loadDomain(opts.domain).train;
	const B = opts.batchSize;
	const L = opts.model.latentSize;
	const g = buildGenerator(opts.model, mixSeed(opts.seed, 101));
	const d = buildDiscriminator(opts.model, mixSeed(opts.seed, 202));
	const optG = tf.train.adam(opts.learningRate, opts.beta1, 0.999);
	const optD = tf.train.adam(opts.learningRate, opts.beta1, 0.999);
	const gVars = g.trainableWeights.map((w) => w.read() as tf.Variable);
	const dVars = d.trainableWeights.map((w) => w.read() as tf.Variable);
	let ema: tf.Tensor[] = g.getWeights().map((t) => tf.keep(t.clone()));
	let step = 0;
	let lossD = NaN;
	let lossG = NaN;

	if (!opts.fresh && hasCheckpoint(opts.checkpointDir)) {
		const ckpt = await loadCheckpoint<CheckpointExtra>(opts.checkpointDir);
		if (ckpt.extra.domain !== opts.domain || ckpt.extra.seed !== opts.seed || ckpt.extra.batchSize !== B || (ckpt.extra.modeSeeking ?? 0) !== opts.modeSeeking) {
			throw new Error(`checkpoint in ${opts.checkpointDir} is for another run (${JSON.stringify(ckpt.extra)}); use --fresh`);
		}
		const gw = ckpt.group('g');
		const dw = ckpt.group('d');
		g.setWeights(gw);
		d.setWeights(dw);
		ema.forEach((t) => t.dispose());
		ema = ckpt.group('ema').map((t) => tf.keep(t));
		await optG.setWeights(ckpt.named('optG'));
		await optD.setWeights(ckpt.named('optD'));
		tf.dispose([...gw, ...dw]);
		step = ckpt.step;
		lossD = ckpt.extra.lossD;
		lossG = ckpt.extra.lossG;
		opts.log(`resumed ${opts.domain} from step ${step} (${opts.checkpointDir})`);
	}
	opts.log(`domain=${opts.domain} backend=${backend} batch=${B} steps=${opts.steps} G params=${countParams(g)} D params=${countParams(d)}`);

	const realTargets = tf.keep(tf.concat([tf.fill([B, 1], opts.realTarget), tf.zeros([B, 1])]));
	const ones = tf.keep(tf.ones([B, 1]));

	const save = async (): Promise<void> => {
		const extra: CheckpointExtra = { domain: opts.domain, seed: opts.seed, batchSize: B, modeSeeking: opts.modeSeeking, model: opts.model, lossD, lossG };
		const gw = g.getWeights();
		const dw = d.getWeights();
		await saveCheckpoint(opts.checkpointDir, {
			step, extra,
			groups: { g: gw, d: dw, ema },
			named: { optG: await optG.getWeights(), optD: await optD.getWeights() },
		});
	};

	const exportNow = async (): Promise<void> => {
		const backup = g.getWeights().map((t) => t.clone());
		if (opts.emaDecay > 0) {
			g.setWeights(ema);
			recalibrateBatchNorm(g, mixSeed(opts.seed, step, 3) % 100000, opts.bnBatches);
		}
		const metadata = {
			...buildMetadata({
				domain: opts.domain, latentSize: L, steps: step, batchSize: B, ema: opts.emaDecay > 0, seed: opts.seed,
				quantization: opts.quantization, parameters: countParams(g), command: opts.command,
			}),
			bnRecalibrated: opts.emaDecay > 0,
		};
		const snapshot = path.join(opts.checkpointDir, 'exports', `step-${String(step).padStart(6, '0')}`);
		const written = await exportGenerator(g, snapshot, metadata);
		if (opts.exportDir !== undefined) {
			await exportGenerator(g, opts.exportDir, metadata);
		}
		g.setWeights(backup);
		tf.dispose(backup);
		opts.log(`exported step ${step}: ${written.weightBytes} weight bytes -> ${opts.exportDir ?? snapshot}`);
	};

	const progress = new ProgressLine(opts.progress, opts.log);
	const startStep = step;
	const started = Date.now();
	while (step < opts.steps) {
		const rng = mulberry32(mixSeed(opts.seed, step, 7));
		const idx: number[] = [];
		const realLabels: number[] = [];
		const fakeLabels: number[] = [];
		const genLabels: number[] = [];
		for (let i = 0; i < B; i++) {
			const k = Math.floor(rng() * data.count);
			idx.push(k);
			realLabels.push(data.labels[k]);
			fakeLabels.push(Math.floor(rng() * NUM_CLASSES));
			genLabels.push(Math.floor(rng() * NUM_CLASSES));
		}
		const half = Math.floor(B / 2);
		if (opts.modeSeeking > 0) {
			// Pairs: generated image i and i + B/2 share a class, not a latent.
			for (let i = 0; i < half; i++) {
				genLabels[i + half] = genLabels[i];
			}
		}
		const [ld, lg] = tf.tidy(() => {
			const real = tf.tensor4d(gatherScaled(data, idx), [B, IMAGE_SIZE, IMAGE_SIZE, 1]);
			const yReal = tf.oneHot(tf.tensor1d(realLabels, 'int32'), NUM_CLASSES).toFloat();
			const yFake = tf.oneHot(tf.tensor1d(fakeLabels, 'int32'), NUM_CLASSES).toFloat();
			const yGen = tf.oneHot(tf.tensor1d(genLabels, 'int32'), NUM_CLASSES).toFloat();
			const z1 = tf.randomNormal([B, L], 0, 1, 'float32', mixSeed(opts.seed, step, 1));
			const z2 = tf.randomNormal([B, L], 0, 1, 'float32', mixSeed(opts.seed, step, 2));
			const fake = g.apply([z1, yFake], { training: true }) as tf.Tensor;
			const yBoth = tf.concat([yReal, yFake]);
			const both = tf.concat([real, fake]);
			const dLoss = optD.minimize(() => {
				const [rf, cls] = d.apply(both, { training: true }) as tf.Tensor[];
				const adv = tf.losses.sigmoidCrossEntropy(realTargets, rf);
				const aux = tf.losses.softmaxCrossEntropy(yBoth, cls);
				return adv.add(aux) as tf.Scalar;
			}, true, dVars);
			const gLoss = optG.minimize(() => {
				const gen = g.apply([z2, yGen], { training: true }) as tf.Tensor;
				const [rf, cls] = d.apply(gen, { training: true }) as tf.Tensor[];
				const adv = tf.losses.sigmoidCrossEntropy(ones, rf);
				const aux = tf.losses.softmaxCrossEntropy(yGen, cls);
				if (opts.modeSeeking <= 0) {
					return adv.add(aux) as tf.Scalar;
				}
				const imageGap = tf.abs(gen.slice(0, half).sub(gen.slice(half, half))).mean([1, 2, 3]);
				const latentGap = tf.abs(z2.slice(0, half).sub(z2.slice(half, half))).mean(1);
				const spread = imageGap.div(latentGap).mean();
				return adv.add(aux).add(tf.scalar(opts.modeSeeking).div(spread.add(1e-5))) as tf.Scalar;
			}, true, gVars);
			return [dLoss!, gLoss!];
		});
		lossD = (await ld.data())[0];
		lossG = (await lg.data())[0];
		tf.dispose([ld, lg]);
		if (opts.emaDecay > 0) {
			// Warm-up so early exports are not dominated by the random initialisation.
			const decay = Math.min(opts.emaDecay, (1 + step) / (10 + step));
			const current = g.getWeights();
			const next = tf.tidy(() => ema.map((e, i) => e.mul(decay).add(current[i].mul(1 - decay))));
			ema.forEach((t) => t.dispose());
			ema = next.map((t) => tf.keep(t));
		}
		step++;
		if (!Number.isFinite(lossD) || !Number.isFinite(lossG)) {
			throw new Error(`non-finite loss at step ${step}: D ${lossD}, G ${lossG}`);
		}
		const elapsed = (Date.now() - started) / 1000;
		progress.update({ step, total: opts.steps, done: step - startStep, elapsed, values: { D: lossD, G: lossG } });
		if (step % opts.checkpointEvery === 0 || step === opts.steps) {
			await save();
		}
		if (step % opts.exportEvery === 0 || step === opts.steps) {
			await exportNow();
		}
	}
	progress.finish();
	const secondsPerStep = step > startStep ? (Date.now() - started) / 1000 / (step - startStep) : 0;
	tf.dispose([realTargets, ones, ...ema]);
	g.dispose();
	d.dispose();
	optG.dispose();
	optD.dispose();
	return { step, lossD, lossG, backend, secondsPerStep };
}

async function main(): Promise<void> {
	// util.parseArgs is built into Node (>= 18.3): no argument-parsing dependency needed.
	const { values } = parseArgs({
		options: {
			domain: { type: 'string' },
			steps: { type: 'string' },
			batch: { type: 'string' },
			seed: { type: 'string' },
			lr: { type: 'string' },
			beta1: { type: 'string' },
			ema: { type: 'string' },
			'real-target': { type: 'string' },
			'mode-seeking': { type: 'string' },
			'checkpoint-dir': { type: 'string' },
			'checkpoint-every': { type: 'string' },
			'export-dir': { type: 'string' },
			'export-every': { type: 'string' },
			'no-export-dir': { type: 'boolean' },
			backend: { type: 'string' },
			quantization: { type: 'string' },
			fresh: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help === true || !isGanDomain(values.domain)) {
		console.log(`usage: npx tsx gan/train.ts --domain ${GAN_DOMAINS.join('|')} [--steps N] [--batch 64] [--seed 1]
  [--lr 2e-4] [--beta1 0.5] [--ema 0.999] [--real-target 0.9] [--mode-seeking 0] [--checkpoint-dir DIR] [--checkpoint-every 100]
  [--export-dir DIR | --no-export-dir] [--export-every 500] [--backend auto|tensorflow|wasm|cpu]
  [--quantization uint8|float16|float32] [--fresh]`);
		process.exitCode = values.help === true ? 0 : 2;
		return;
	}
	const base = defaultOptions(values.domain);
	const num = (v: string | undefined, fallback: number): number => {
		if (v === undefined) {
			return fallback;
		}
		const n = Number(v);
		if (!Number.isFinite(n)) {
			throw new Error(`not a number: ${v}`);
		}
		return n;
	};
	const quantization = (values.quantization ?? base.quantization) as Quantization;
	if (!['uint8', 'float16', 'float32'].includes(quantization)) {
		throw new Error(`unknown quantization ${quantization}`);
	}
	const opts: TrainOptions = {
		...base,
		steps: num(values.steps, base.steps),
		batchSize: num(values.batch, base.batchSize),
		seed: num(values.seed, base.seed),
		learningRate: num(values.lr, base.learningRate),
		beta1: num(values.beta1, base.beta1),
		emaDecay: num(values.ema, base.emaDecay),
		realTarget: num(values['real-target'], base.realTarget),
		modeSeeking: num(values['mode-seeking'], base.modeSeeking),
		checkpointDir: values['checkpoint-dir'] !== undefined ? path.resolve(values['checkpoint-dir']) : base.checkpointDir,
		checkpointEvery: num(values['checkpoint-every'], base.checkpointEvery),
		exportDir: values['no-export-dir'] === true ? undefined
			: values['export-dir'] !== undefined ? path.resolve(values['export-dir']) : base.exportDir,
		exportEvery: num(values['export-every'], base.exportEvery),
		backend: (values.backend ?? base.backend) as BackendChoice,
		quantization,
		fresh: values.fresh === true,
		command: `npx tsx gan/train.ts ${process.argv.slice(2).join(' ')}`,
	};
	fs.mkdirSync(opts.checkpointDir, { recursive: true });
	const result = await train(opts);
	console.log(`done: ${result.step} steps, D ${result.lossD.toFixed(3)}, G ${result.lossG.toFixed(3)}, ${result.secondsPerStep.toFixed(2)} s/step on ${result.backend}`);
}

if (require.main === module) {
	main().catch((err: unknown) => {
		console.error(err);
		process.exit(1);
	});
}
