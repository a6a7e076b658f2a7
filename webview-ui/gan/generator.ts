/**
 * Loading and running one generator on the current TF.js backend. No DOM, so
 * that the benchmark page (compiled without the DOM lib) runs the same code.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { generatorInputs } from './inputs';

/** A built generator and the shapes read from its inputs and output. */
export interface LoadedGenerator {
	readonly model: tfl.LayersModel;
	readonly latentSize: number;
	readonly numClasses: number;
	/** Edge of the square output image (28). */
	readonly imageSize: number;
	/** Whether the model's first input is `z` (else `class`). */
	readonly zFirst: boolean;
}

function dimension(shape: readonly (number | null)[], axis: number, what: string): number {
	const d = shape[axis];
	if (typeof d !== 'number' || d <= 0) {
		throw new Error(`unexpected ${what} shape [${shape.join(', ')}]`);
	}
	return d;
}

/** Fetches `model.json` and its weight files (kept, so that a model can be rebuilt on another backend). */
export async function loadArtifacts(modelJsonUrl: string): Promise<tf.io.ModelArtifacts> {
	const handler = tf.io.http(modelJsonUrl);
	if (handler.load === undefined) {
		throw new Error('TF.js http handler cannot load');
	}
	return handler.load();
}

/** Builds a generator from artifacts (which stay usable for another build). */
export async function loadGenerator(artifacts: tf.io.ModelArtifacts): Promise<LoadedGenerator> {
	const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
	const zIndex = model.inputNames.indexOf('z');
	const classIndex = model.inputNames.indexOf('class');
	const zFirst = zIndex < 0 || classIndex < 0 || zIndex < classIndex;
	const [zInput, classInput] = zFirst ? model.inputs : [model.inputs[1], model.inputs[0]];
	return {
		model,
		latentSize: dimension(zInput.shape, 1, 'z input'),
		numClasses: dimension(classInput.shape, 1, 'class input'),
		imageSize: dimension(model.outputs[0].shape, 1, 'output'),
		zFirst,
	};
}

/** Starts a batch on the current backend; the caller downloads and disposes the result. */
export function predict(gen: LoadedGenerator, classIndex: number, seeds: readonly number[]): tf.Tensor {
	const inputs = generatorInputs(seeds, classIndex, gen.latentSize, gen.numClasses);
	return tf.tidy(() => {
		const z = tf.tensor2d(inputs.z, [inputs.count, gen.latentSize]);
		const c = tf.tensor2d(inputs.oneHot, [inputs.count, gen.numClasses]);
		return gen.model.predictOnBatch(gen.zFirst ? [z, c] : [c, z]) as tf.Tensor;
	});
}
