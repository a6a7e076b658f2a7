/**
 * Sample-quality statistics for 28×28 images, in plain TypeScript (no tfjs):
 * Fréchet distance between feature sets, inception-style score from class
 * probabilities, SSIM, pairwise diversity.
 */

export type Matrix = Float64Array[];

/** Mean vector and (unbiased) covariance of `n` rows of width `d`. */
export function meanAndCovariance(rows: Float32Array, n: number, d: number): { mean: Float64Array; cov: Matrix } {
	const mean = new Float64Array(d);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < d; j++) {
			mean[j] += rows[i * d + j];
		}
	}
	for (let j = 0; j < d; j++) {
		mean[j] /= n;
	}
	const cov: Matrix = Array.from({ length: d }, () => new Float64Array(d));
	const centred = new Float64Array(d);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < d; j++) {
			centred[j] = rows[i * d + j] - mean[j];
		}
		for (let a = 0; a < d; a++) {
			const ca = centred[a];
			if (ca === 0) {
				continue;
			}
			const row = cov[a];
			for (let b = a; b < d; b++) {
				row[b] += ca * centred[b];
			}
		}
	}
	for (let a = 0; a < d; a++) {
		for (let b = a; b < d; b++) {
			const v = cov[a][b] / Math.max(1, n - 1);
			cov[a][b] = v;
			cov[b][a] = v;
		}
	}
	return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(input: Matrix): { values: Float64Array; vectors: Matrix } {
	const n = input.length;
	const a: Matrix = input.map((r) => Float64Array.from(r));
	const v: Matrix = Array.from({ length: n }, (_, i) => {
		const r = new Float64Array(n);
		r[i] = 1;
		return r;
	});
	for (let sweep = 0; sweep < 100; sweep++) {
		let off = 0;
		let diag = 0;
		for (let p = 0; p < n; p++) {
			diag += a[p][p] * a[p][p];
			for (let q = p + 1; q < n; q++) {
				off += a[p][q] * a[p][q];
			}
		}
		if (off <= 1e-22 * Math.max(diag, 1e-300)) {
			break;
		}
		for (let p = 0; p < n; p++) {
			for (let q = p + 1; q < n; q++) {
				const apq = a[p][q];
				if (Math.abs(apq) < 1e-300) {
					continue;
				}
				const theta = (a[q][q] - a[p][p]) / (2 * apq);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < n; k++) {
					const akp = a[k][p];
					const akq = a[k][q];
					a[k][p] = c * akp - s * akq;
					a[k][q] = s * akp + c * akq;
				}
				for (let k = 0; k < n; k++) {
					const apk = a[p][k];
					const aqk = a[q][k];
					a[p][k] = c * apk - s * aqk;
					a[q][k] = s * apk + c * aqk;
				}
				for (let k = 0; k < n; k++) {
					const vkp = v[k][p];
					const vkq = v[k][q];
					v[k][p] = c * vkp - s * vkq;
					v[k][q] = s * vkp + c * vkq;
				}
			}
		}
	}
	return { values: Float64Array.from(a.map((r, i) => r[i])), vectors: v };
}

function matMul(x: Matrix, y: Matrix): Matrix {
	const n = x.length;
	const m = y[0].length;
	const k = y.length;
	const out: Matrix = Array.from({ length: n }, () => new Float64Array(m));
	for (let i = 0; i < n; i++) {
		const xi = x[i];
		const oi = out[i];
		for (let t = 0; t < k; t++) {
			const xv = xi[t];
			if (xv === 0) {
				continue;
			}
			const yt = y[t];
			for (let j = 0; j < m; j++) {
				oi[j] += xv * yt[j];
			}
		}
	}
	return out;
}

/** Symmetric positive semi-definite square root. */
export function sqrtPsd(m: Matrix): Matrix {
	const { values, vectors } = symmetricEigen(m);
	const n = m.length;
	const scaled: Matrix = vectors.map((row) => row.map((x, j) => x * Math.sqrt(Math.max(values[j], 0))));
	const vt: Matrix = Array.from({ length: n }, (_, i) => Float64Array.from(vectors, (r) => r[i]));
	return matMul(scaled, vt);
}

/**
 * Fréchet distance between two Gaussians:
 * |μ1−μ2|² + Tr(Σ1) + Tr(Σ2) − 2 Tr((Σ1 Σ2)^½), using Tr((Σ1Σ2)^½) = Tr((Σ1^½ Σ2 Σ1^½)^½).
 */
