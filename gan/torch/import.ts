/**
 * The TypeScript half of the PyTorch exporter: reads the float32 generator
 * weights that `export.py` wrote (in TF.js layout), sets them, layer by layer,
 * on the generator that `buildGenerator` (gan/model.ts) builds, and
 * saves it with `exportGenerator` (gan/export.ts): the same topology,
 * quantization and metadata as a TypeScript-trained model, plus `trainer: "pytorch"`.
 *
 *   npx tsx gan/torch/import.ts --weights DIR --out media/gan/digits
 *
 * `DIR/manifest.json`: { domain, steps, batchSize, seed, emaDecay, bnRecalibrated, command, torch,
 * layers: [{ name, shapes }] }; `DIR/weights.bin`: the arrays of `layers`, in
 * order, float32 little-endian.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { isGanDomain, type GanDomain } from '../../src/core/gan/classes';
import { buildMetadata, exportGenerator, type GanMetadata, type Quantization } from '../export';
import { buildGenerator, DEFAULT_MODEL_CONFIG } from '../model';

export interface TorchManifest {
	readonly domain: GanDomain;
	readonly steps: number;
	readonly batchSize: number;
	readonly seed: number;
	readonly emaDecay: number;
	/** Whether export.py re-estimated the batch-norm statistics for the EMA weights. */
	readonly bnRecalibrated: boolean;
	readonly command: string;
	/** The generator's channels at 7×7, 14×14, 28×28 (`ModelConfig.gChannels`); absent in older exports: the default. */
	readonly gChannels?: readonly [number, number, number];
	/** PyTorch version and trainer details, copied into metadata.json. */
	readonly torch: Readonly<Record<string, string | number | boolean>>;
	readonly layers: readonly { readonly name: string; readonly shapes: readonly (readonly number[])[] }[];
}

/** metadata.json of a PyTorch-trained generator: the usual fields plus where it came from. */
export interface TorchGanMetadata extends GanMetadata {
	readonly trainer: 'pytorch';
	readonly trainerDetails: Readonly<Record<string, string | number | boolean>>;
}

function isManifest(value: unknown): value is TorchManifest {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const v = value as Record<string, unknown>;
	return isGanDomain(v.domain) && typeof v.steps === 'number' && typeof v.batchSize === 'number'
		&& typeof v.seed === 'number' && typeof v.emaDecay === 'number' && typeof v.bnRecalibrated === 'boolean' && typeof v.command === 'string'
		&& typeof v.torch === 'object' && v.torch !== null && Array.isArray(v.layers)
		&& (v.gChannels === undefined || (Array.isArray(v.gChannels) && v.gChannels.length === 3 && v.gChannels.every((c) => Number.isInteger(c) && c > 0)));
}

export function readTorchWeights(dir: string): { manifest: TorchManifest; data: Float32Array } {
	const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
	if (!isManifest(parsed)) {
		throw new Error(`${dir}/manifest.json is not a PyTorch export manifest`);
	}
	const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
	const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	return { manifest: parsed, data };
}

/**
 * Sets each listed layer's weights from the flat float32 data PyTorch wrote, in order, checking
 * every shape against the TF.js layer; returns the names of the layers set.
 */
export function setTorchWeights(model: tf.LayersModel, layers: readonly { readonly name: string; readonly shapes: readonly (readonly number[])[] }[], data: Float32Array): Set<string> {
	let offset = 0;
	const seen = new Set<string>();
	for (const { name, shapes } of layers) {
		const layer = model.getLayer(name);
		const expected = layer.getWeights().map((w) => w.shape);
		if (expected.length !== shapes.length || expected.some((s, i) => s.join('x') !== shapes[i].join('x'))) {
			throw new Error(`layer ${name}: TF.js expects ${JSON.stringify(expected)}, PyTorch wrote ${JSON.stringify(shapes)}`);
		}
		const weights = shapes.map((shape) => {
			const size = shape.reduce((a, b) => a * b, 1);
			const t = tf.tensor(data.subarray(offset, offset + size), [...shape], 'float32');
			offset += size;
			return t;
		});
		layer.setWeights(weights);
		tf.dispose(weights);
		seen.add(name);
	}
	if (offset !== data.length) {
		throw new Error(`weights.bin has ${data.length} floats, the manifest describes ${offset}`);
	}
	return seen;
}

/** Builds the TypeScript generator and loads the PyTorch weights into it (shapes checked). */
export function generatorFromTorch(manifest: TorchManifest, data: Float32Array): tf.LayersModel {
	const g = buildGenerator({ ...DEFAULT_MODEL_CONFIG, gChannels: manifest.gChannels ?? DEFAULT_MODEL_CONFIG.gChannels }, 0);
	const seen = setTorchWeights(g, manifest.layers, data);
	const missing = g.layers.filter((l) => l.getWeights().length > 0 && !seen.has(l.name)).map((l) => l.name);
	if (missing.length > 0) {
		throw new Error(`no PyTorch weights for ${missing.join(', ')}`);
	}
	return g;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			weights: { type: 'string' },
			out: { type: 'string' },
			quantization: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help === true || values.weights === undefined || values.out === undefined) {
		console.log('usage: npx tsx gan/torch/import.ts --weights DIR --out DIR [--quantization uint8|float16|float32]');
		process.exitCode = values.help === true ? 0 : 2;
		return;
	}
	await tf.setBackend('cpu');
	const quantization = (values.quantization ?? 'uint8') as Quantization;
	if (!['uint8', 'float16', 'float32'].includes(quantization)) {
		throw new Error(`unknown quantization ${quantization}`);
	}
	const { manifest, data } = readTorchWeights(values.weights);
	const g = generatorFromTorch(manifest, data);
	const parameters = g.countParams();
	const metadata: TorchGanMetadata = {
		...buildMetadata({
			domain: manifest.domain, latentSize: DEFAULT_MODEL_CONFIG.latentSize, steps: manifest.steps, batchSize: manifest.batchSize,
			ema: manifest.emaDecay > 0, seed: manifest.seed, quantization, parameters, command: manifest.command,
		}),
		bnRecalibrated: manifest.bnRecalibrated,
		trainer: 'pytorch',
		trainerDetails: manifest.torch,
	};
	const written = await exportGenerator(g, path.resolve(values.out), metadata);
	g.dispose();
	console.log(`wrote ${values.out}: ${written.weightBytes} weight bytes, model.json ${written.modelJsonBytes} bytes, ${parameters} parameters`);
}

if (require.main === module) {
	main().catch((err: unknown) => {
		console.error(err);
		process.exit(1);
	});
}
