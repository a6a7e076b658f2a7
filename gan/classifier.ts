/**
 * The evaluator's own classifier, one per domain: a small CNN trained on the
 * same training images as the GAN, committed under `gan/classifier/<domain>/`
 * (float16 weights) so every evaluation and the CI test use the same judge.
 * Its 128-unit penultimate layer (`features`) is the space FID is measured in.
 *
 *   conv3×3 16 ReLU → maxpool 2 → conv3×3 32 ReLU → maxpool 2 → dense 128 ReLU → dense 10 softmax
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { GanDomain } from '../src/core/gan/classes';
import { gatherScaled, IMAGE_SIZE, mixSeed, mulberry32, NUM_CLASSES, type ImageSet } from './data';
import { loadLayersModelFromDir, writeLayersModel } from './export';

export const FEATURE_LAYER = 'features';

export function classifierDir(root: string, domain: GanDomain): string {
	return path.join(root, 'gan', 'classifier', domain);
}

export function buildClassifier(seed: number): tf.LayersModel {
	let s = seed;
	const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: s++ });
	const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
	let h = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'c_conv1' }).apply(image) as tf.SymbolicTensor;
	h = tf.layers.maxPooling2d({ poolSize: 2, name: 'c_pool1' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'c_conv2' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.maxPooling2d({ poolSize: 2, name: 'c_pool2' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.flatten({ name: 'c_flatten' }).apply(h) as tf.SymbolicTensor;
	const features = tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(), name: FEATURE_LAYER }).apply(h) as tf.SymbolicTensor;
	const probs = tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax', kernelInitializer: init(), name: 'c_probs' }).apply(features) as tf.SymbolicTensor;
	return tf.model({ inputs: image, outputs: probs, name: 'classifier' });
}

/** Channels of judge B's five 3×3 convolutions (max pool after the 2nd and 4th). */
export const JUDGE_B_WIDTHS = [24, 24, 48, 48, 128] as const;

/**
 * The evaluator's second judge (feature space B), built differently from
 * `buildClassifier` so that FID is measured in two unrelated spaces:
 * (conv3×3 BN ReLU) ×2 → pool → (conv3×3 BN ReLU) ×2 → pool → conv3×3 BN ReLU →
 * global average pool (`features`, 128) → dense 10 softmax. Trained with
 * PyTorch (`gan/torch/train_judge.py`, another optimizer, seed and
 * training split) and imported by `gan/torch/import_judge.ts`.
 */
export function buildJudgeB(): tf.LayersModel {
	const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
	let h: tf.SymbolicTensor = image;
	JUDGE_B_WIDTHS.forEach((filters, i) => {
		h = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name: `b_conv${i + 1}` }).apply(h) as tf.SymbolicTensor;
		h = tf.layers.batchNormalization({ name: `b_bn${i + 1}` }).apply(h) as tf.SymbolicTensor;
		h = tf.layers.reLU({ name: `b_relu${i + 1}` }).apply(h) as tf.SymbolicTensor;
		if (i === 1 || i === 3) {
			h = tf.layers.maxPooling2d({ poolSize: 2, name: `b_pool${i + 1}` }).apply(h) as tf.SymbolicTensor;
		}
	});
	const features = tf.layers.globalAveragePooling2d({ name: FEATURE_LAYER }).apply(h) as tf.SymbolicTensor;
	const probs = tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax', name: 'b_probs' }).apply(features) as tf.SymbolicTensor;
	return tf.model({ inputs: image, outputs: probs, name: 'judge_b' });
}

export interface ClassifierInfo {
	readonly domain: GanDomain;
	readonly epochs: number;
	readonly batchSize: number;
	readonly seed: number;
	readonly testAccuracy: number;
	readonly perClassTestAccuracy: readonly number[];
	readonly date: string;
}

export interface TrainClassifierOptions {
	readonly epochs: number;
	readonly batchSize: number;
	readonly seed: number;
	readonly log: (line: string) => void;
}

