import * as assert from 'node:assert/strict';
import { mulberry32 } from '../data';
import { toFloat16 } from '../export';
import {
	frechetDistance, inceptionScore, meanAndCovariance, pairwiseDiversity, prepareSsim, ssim, symmetricEigen,
} from '../metrics';
import { formatDuration, formatProgress } from '../progress';

function gaussianRows(n: number, d: number, seed: number, scale: (j: number) => number, shift = 0): Float32Array {
	const rng = mulberry32(seed);
	const out = new Float32Array(n * d);
	for (let i = 0; i < n * d; i++) {
		const u = Math.max(rng(), 1e-12);
		const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
		out[i] = g * scale(i % d) + shift;
	}
	return out;
}

describe('GAN evaluation metrics', () => {
	it('symmetric eigen-decomposition reconstructs the matrix', () => {
		const m = [[4, 1, 2], [1, 3, 0.5], [2, 0.5, 5]].map((r) => Float64Array.from(r));
		const { values, vectors } = symmetricEigen(m);
		for (let i = 0; i < 3; i++) {
			for (let j = 0; j < 3; j++) {
				let v = 0;
				for (let k = 0; k < 3; k++) {
					v += vectors[i][k] * values[k] * vectors[j][k];
				}
				assert.ok(Math.abs(v - m[i][j]) < 1e-9, `${i},${j}: ${v}`);
			}
		}
		assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 12) < 1e-9);
	});

	it('Fréchet distance: 0 for the same set, |Δμ|² for a shift, Σ(σ1−σ2)² for diagonal covariances', () => {
		const d = 6;
		const a = meanAndCovariance(gaussianRows(4000, d, 1, () => 1), 4000, d);
		assert.ok(Math.abs(frechetDistance(a, a)) < 1e-6);
		const shifted = { mean: a.mean.map((v) => v + 0.5), cov: a.cov };
		assert.ok(Math.abs(frechetDistance(a, shifted) - d * 0.25) < 1e-6);
		const diag = (s: readonly number[]): { mean: Float64Array; cov: Float64Array[] } => ({
			mean: new Float64Array(s.length),
			cov: s.map((v, i) => Float64Array.from(s, (_, j) => (i === j ? v * v : 0))),
		});
		assert.ok(Math.abs(frechetDistance(diag([1, 2, 3]), diag([2, 2, 1])) - (1 + 0 + 4)) < 1e-9);
	});

	it('classifier-IS: 1 for a constant prediction, k for confident uniform predictions', () => {
		const k = 10;
		const n = 100;
		const same = new Float32Array(n * k);
		const spread = new Float32Array(n * k);
		for (let i = 0; i < n; i++) {
			same[i * k] = 1;
			spread[i * k + (i % k)] = 1;
		}
		assert.ok(Math.abs(inceptionScore(same, n, k) - 1) < 1e-9);
		assert.ok(Math.abs(inceptionScore(spread, n, k) - k) < 1e-6);
	});

	it('SSIM is 1 for identical images, lower for different ones, symmetric', () => {
		const rng = mulberry32(3);
		const a = Float32Array.from({ length: 784 }, () => rng() * 2 - 1);
		const b = Float32Array.from({ length: 784 }, () => rng() * 2 - 1);
		const pa = prepareSsim(a);
		const pb = prepareSsim(b);
		assert.ok(Math.abs(ssim(pa, pa) - 1) < 1e-9);
		assert.ok(ssim(pa, pb) < 0.2);
		assert.ok(Math.abs(ssim(pa, pb) - ssim(pb, pa)) < 1e-12);
		const div = pairwiseDiversity([a, a, a]);
		assert.ok(Math.abs(div.ssim - 1) < 1e-9);
		assert.equal(div.l2, 0);
	});

	it('float16 conversion rounds as IEEE 754 binary16', () => {
		assert.equal(toFloat16(0), 0);
		assert.equal(toFloat16(1), 0x3c00);
		assert.equal(toFloat16(-2), 0xc000);
		assert.equal(toFloat16(65504), 0x7bff);
		assert.equal(toFloat16(1e6), 0x7c00);
		assert.equal(toFloat16(5.960464477539063e-8), 0x0001);
		assert.equal(toFloat16(0.1), 0x2e66);
	});

	it('progress line shows step, losses, speed and ETA', () => {
		const line = formatProgress({ step: 50, total: 100, done: 50, elapsed: 100, values: { D: 1.2346, G: 0.5 } }, 10);
		assert.equal(line, '[#####-----] 50/100 D 1.235 G 0.500 | 2.00 s/step | ETA 01:40');
		assert.equal(formatDuration(3725), '1:02:05');
	});
});
