/**
 * From the generator's output to the pixels of the saved PNG: intensity, upscaling
 * and colour. Pure arithmetic on typed arrays — no DOM, no TF.js — so that the
 * unit tests (compiled without the DOM lib) run it in Node.
 *
 * - Intensity: the generator's tanh output x ∈ [-1, 1] (ink = +1) → a = (x + 1) / 2, clamped to [0, 1].
 * - Upscaling to `size`×`size`: nearest neighbour (pixel art) or bilinear, both with
 *   pixel centres at +0.5 (as `tf.image.resize*` with `halfPixelCenters`), edges clamped.
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
	return colorize(resample(a, 0, opts.srcSize, opts.size, opts.smooth), opts.foreground, opts.background);
}