/** Trains with Adam on seeded shuffles (reproducible, unlike `fit`'s shuffle). */
export async function trainClassifier(train: ImageSet, opts: TrainClassifierOptions): Promise<tf.LayersModel> {
	const model = buildClassifier(mixSeed(opts.seed, 303));
	model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
	const B = opts.batchSize;
	// Fractional epochs (e.g. 0.05) train on that share of the data: for quick checks.
	const perEpoch = Math.floor(train.count / B);
	let budget = Math.round(opts.epochs * perEpoch);
	for (let epoch = 0; budget > 0; epoch++) {
		const rng = mulberry32(mixSeed(opts.seed, epoch, 404));
		const order = Array.from({ length: train.count }, (_, i) => i);
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(rng() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		let lossSum = 0;
		let accSum = 0;
		let batches = 0;
		const started = Date.now();
		for (let at = 0; at + B <= order.length && budget > 0; at += B, budget--) {
			const idx = order.slice(at, at + B);
			const [x, y] = tf.tidy(() => [
				tf.tensor4d(gatherScaled(train, idx), [B, IMAGE_SIZE, IMAGE_SIZE, 1]),
				tf.oneHot(tf.tensor1d(idx.map((k) => train.labels[k]), 'int32'), NUM_CLASSES).toFloat(),
			]);
			const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
			tf.dispose([x, y]);
			lossSum += loss;
			accSum += acc;
			batches++;
			if (batches % 100 === 0) {
				opts.log(`  epoch ${epoch + 1}/${opts.epochs} batch ${batches}: loss ${(lossSum / batches).toFixed(4)} acc ${(accSum / batches).toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
			}
		}
		opts.log(`epoch ${epoch + 1}: loss ${(lossSum / batches).toFixed(4)}, train accuracy ${(accSum / batches).toFixed(4)}`);
	}
	return model;
}

/** Class probabilities and penultimate features of `images` ([-1, 1], n×784), in batches. */
export function classify(model: tf.LayersModel, images: Float32Array, n: number, batch = 500): { probs: Float32Array; features: Float32Array } {
	const featureModel = tf.model({ inputs: model.inputs, outputs: [model.getLayer(FEATURE_LAYER).output as tf.SymbolicTensor, model.outputs[0]] });
	const width = (model.getLayer(FEATURE_LAYER).outputShape as number[])[1];
	const probs = new Float32Array(n * NUM_CLASSES);
	const features = new Float32Array(n * width);
	const px = IMAGE_SIZE * IMAGE_SIZE;
	for (let at = 0; at < n; at += batch) {
		const m = Math.min(batch, n - at);
		const [f, p] = tf.tidy(() => {
			const x = tf.tensor4d(images.subarray(at * px, (at + m) * px), [m, IMAGE_SIZE, IMAGE_SIZE, 1]);
			return featureModel.predict(x) as tf.Tensor[];
		});
		features.set(f.dataSync(), at * width);
		probs.set(p.dataSync(), at * NUM_CLASSES);
		tf.dispose([f, p]);
	}
	return { probs, features };
}

export function argmaxRows(probs: Float32Array, k = NUM_CLASSES): number[] {
	const n = probs.length / k;
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		let best = 0;
		for (let j = 1; j < k; j++) {
			if (probs[i * k + j] > probs[i * k + best]) {
				best = j;
			}
		}
		out.push(best);
	}
	return out;
}

export function accuracyOn(model: tf.LayersModel, set: ImageSet): { overall: number; perClass: number[] } {
	const all = Array.from({ length: set.count }, (_, i) => i);
	const { probs } = classify(model, gatherScaled(set, all), set.count);
	const pred = argmaxRows(probs);
	const correct = new Array<number>(NUM_CLASSES).fill(0);
	const total = new Array<number>(NUM_CLASSES).fill(0);
	pred.forEach((p, i) => {
		total[set.labels[i]]++;
		if (p === set.labels[i]) {
			correct[set.labels[i]]++;
		}
	});
	return {
		overall: correct.reduce((a, b) => a + b, 0) / set.count,
		perClass: correct.map((c, i) => c / Math.max(1, total[i])),
	};
}

export async function saveClassifier(model: tf.LayersModel, dir: string, info: ClassifierInfo): Promise<void> {
	await writeLayersModel(model, dir, 'float16', { 'info.json': `${JSON.stringify(info, null, '\t')}\n` });
}

export async function loadClassifier(dir: string): Promise<{ model: tf.LayersModel; info: ClassifierInfo }> {
	const model = await loadLayersModelFromDir(dir);
	const info = JSON.parse(await fs.promises.readFile(path.join(dir, 'info.json'), 'utf8')) as ClassifierInfo;
	return { model, info };
}

export function hasClassifier(dir: string): boolean {
	return fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'info.json'));
}
