/**
 * Writes a generator of the shipped architecture with random (untrained) weights,
 * quantized like the real export, for benchmarks and UI tests when
 * `media/gan/<domain>/` has no trained model yet. Never commit its output.
 *
 *   npx tsx gan/randomModel.ts <out-dir> [domain]
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isGanDomain } from '../src/core/gan/classes';
import { buildMetadata, exportGenerator } from './export';
import { buildGenerator, DEFAULT_MODEL_CONFIG } from './model';

async function main(): Promise<void> {
	const [outDir, domainArg = 'digits'] = process.argv.slice(2);
	if (outDir === undefined || !isGanDomain(domainArg)) {
		throw new Error('usage: randomModel.ts <out-dir> [digits|fashion]');
	}
	await tf.setBackend('cpu');
	const g = buildGenerator(DEFAULT_MODEL_CONFIG, 1);
	const parameters = g.countParams();
	const metadata = buildMetadata({
		domain: domainArg, latentSize: DEFAULT_MODEL_CONFIG.latentSize, steps: 0, batchSize: 0, ema: false, seed: 1,
		quantization: 'uint8', parameters, command: 'gan/randomModel.ts (random weights)',
	});
	const dir = path.resolve(outDir, domainArg);
	await exportGenerator(g, dir, metadata);
	console.log(`${dir}: random-weight generator, ${parameters} parameters`);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
