/**
 * Writes a generator as a TF.js layers model (`model.json` + one weight shard)
 * with quantized weights, plus `metadata.json`, and reads it back.
 *
 * Quantization, per tensor, in the format `tf.io.decodeWeights` understands:
 * tensors of at least UINT8_MIN_SIZE values are stored as uint8 with an affine
 * `{ min, scale }`; the small ones (batch-norm parameters, biases) as float16.
 * Both domains together stay well under 1 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GAN_CLASSES, GAN_DOMAIN_INFO, type GanDomain } from '../src/core/gan/classes';

export const UINT8_MIN_SIZE = 1024;
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export type Quantization = 'uint8' | 'float16' | 'float32';

export interface GanMetadata {
	readonly format: 'imagegen-gan/1';
	readonly domain: GanDomain;
	readonly label: string;
	readonly labelZh: string;
	readonly latentSize: number;
	readonly imageSize: number;
	/** Generator inputs, in order: `z` ~ N(0, 1) and the one-hot class. Output in [-1, 1], ink = +1. */
	readonly inputs: readonly ['z', 'class'];
	readonly classes: readonly {
		readonly index: number;
		readonly id: string;
		readonly label: string;
		readonly labelZh: string;
		readonly words: readonly string[];
	}[];
	readonly trainingSteps: number;
	readonly batchSize: number;
	readonly ema: boolean;
	readonly dataset: string;
	readonly tfjs: string;
	readonly seed: number;
	readonly quantization: Quantization;
	/** Batch-norm moving statistics re-estimated for the exported (EMA) weights. */
	readonly bnRecalibrated?: boolean;
	readonly parameters: number;
	readonly date: string;
	readonly command: string;
}

export function buildMetadata(args: {
	domain: GanDomain; latentSize: number; steps: number; batchSize: number; ema: boolean; seed: number;
	quantization: Quantization; parameters: number; command: string;
}): GanMetadata {
	const info = GAN_DOMAIN_INFO[args.domain];
	return {
		format: 'imagegen-gan/1',
		domain: args.domain,
		label: info.label,
		labelZh: info.labelZh,
		latentSize: args.latentSize,
		imageSize: 28,
		inputs: ['z', 'class'],
		classes: GAN_CLASSES.filter((c) => c.domain === args.domain)
			.map(({ index, id, label, labelZh, words }) => ({ index, id, label, labelZh, words })),
		trainingSteps: args.steps,
		batchSize: args.batchSize,
		ema: args.ema,
		dataset: info.dataset,
		tfjs: tf.version_core,
		seed: args.seed,
		quantization: args.quantization,
		parameters: args.parameters,
		date: new Date().toISOString(),
		command: args.command,
	};
}

function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
	return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** IEEE 754 binary16 from a float (round to nearest even). */
export function toFloat16(value: number): number {
	const f32 = new Float32Array([value]);
	const x = new Uint32Array(f32.buffer)[0];
	const sign = (x >>> 16) & 0x8000;
	const exp = (x >>> 23) & 0xff;
	let mant = x & 0x7fffff;
	if (exp === 0xff) {
		return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
	}
	let e = exp - 127 + 15;
	if (e >= 0x1f) {
		return sign | 0x7c00;
	}
	if (e <= 0) {
		if (e < -10) {
			return sign;
		}
		mant |= 0x800000;
		const shift = 14 - e;
		let half = mant >>> shift;
		const rem = mant & ((1 << shift) - 1);
		const mid = 1 << (shift - 1);
		if (rem > mid || (rem === mid && (half & 1) === 1)) {
			half++;
		}
		return sign | half;
	}
	let half = (e << 10) | (mant >>> 13);
	const rem = mant & 0x1fff;
	if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) {
		half++;
	}
	e = half >>> 10;
	return sign | half;
}

interface Encoded {
	readonly specs: tf.io.WeightsManifestEntry[];
	readonly data: Uint8Array;
}

