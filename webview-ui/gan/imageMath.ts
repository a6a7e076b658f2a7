/**
 * From the generator's output to the pixels of the saved PNG: intensity, upscaling
 * and colour. Pure arithmetic on typed arrays — no DOM, no TF.js — so that the
 * unit tests (compiled without the DOM lib) run it in Node.
 *
 * - Intensity: the generator's tanh output x ∈ [-1, 1] (ink = +1) → a = (x + 1) / 2, clamped to [0, 1].
 * - Upscaling to `size`×`size`: nearest neighbour (pixel art, `imagegen.gan.upscale: pixelated`)
 *   or crisp (`smooth`, see `enlargeCrisp`: a light unsharp mask, bicubic, an
 *   edge-steepening tone curve); bilinear stays for reference. All with pixel
 *   centres at +0.5 (as `tf.image.resize*` with `halfPixelCenters`), edges clamped.
 * - Colour: background·(1 − a) + foreground·a, opaque; with no background the
 *   foreground colour with alpha a.
 */

export type Rgb = readonly [number, number, number];

/** a = (x + 1) / 2 clamped to [0, 1]; NaN counts as background. */
export function toIntensity(x: number): number {
	const a = (x + 1) / 2;
	return a > 0 ? (a < 1 ? a : 1) : 0;
}

/** Source index for each destination index along one axis, nearest neighbour. */
export function nearestIndices(srcSize: number, dstSize: number): Int32Array {
	const out = new Int32Array(dstSize);
	const scale = srcSize / dstSize;
	for (let d = 0; d < dstSize; d++) {
		out[d] = Math.min(srcSize - 1, Math.floor((d + 0.5) * scale));
	}
	return out;
}

/** Along one axis, bilinear: the two source indices and the weight of the second. */
export interface LinearAxis {
	readonly lo: Int32Array;
	readonly hi: Int32Array;
	readonly t: Float32Array;
}

export function linearAxis(srcSize: number, dstSize: number): LinearAxis {
	const lo = new Int32Array(dstSize);
	const hi = new Int32Array(dstSize);
	const t = new Float32Array(dstSize);
	const scale = srcSize / dstSize;
	for (let d = 0; d < dstSize; d++) {
		const s = Math.min(srcSize - 1, Math.max(0, (d + 0.5) * scale - 0.5));
		const i = Math.floor(s);
		lo[d] = i;
		hi[d] = Math.min(srcSize - 1, i + 1);
		t[d] = s - i;
	}
	return { lo, hi, t };
}

/**
 * Resamples one square single-channel image (`src`, `srcSize`² values starting at
 * `offset`) to `dstSize`². Values are resampled as they are (call after `toIntensity`).
 */
export function resample(src: ArrayLike<number>, offset: number, srcSize: number, dstSize: number, smooth: boolean): Float32Array {
	const out = new Float32Array(dstSize * dstSize);
	if (!smooth) {
		const idx = nearestIndices(srcSize, dstSize);
		for (let y = 0; y < dstSize; y++) {
			const row = offset + idx[y] * srcSize;
			const o = y * dstSize;
			for (let x = 0; x < dstSize; x++) {
				out[o + x] = src[row + idx[x]];
			}
		}
		return out;
	}
	const ax = linearAxis(srcSize, dstSize);
	for (let y = 0; y < dstSize; y++) {
		const r0 = offset + ax.lo[y] * srcSize;
		const r1 = offset + ax.hi[y] * srcSize;
		const ty = ax.t[y];
		const o = y * dstSize;
		for (let x = 0; x < dstSize; x++) {
			const x0 = ax.lo[x];
			const x1 = ax.hi[x];
			const tx = ax.t[x];
			const top = src[r0 + x0] + (src[r0 + x1] - src[r0 + x0]) * tx;
			const bottom = src[r1 + x0] + (src[r1 + x1] - src[r1 + x0]) * tx;
			out[o + x] = top + (bottom - top) * ty;
		}
	}
	return out;
}

