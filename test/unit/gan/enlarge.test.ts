import * as assert from 'node:assert/strict';
import { cubicAxis, cubicWeight, enlargeCrisp, renderImage, resample } from '../../../webview-ui/gan/imageMath';

const N = 28;

/** A 28×28 image: ink (1) where `inside(x, y)`, paper (0) elsewhere. */
function shape(inside: (x: number, y: number) => boolean): Float32Array {
	return Float32Array.from({ length: N * N }, (_, i) => (inside(i % N, Math.floor(i / N)) ? 1 : 0));
}

/** Along row `y` of a `size`² image, how many pixels are neither paper nor ink (0.1 < v < 0.9): the width of the blur. */
function greyRun(img: Float32Array, size: number, y: number): number {
	let n = 0;
	for (let x = 0; x < size; x++) {
		const v = img[y * size + x];
		if (v > 0.1 && v < 0.9) {
			n++;
		}
	}
	return n;
}

describe('GAN crisp enlargement (imagegen.gan.upscale: smooth)', () => {
	it('uses an interpolating cubic kernel whose weights sum to one', () => {
		assert.equal(cubicWeight(0), 1);
		assert.equal(cubicWeight(1), 0);
		assert.equal(cubicWeight(2), 0);
		const ax = cubicAxis(28, 256);
		for (let d = 0; d < 256; d++) {
			const sum = ax.w[d * 4] + ax.w[d * 4 + 1] + ax.w[d * 4 + 2] + ax.w[d * 4 + 3];
			assert.ok(Math.abs(sum - 1) < 1e-6, `destination ${d}: weights sum to ${sum}`);
		}
	});

	it('keeps paper, ink and an even grey flat: no halo, no banding', () => {
		for (const level of [0, 0.5, 1]) {
			const out = enlargeCrisp(new Float32Array(N * N).fill(level), 0, N, 256);
			assert.ok(out.every((v) => Math.abs(v - level) < 1e-5), `level ${level}`);
		}
	});

	it('draws a stroke edge sharper than bilinear did, and never outside [0, 1]', () => {
		const bar = shape((x) => x >= 10 && x < 16);
		for (const size of [256, 512, 1024]) {
			const crisp = enlargeCrisp(bar, 0, N, size);
			const bilinear = resample(bar, 0, N, size, true);
			const y = size >> 1;
			assert.ok(crisp.every((v) => v >= 0 && v <= 1));
			assert.ok(greyRun(crisp, size, y) < 0.75 * greyRun(bilinear, size, y),
				`${size} px: ${greyRun(crisp, size, y)} grey pixels across the bar's edges, bilinear ${greyRun(bilinear, size, y)}`);
			// The middle of the bar is full ink and the paper far from it stays white.
			assert.ok(crisp[y * size + Math.round(13 * size / N)] > 0.99);
			assert.ok(crisp[y * size + Math.round(3 * size / N)] < 0.01);
		}
	});

	it('is mirror-symmetric: a left-right flipped drawing gives the flipped picture', () => {
		const blob = shape((x, y) => (x - 9) ** 2 + (y - 13) ** 2 < 30 || (x > 15 && x < 19 && y > 4 && y < 22));
		const flipped = shape((x, y) => blob[y * N + (N - 1 - x)] > 0.5);
		const size = 256;
		const a = enlargeCrisp(blob, 0, N, size);
		const b = enlargeCrisp(flipped, 0, N, size);
		for (let y = 0; y < size; y += 7) {
			for (let x = 0; x < size; x++) {
				assert.ok(Math.abs(a[y * size + x] - b[y * size + (size - 1 - x)]) < 1e-5, `(${x}, ${y})`);
			}
		}
	});

	it('keeps a thin stroke visible: a one-pixel line is still full-strength ink at its centre', () => {
		const line = shape((x) => x === 14);
		const out = enlargeCrisp(line, 0, N, 280);
		const y = 140;
		assert.ok(Math.max(...out.subarray(y * 280, (y + 1) * 280)) > 0.95);
	});

	it('reads the image at the offset and falls back to bilinear when not enlarging', () => {
		const img = Float32Array.from({ length: N * N }, (_, i) => ((i * 7919) % 101) / 100);
		const batch = new Float32Array(2 * N * N);
		batch.set(img, N * N);
		assert.deepEqual([...enlargeCrisp(batch, N * N, N, 256)], [...enlargeCrisp(img, 0, N, 256)]);
		assert.deepEqual([...enlargeCrisp(img, 0, N, N)], [...resample(img, 0, N, N, true)]);
	});

	it('is what renderImage saves for smooth, while pixelated stays nearest neighbour', () => {
		// Generator output (tanh, ink = +1) of one vertical bar.
		const output = Float32Array.from(shape((x) => x >= 10 && x < 16), (v) => v * 2 - 1);
		const opts = { srcSize: N, size: 256, foreground: [0, 0, 0] as const, background: [255, 255, 255] as const };
		const smooth = renderImage(output, 0, { ...opts, smooth: true });
		const crisp = enlargeCrisp(Float32Array.from(output, (v) => (v + 1) / 2), 0, N, 256);
		for (let i = 0; i < 256 * 256; i += 97) {
			assert.ok(Math.abs(smooth[i * 4] - 255 * (1 - crisp[i])) <= 1, `pixel ${i}`);
		}
		const pixelated = renderImage(output, 0, { ...opts, smooth: false });
		const values = new Set<number>();
		for (let i = 0; i < 256 * 256; i++) {
			values.add(pixelated[i * 4]);
		}
		assert.deepEqual([...values].sort((a, b) => a - b), [0, 255]);
	});
});