export function frechetDistance(a: { mean: Float64Array; cov: Matrix }, b: { mean: Float64Array; cov: Matrix }): number {
	const d = a.mean.length;
	let diff = 0;
	let tr = 0;
	for (let i = 0; i < d; i++) {
		diff += (a.mean[i] - b.mean[i]) ** 2;
		tr += a.cov[i][i] + b.cov[i][i];
	}
	const s1 = sqrtPsd(a.cov);
	const inner = matMul(matMul(s1, b.cov), s1);
	for (let i = 0; i < d; i++) {
		for (let j = i + 1; j < d; j++) {
			const avg = (inner[i][j] + inner[j][i]) / 2;
			inner[i][j] = avg;
			inner[j][i] = avg;
		}
	}
	const { values } = symmetricEigen(inner);
	let trSqrt = 0;
	for (const v of values) {
		trSqrt += Math.sqrt(Math.max(v, 0));
	}
	return diff + tr - 2 * trSqrt;
}

/** exp(E_x KL(p(y|x) ‖ p(y))) for `n` rows of `k` probabilities. */
export function inceptionScore(probs: Float32Array, n: number, k: number): number {
	const marginal = new Float64Array(k);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < k; j++) {
			marginal[j] += probs[i * k + j] / n;
		}
	}
	let kl = 0;
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < k; j++) {
			const p = probs[i * k + j];
			if (p > 0) {
				kl += p * (Math.log(p) - Math.log(Math.max(marginal[j], 1e-30)));
			}
		}
	}
	return Math.exp(kl / n);
}

export const SIDE = 28;
const WIN = 7;
const OUT = SIDE - WIN + 1;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;

/** Window sums (7×7, valid) of a 28×28 image through an integral image. */
function boxSums(img: Float64Array): Float64Array {
	const ii = new Float64Array((SIDE + 1) * (SIDE + 1));
	for (let y = 0; y < SIDE; y++) {
		let row = 0;
		for (let x = 0; x < SIDE; x++) {
			row += img[y * SIDE + x];
			ii[(y + 1) * (SIDE + 1) + x + 1] = ii[y * (SIDE + 1) + x + 1] + row;
		}
	}
	const out = new Float64Array(OUT * OUT);
	for (let y = 0; y < OUT; y++) {
		for (let x = 0; x < OUT; x++) {
			out[y * OUT + x] = ii[(y + WIN) * (SIDE + 1) + x + WIN] - ii[y * (SIDE + 1) + x + WIN]
				- ii[(y + WIN) * (SIDE + 1) + x] + ii[y * (SIDE + 1) + x];
		}
	}
	return out;
}

/** Per-image quantities SSIM needs, computed once: pixels in [0, 1], local means and second moments. */
export interface SsimPrep {
	readonly px: Float64Array;
	readonly mu: Float64Array;
	readonly sq: Float64Array;
}

/** `pixels`: 784 values in [-1, 1]. */
export function prepareSsim(pixels: ArrayLike<number>): SsimPrep {
	const px = new Float64Array(SIDE * SIDE);
	for (let i = 0; i < px.length; i++) {
		px[i] = (pixels[i] + 1) / 2;
	}
	const area = WIN * WIN;
	const mu = boxSums(px).map((v) => v / area);
	const sq = boxSums(px.map((v) => v * v)).map((v) => v / area);
	return { px, mu, sq };
}

/** Mean SSIM (7×7 uniform window, data range 1, as scikit-image's default). */
export function ssim(a: SsimPrep, b: SsimPrep): number {
	const area = WIN * WIN;
	const prod = new Float64Array(SIDE * SIDE);
	for (let i = 0; i < prod.length; i++) {
		prod[i] = a.px[i] * b.px[i];
	}
	const cross = boxSums(prod);
	// Sample (n−1) covariance, as scikit-image.
	const norm = area / (area - 1);
	let total = 0;
	for (let i = 0; i < OUT * OUT; i++) {
		const ma = a.mu[i];
		const mb = b.mu[i];
		const va = (a.sq[i] - ma * ma) * norm;
		const vb = (b.sq[i] - mb * mb) * norm;
		const cov = (cross[i] / area - ma * mb) * norm;
		total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
	}
	return total / (OUT * OUT);
}

/** Mean pairwise SSIM and mean pairwise L2 (on [-1, 1] pixels) over all pairs of `images` (each 784 values). */
export function pairwiseDiversity(images: readonly Float32Array[]): { ssim: number; l2: number } {
	const prep = images.map(prepareSsim);
	let s = 0;
	let l = 0;
	let pairs = 0;
	for (let i = 0; i < images.length; i++) {
		for (let j = i + 1; j < images.length; j++) {
			s += ssim(prep[i], prep[j]);
			let d = 0;
			const a = images[i];
			const b = images[j];
			for (let p = 0; p < a.length; p++) {
				d += (a[p] - b[p]) ** 2;
			}
			l += Math.sqrt(d);
			pairs++;
		}
	}
	return { ssim: pairs > 0 ? s / pairs : NaN, l2: pairs > 0 ? l / pairs : NaN };
}