/** Keys' cubic convolution kernel with a = −0.5 (Catmull–Rom): interpolates, and reproduces linear ramps exactly. */
export function cubicWeight(x: number): number {
	const t = Math.abs(x);
	if (t <= 1) {
		return (1.5 * t - 2.5) * t * t + 1;
	}
	if (t < 2) {
		return ((-0.5 * t + 2.5) * t - 4) * t + 2;
	}
	return 0;
}

/** Along one axis, bicubic: for each destination index, 4 source indices (edges clamped) and their weights. */
export interface CubicAxis {
	readonly idx: Int32Array;
	readonly w: Float32Array;
}

export function cubicAxis(srcSize: number, dstSize: number): CubicAxis {
	const idx = new Int32Array(dstSize * 4);
	const w = new Float32Array(dstSize * 4);
	const scale = srcSize / dstSize;
	for (let d = 0; d < dstSize; d++) {
		const s = (d + 0.5) * scale - 0.5;
		const i = Math.floor(s);
		const f = s - i;
		for (let k = 0; k < 4; k++) {
			idx[d * 4 + k] = Math.min(srcSize - 1, Math.max(0, i - 1 + k));
			w[d * 4 + k] = cubicWeight(f - (k - 1));
		}
	}
	return { idx, w };
}

/** How strongly `enlargeCrisp` sharpens before enlarging: s = a + k·(a − blur(a)). */
export const UNSHARP_AMOUNT = 0.3;
/** How far `enlargeCrisp`'s tone curve moves towards smoothstep (0 = none, 1 = smoothstep). */
export const EDGE_CURVE = 0.7;

/** 3×3 binomial blur ([1 2 1]/4 each way), edges clamped. */
function blur3(a: Float32Array, n: number): Float32Array {
	const tmp = new Float32Array(n * n);
	const out = new Float32Array(n * n);
	for (let y = 0; y < n; y++) {
		for (let x = 0; x < n; x++) {
			const l = a[y * n + Math.max(0, x - 1)];
			const r = a[y * n + Math.min(n - 1, x + 1)];
			tmp[y * n + x] = (l + 2 * a[y * n + x] + r) / 4;
		}
	}
	for (let y = 0; y < n; y++) {
		const up = Math.max(0, y - 1) * n;
		const down = Math.min(n - 1, y + 1) * n;
		for (let x = 0; x < n; x++) {
			out[y * n + x] = (tmp[up + x] + 2 * tmp[y * n + x] + tmp[down + x]) / 4;
		}
	}
	return out;
}

/**
 * The crisp enlargement (`imagegen.gan.upscale: smooth`) of one square image of
 * intensities in [0, 1] (`srcSize`² values from `offset`) to `dstSize`²:
 *
 * 1. a light unsharp mask at the source scale (a + 0.6·(a − 3×3 binomial blur)),
 *    which restores the stroke contrast the generator's last convolution softens;
 * 2. bicubic interpolation (Keys, a = −0.5), separable: sharper than bilinear
 *    and without its diamond-shaped creases along diagonal strokes;
 * 3. clamped to [0, 1], then a tone curve halfway to smoothstep
 *    (a + 0.5·(a²(3 − 2a) − a)): 0, ½ and 1 stay where they are, and the
 *    ramp across an edge gets steeper (slope 1.25 at ½), so the stroke
 *    outlines stay sharp at 256–1024 px where bicubic alone spreads each
 *    edge over about two source pixels.
 *
 * Not shrinking or keeping the size: there it is bilinear (`resample`).
 * Hand-written rather than a library: the webview bundle has no image-processing
 * dependency, and these three steps are 80 lines of arithmetic that the unit
 * tests pin down.
 */
