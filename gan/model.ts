/**
 * The conditional GAN (ACGAN-style), built from standard TF.js layers only so
 * that the exported generator loads with a plain `tf.loadLayersModel` in the
 * webview, with no custom layer to register.
 *
 * Generator inputs: `z` (LATENT_SIZE standard normals) and `class` (one-hot,
 * 10); output 28×28×1 in [-1, 1] (tanh; ink is +1).
 * The class enters three times: concatenated to `z`, and as a learned 7×7×8
 * class map concatenated to the 7×7 and (upsampled) 14×14 feature maps.
 * Upsample + 3×3 conv rather than `conv2dTranspose`: faster on WASM, and no
 * checkerboard artefacts.
 *
 * Discriminator: two strided 4×4 convs with LeakyReLU(0.2), then two heads:
 * a real/fake logit and 10 class logits.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, NUM_CLASSES } from './data';

export const LATENT_SIZE = 64;

export interface ModelConfig {
	readonly latentSize: number;
	/** Channels at 7×7, 14×14 and 28×28 in the generator. */
	readonly gChannels: readonly [number, number, number];
	/** Channels of the discriminator's two convs. */
	readonly dChannels: readonly [number, number];
	/** Channels of the class map added at 7×7 and 14×14. */
	readonly classMapChannels: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
	latentSize: LATENT_SIZE,
	gChannels: [96, 64, 32],
	dChannels: [32, 64],
	classMapChannels: 8,
};

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

function initializer(seed: number): Initializer {
	return tf.initializers.glorotUniform({ seed });
}

export function buildGenerator(config: ModelConfig, seed: number): tf.LayersModel {
	const [c7, c14, c28] = config.gChannels;
	const cm = config.classMapChannels;
	let s = seed;
	const init = (): Initializer => initializer(s++);
	const z = tf.input({ shape: [config.latentSize], name: 'z' });
	const label = tf.input({ shape: [NUM_CLASSES], name: 'class' });

	const zc = tf.layers.concatenate({ name: 'g_zc' }).apply([z, label]) as tf.SymbolicTensor;
	let h = tf.layers.dense({ units: 7 * 7 * c7, useBias: false, kernelInitializer: init(), name: 'g_dense' }).apply(zc) as tf.SymbolicTensor;
	h = tf.layers.reshape({ targetShape: [7, 7, c7], name: 'g_reshape' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.batchNormalization({ name: 'g_bn7' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.reLU({ name: 'g_relu7' }).apply(h) as tf.SymbolicTensor;

	let map = tf.layers.dense({ units: 7 * 7 * cm, kernelInitializer: init(), name: 'g_classmap' }).apply(label) as tf.SymbolicTensor;
	map = tf.layers.reshape({ targetShape: [7, 7, cm], name: 'g_classmap_reshape' }).apply(map) as tf.SymbolicTensor;
	h = tf.layers.concatenate({ name: 'g_cat7' }).apply([h, map]) as tf.SymbolicTensor;

	h = tf.layers.upSampling2d({ size: [2, 2], name: 'g_up14' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.conv2d({ filters: c14, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(), name: 'g_conv14' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.batchNormalization({ name: 'g_bn14' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.reLU({ name: 'g_relu14' }).apply(h) as tf.SymbolicTensor;
	const map14 = tf.layers.upSampling2d({ size: [2, 2], name: 'g_classmap_up14' }).apply(map) as tf.SymbolicTensor;
	h = tf.layers.concatenate({ name: 'g_cat14' }).apply([h, map14]) as tf.SymbolicTensor;

	h = tf.layers.upSampling2d({ size: [2, 2], name: 'g_up28' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.conv2d({ filters: c28, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(), name: 'g_conv28' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.batchNormalization({ name: 'g_bn28' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.reLU({ name: 'g_relu28' }).apply(h) as tf.SymbolicTensor;
	const out = tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init(), name: 'g_out' }).apply(h) as tf.SymbolicTensor;
	return tf.model({ inputs: [z, label], outputs: out, name: 'generator' });
}

export function buildDiscriminator(config: ModelConfig, seed: number): tf.LayersModel {
	const [c1, c2] = config.dChannels;
	let s = seed;
	const init = (): Initializer => initializer(s++);
	const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
	let h = tf.layers.conv2d({ filters: c1, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(), name: 'd_conv1' }).apply(image) as tf.SymbolicTensor;
	h = tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu1' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.conv2d({ filters: c2, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(), name: 'd_conv2' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu2' }).apply(h) as tf.SymbolicTensor;
	h = tf.layers.flatten({ name: 'd_flatten' }).apply(h) as tf.SymbolicTensor;
	const realFake = tf.layers.dense({ units: 1, kernelInitializer: init(), name: 'd_real' }).apply(h) as tf.SymbolicTensor;
	const classes = tf.layers.dense({ units: NUM_CLASSES, kernelInitializer: init(), name: 'd_class' }).apply(h) as tf.SymbolicTensor;
	return tf.model({ inputs: image, outputs: [realFake, classes], name: 'discriminator' });
}

/** Runs the generator on `z` and integer labels. */
export function generate(g: tf.LayersModel, z: tf.Tensor2D, labels: tf.Tensor1D, training = false): tf.Tensor4D {
	return tf.tidy(() => {
		const oneHot = tf.oneHot(labels.toInt(), NUM_CLASSES).toFloat();
		return g.apply([z, oneHot], { training }) as tf.Tensor4D;
	});
}

/**
 * Re-estimates every batch-norm layer's moving mean and variance for the
 * generator's current weights: the exported EMA weights are an average that the
 * training-time moving statistics never saw. Layer by layer, in order (a layer's
 * input depends on the ones before it, in inference mode), over `batches`
 * batches of seeded latents and uniform classes.
 */
export function recalibrateBatchNorm(g: tf.LayersModel, seed: number, batches = 16, batchSize = 256): void {
	const latentSize = (g.inputs[0].shape[1] ?? LATENT_SIZE);
	const bns = g.layers.filter((l) => l.getClassName() === 'BatchNormalization');
	for (const bn of bns) {
		const probe = tf.model({ inputs: g.inputs, outputs: bn.input as tf.SymbolicTensor });
		let sum: tf.Tensor | undefined;
		let sumSq: tf.Tensor | undefined;
		for (let b = 0; b < batches; b++) {
			const [m, sq] = tf.tidy(() => {
				const z = tf.randomNormal([batchSize, latentSize], 0, 1, 'float32', seed * 1000 + b);
				const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => (i + b) % NUM_CLASSES), 'int32');
				const x = probe.predict([z, tf.oneHot(labels, NUM_CLASSES).toFloat()]) as tf.Tensor;
				const axes = x.shape.slice(0, -1).map((_, i) => i);
				return [x.mean(axes), x.square().mean(axes)];
			});
			const nextSum: tf.Tensor = sum === undefined ? m : tf.tidy(() => sum!.add(m));
			const nextSq: tf.Tensor = sumSq === undefined ? sq : tf.tidy(() => sumSq!.add(sq));
			if (sum !== undefined) {
				tf.dispose([sum, m]);
			}
			if (sumSq !== undefined) {
				tf.dispose([sumSq, sq]);
			}
			sum = nextSum;
			sumSq = nextSq;
		}
		const [gamma, beta] = bn.getWeights();
		const [mean, variance] = tf.tidy(() => {
			const mu = sum!.div(batches);
			return [mu, tf.relu(sumSq!.div(batches).sub(mu.square()))];
		});
		bn.setWeights([gamma, beta, mean, variance]);
		tf.dispose([sum!, sumSq!, mean, variance]);
	}
}