function quantize(specs: readonly tf.io.WeightsManifestEntry[], buffer: ArrayBuffer, mode: Quantization): Encoded {
	const chunks: Uint8Array[] = [];
	const out: tf.io.WeightsManifestEntry[] = [];
	let offset = 0;
	for (const spec of specs) {
		const size = spec.shape.reduce((a, b) => a * b, 1);
		if (spec.dtype !== 'float32') {
			throw new Error(`unexpected dtype ${spec.dtype} for ${spec.name}`);
		}
		const values = new Float32Array(buffer.slice(offset, offset + size * 4));
		offset += size * 4;
		if (mode === 'float32') {
			out.push({ name: spec.name, shape: spec.shape, dtype: 'float32' });
			chunks.push(new Uint8Array(values.buffer));
		} else if (mode === 'uint8' && size >= UINT8_MIN_SIZE) {
			let min = Infinity;
			let max = -Infinity;
			for (const v of values) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			const scale = max > min ? (max - min) / 255 : 1;
			const q = new Uint8Array(size);
			for (let i = 0; i < size; i++) {
				q[i] = Math.max(0, Math.min(255, Math.round((values[i] - min) / scale)));
			}
			out.push({ name: spec.name, shape: spec.shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } });
			chunks.push(q);
		} else {
			const h = new Uint16Array(size);
			for (let i = 0; i < size; i++) {
				h[i] = toFloat16(values[i]);
			}
			out.push({ name: spec.name, shape: spec.shape, dtype: 'float32', quantization: { dtype: 'float16' } });
			chunks.push(new Uint8Array(h.buffer));
		}
	}
	const total = chunks.reduce((n, c) => n + c.length, 0);
	const data = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		data.set(c, at);
		at += c.length;
	}
	return { specs: out, data };
}

export interface ExportResult {
	readonly modelJsonBytes: number;
	readonly weightBytes: number;
}

/**
 * Saves `model` into `dir` (created if needed) as `model.json` + `group1-shard1of1.bin`,
 * quantized as `quantization` says, plus any `extraFiles` (name → text), all
 * written to temporary names first and then renamed.
 */
export async function writeLayersModel(
	model: tf.LayersModel, dir: string, quantization: Quantization, extraFiles: Readonly<Record<string, string>> = {},
): Promise<ExportResult> {
	let result: ExportResult | undefined;
	await model.save(tf.io.withSaveHandler(async (artifacts) => {
		if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
			throw new Error('model has no weights');
		}
		const encoded = quantize(artifacts.weightSpecs, joinWeightData(artifacts.weightData), quantization);
		const modelJson: tf.io.ModelJSON = {
			modelTopology: artifacts.modelTopology ?? {},
			format: 'layers-model',
			generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
			convertedBy: 'imagegen gan/export.ts',
			weightsManifest: [{ paths: [WEIGHTS_FILE], weights: encoded.specs }],
		};
		await fs.promises.mkdir(dir, { recursive: true });
		const json = JSON.stringify(modelJson);
		const files: [string, string | Uint8Array][] = [[WEIGHTS_FILE, encoded.data], ['model.json', json], ...Object.entries(extraFiles)];
		for (const [name, content] of files) {
			await fs.promises.writeFile(path.join(dir, `${name}.tmp`), content);
		}
		for (const [name] of files) {
			await fs.promises.rename(path.join(dir, `${name}.tmp`), path.join(dir, name));
		}
		result = { modelJsonBytes: Buffer.byteLength(json), weightBytes: encoded.data.length };
		return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
	}));
	if (result === undefined) {
		throw new Error('save handler did not run');
	}
	return result;
}

/** Saves a generator and its `metadata.json` into `dir`. */
export async function exportGenerator(model: tf.LayersModel, dir: string, metadata: GanMetadata): Promise<ExportResult> {
	return writeLayersModel(model, dir, metadata.quantization, { 'metadata.json': `${JSON.stringify(metadata, null, '\t')}\n` });
}

/** Loads a model written by `writeLayersModel` (or any single-folder layers model) from disk. */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
	const modelJson = JSON.parse(await fs.promises.readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
	const specs: tf.io.WeightsManifestEntry[] = [];
	const buffers: ArrayBuffer[] = [];
	for (const group of modelJson.weightsManifest) {
		specs.push(...group.weights);
		for (const p of group.paths) {
			const bytes = await fs.promises.readFile(path.join(dir, p));
			buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		}
	}
	return tf.loadLayersModel(tf.io.fromMemory({
		modelTopology: modelJson.modelTopology,
		weightSpecs: specs,
		weightData: tf.io.concatenateArrayBuffers(buffers),
	}));
}

export function readMetadata(dir: string): GanMetadata {
	return JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as GanMetadata;
}
