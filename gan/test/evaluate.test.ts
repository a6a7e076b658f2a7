import * as assert from 'node:assert/strict';
import { splitHeldOut } from '../evaluate';
import type { ImageSet } from '../data';

/** A held-out set of `perClass[c]` images of class c, in class-sorted order (pixels unused). */
function heldOut(perClass: readonly number[]): ImageSet {
	const labels = Uint8Array.from(perClass.flatMap((n, c) => new Array<number>(n).fill(c)));
	return { images: new Uint8Array(labels.length * 784), labels, count: labels.length };
}

describe('GAN evaluator: the held-out floor', () => {
	const counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
	const set = heldOut(counts);

	it('splits the held-out images into a reference half and a floor half that share no image', () => {
		const { reference, floorPool } = splitHeldOut(set);
		const floor = floorPool.flat();
		assert.equal(new Set([...reference, ...floor]).size, set.count);
		assert.equal(reference.length + floor.length, set.count);
	});

	it('gives every class half of its images on each side, so 200 per class can be drawn without repeats at n = 2,000', () => {
		const { reference, floorPool } = splitHeldOut(set);
		counts.forEach((n, c) => {
			assert.equal(reference.filter((i) => set.labels[i] === c).length, Math.floor(n / 2));
			assert.ok(floorPool[c].every((i) => set.labels[i] === c));
			assert.ok(floorPool[c].length >= 200);
		});
	});

	it('is seeded: the same split every run, another with another seed', () => {
		assert.deepEqual(splitHeldOut(set), splitHeldOut(set));
		assert.notDeepEqual(splitHeldOut(set, 1).reference, splitHeldOut(set).reference);
	});
});