export function enlargeCrisp(src: ArrayLike<number>, offset: number, srcSize: number, dstSize: number): Float32Array {
	if (dstSize <= srcSize) {
		return resample(src, offset, srcSize, dstSize, true);
	}
	const n = srcSize;
	const a = new Float32Array(n * n);
	for (let i = 0; i < n * n; i++) {
		a[i] = src[offset + i];
	}
	const blurred = blur3(a, n);
	const sharp = new Float32Array(n * n);
	for (let i = 0; i < n * n; i++) {
		sharp[i] = a[i] + UNSHARP_AMOUNT * (a[i] - blurred[i]);
	}
	const ax = cubicAxis(n, dstSize);
	// Horizontal pass: n rows × dstSize.
	const rows = new Float32Array(n * dstSize);
	for (let y = 0; y < n; y++) {
		for (let x = 0; x < dstSize; x++) {
			let v = 0;
			for (let k = 0; k < 4; k++) {
				v += ax.w[x * 4 + k] * sharp[y * n + ax.idx[x * 4 + k]];
			}
			rows[y * dstSize + x] = v;
		}
	}
	// Vertical pass, clamp, tone curve.
	const out = new Float32Array(dstSize * dstSize);
	for (let y = 0; y < dstSize; y++) {
		const i0 = ax.idx[y * 4] * dstSize;
		const i1 = ax.idx[y * 4 + 1] * dstSize;
		const i2 = ax.idx[y * 4 + 2] * dstSize;
		const i3 = ax.idx[y * 4 + 3] * dstSize;
		const w0 = ax.w[y * 4];
		const w1 = ax.w[y * 4 + 1];
		const w2 = ax.w[y * 4 + 2];
		const w3 = ax.w[y * 4 + 3];
		const o = y * dstSize;
		for (let x = 0; x < dstSize; x++) {
			let v = w0 * rows[i0 + x] + w1 * rows[i1 + x] + w2 * rows[i2 + x] + w3 * rows[i3 + x];
			v = v > 0 ? (v < 1 ? v : 1) : 0;
			out[o + x] = v + EDGE_CURVE * (v * v * (3 - 2 * v) - v);
		}
	}
	return out;
}

/** RGBA bytes (row-major, 4 per pixel) from intensities in [0, 1]. */
export function colorize(intensity: ArrayLike<number>, foreground: Rgb, background: Rgb | null): Uint8ClampedArray {
	const n = intensity.length;
	const out = new Uint8ClampedArray(n * 4);
	const [fr, fg, fb] = foreground;
	for (let i = 0; i < n; i++) {
		const a = intensity[i];
		const o = i * 4;
		if (background === null) {
			out[o] = fr;
			out[o + 1] = fg;
			out[o + 2] = fb;
			out[o + 3] = Math.round(a * 255);
		} else {
			const b = 1 - a;
			out[o] = Math.round(background[0] * b + fr * a);
			out[o + 1] = Math.round(background[1] * b + fg * a);
			out[o + 2] = Math.round(background[2] * b + fb * a);
			out[o + 3] = 255;
		}
	}
	return out;
}

export interface RenderOptions {
	/** Edge of the generator's square output (28). */
	readonly srcSize: number;
	/** Edge of the saved square image. */
	readonly size: number;
	/** true: `enlargeCrisp`; false: nearest neighbour (pixel art). */
	readonly smooth: boolean;
	readonly foreground: Rgb;
	readonly background: Rgb | null;
}

/**
 * One image of a generator batch (`output` = n × srcSize² tanh values, image `index`)
 * → RGBA bytes at `size`×`size`.
 */
export function renderImage(output: ArrayLike<number>, index: number, opts: RenderOptions): Uint8ClampedArray {
	const pixels = opts.srcSize * opts.srcSize;
	const a = new Float32Array(pixels);
	const offset = index * pixels;
	for (let i = 0; i < pixels; i++) {
		a[i] = toIntensity(output[offset + i]);
	}
	const up = opts.smooth ? enlargeCrisp(a, 0, opts.srcSize, opts.size) : resample(a, 0, opts.srcSize, opts.size, false);
	return colorize(up, opts.foreground, opts.background);
}
