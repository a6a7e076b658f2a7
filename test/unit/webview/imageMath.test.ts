import * as assert from 'node:assert/strict';
import {
	colorize,
	linearAxis,
	nearestIndices,
	renderImage,
	resample,
	toIntensity,
	type RenderOptions,
} from '../../../webview-ui/gan/imageMath';

describe('GAN image math: intensity', () => {
	const table: [number, number][] = [
		[-1, 0],
		[1, 1],
		[0, 0.5],
		[-0.5, 0.25],
		[-3, 0],
		[3, 1],
		[Number.NaN, 0],
	];
	for (const [x, a] of table) {
		it(`maps ${x} to ${a}`, () => assert.equal(toIntensity(x), a));
	}
});

describe('GAN image math: nearest neighbour', () => {
	it('repeats each source pixel for an integer factor', () => {
		assert.deepEqual([...nearestIndices(2, 6)], [0, 0, 0, 1, 1, 1]);
		assert.deepEqual([...nearestIndices(28, 56)].slice(0, 6), [0, 0, 1, 1, 2, 2]);
	});

	it('is the identity at the same size', () => {
		assert.deepEqual([...nearestIndices(5, 5)], [0, 1, 2, 3, 4]);
	});

	it('stays inside the source for odd factors', () => {
		const idx = nearestIndices(28, 100);
		assert.equal(idx[0], 0);
		assert.equal(idx[99], 27);
		for (let i = 1; i < idx.length; i++) {
			assert.ok(idx[i] - idx[i - 1] === 0 || idx[i] - idx[i - 1] === 1);
		}
	});

	it('picks the sample nearest to the pixel centre when shrinking', () => {
		assert.deepEqual([...nearestIndices(4, 2)], [1, 3]);
	});
});

describe('GAN image math: bilinear', () => {
	it('uses half-pixel centres and clamps at the edges', () => {
		const ax = linearAxis(2, 4);
		// Destination centres 0.5, 1.5, 2.5, 3.5 → source -0.25, 0.25, 0.75, 1.25 → clamped 0, 0.25, 0.75, 1.
		assert.deepEqual([...ax.lo], [0, 0, 0, 1]);
		assert.deepEqual([...ax.hi], [1, 1, 1, 1]);
		assert.deepEqual([...ax.t], [0, 0.25, 0.75, 0]);
	});

	it('interpolates a ramp linearly inside the image', () => {
		const src = new Float32Array([0, 1, 0, 1]); // 2×2: columns 0 and 1
		const out = resample(src, 0, 2, 4, true);
		for (let y = 0; y < 4; y++) {
			assert.deepEqual([...out.slice(y * 4, y * 4 + 4)], [0, 0.25, 0.75, 1]);
		}
	});

	it('is the identity at the same size', () => {
		const src = Float32Array.from({ length: 9 }, (_, i) => i / 8);
		assert.deepEqual([...resample(src, 0, 3, 3, true)], [...src]);
		assert.deepEqual([...resample(src, 0, 3, 3, false)], [...src]);
	});

	it('keeps a constant image constant and stays within the source range', () => {
		const src = new Float32Array(28 * 28).fill(0.3);
		const out = resample(src, 0, 28, 256, true);
		assert.ok(out.every((v) => Math.abs(v - 0.3) < 1e-6));
		const noise = Float32Array.from({ length: 28 * 28 }, (_, i) => ((i * 7919) % 101) / 100);
		const up = resample(noise, 0, 28, 97, true);
		assert.ok(up.every((v) => v >= 0 && v <= 1));
	});

	it('reads the image at the offset', () => {
		const batch = new Float32Array([9, 9, 9, 9, 1, 2, 3, 4]);
		assert.deepEqual([...resample(batch, 4, 2, 2, false)], [1, 2, 3, 4]);
	});
});

describe('GAN image math: colour', () => {
	it('blends foreground over an opaque background', () => {
		const rgba = colorize([0, 1, 0.5], [255, 0, 0], [255, 255, 255]);
		assert.deepEqual([...rgba], [255, 255, 255, 255, 255, 0, 0, 255, 255, 128, 128, 255]);
	});

	it('uses the foreground with alpha = intensity on a transparent background', () => {
		const rgba = colorize([0, 1, 0.5], [10, 20, 30], null);
		assert.deepEqual([...rgba], [10, 20, 30, 0, 10, 20, 30, 255, 10, 20, 30, 128]);
	});

	it('draws black ink on white by default colours', () => {
		const rgba = colorize([1, 0], [0, 0, 0], [255, 255, 255]);
		assert.deepEqual([...rgba], [0, 0, 0, 255, 255, 255, 255, 255]);
	});
});

describe('GAN image math: one image of a batch', () => {
	const opts: RenderOptions = { srcSize: 2, size: 4, smooth: false, foreground: [0, 0, 255], background: [0, 0, 0] };

	it('renders the requested image of the batch, upscaled and coloured', () => {
		const output = new Float32Array([-1, -1, -1, -1, 1, -1, -1, 1]);
		const rgba = renderImage(output, 1, opts);
		assert.equal(rgba.length, 4 * 4 * 4);
		const blue = (x: number, y: number): number => rgba[(y * 4 + x) * 4 + 2];
		assert.equal(blue(0, 0), 255);
		assert.equal(blue(1, 1), 255);
		assert.equal(blue(2, 0), 0);
		assert.equal(blue(3, 3), 255);
		assert.equal(blue(0, 3), 0);
	});

	it('renders a blank image from the first batch entry', () => {
		const output = new Float32Array([-1, -1, -1, -1, 1, 1, 1, 1]);
		const rgba = renderImage(output, 0, { ...opts, smooth: true });
		assert.ok(rgba.every((v, i) => (i % 4 === 3 ? v === 255 : v === 0)));
	});
});
