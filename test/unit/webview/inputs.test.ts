import * as assert from 'node:assert/strict';
import { latentFromSeed } from '../../../src/core/gan/prompt';
import { generatorInputs } from '../../../webview-ui/gan/inputs';

describe('GAN generator inputs', () => {
	it('stacks one latent per seed, from the shared latentFromSeed', () => {
		const { z, count } = generatorInputs([7, 8, 7], 3, 64, 10);
		assert.equal(count, 3);
		assert.equal(z.length, 3 * 64);
		assert.deepEqual(z.slice(0, 64), latentFromSeed(7, 64));
		assert.deepEqual(z.slice(64, 128), latentFromSeed(8, 64));
		assert.deepEqual(z.slice(128), z.slice(0, 64));
	});

	it('gives a one-hot class row per image', () => {
		const { oneHot } = generatorInputs([1, 2], 9, 4, 10);
		assert.deepEqual([...oneHot], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
	});

	it('refuses a class the model does not have', () => {
		assert.throws(() => generatorInputs([1], 10, 64, 10), RangeError);
		assert.throws(() => generatorInputs([1], -1, 64, 10), RangeError);
		assert.throws(() => generatorInputs([1], 1.5, 64, 10), RangeError);
	});
});
