/**
 * The generator's inputs for a batch, exactly as the trainer defines them
 * (gan/model.ts, metadata.json `inputs: ['z', 'class']`): `z` = the
 * standard-normal latent of each seed (`latentFromSeed`, shared with the host and
 * the Node tests) and the one-hot class. Pure: no DOM, no TF.js.
 */
import { latentFromSeed } from '../../src/core/gan/prompt';

export interface GeneratorInputs {
	/** n × latentSize, row-major. */
	readonly z: Float32Array;
	/** n × numClasses, row-major. */
	readonly oneHot: Float32Array;
	readonly count: number;
}

export function generatorInputs(seeds: readonly number[], classIndex: number, latentSize: number, numClasses: number): GeneratorInputs {
	if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= numClasses) {
		throw new RangeError(`class ${classIndex} is outside 0..${numClasses - 1}`);
	}
	const n = seeds.length;
	const z = new Float32Array(n * latentSize);
	const oneHot = new Float32Array(n * numClasses);
	seeds.forEach((seed, i) => {
		z.set(latentFromSeed(seed, latentSize), i * latentSize);
		oneHot[i * numClasses + classIndex] = 1;
	});
	return { z, oneHot, count: n };
}
