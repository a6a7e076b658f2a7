/**
 * Copies an exported generator snapshot into `media/gan/<domain>/` (the weights
 * the extension ships), re-estimating its batch-norm statistics for the
 * quantized weights first (`--no-recalibrate` to copy as is).
 *
 *   npx tsx gan/promote.ts --domain digits --from gan/checkpoints/digits/exports/step-004000
 *
 * Evaluate the snapshot first (`gan/evaluate.ts --domain … --model-dir …`);
 * promote it only when it beats what is committed.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isGanDomain } from '../src/core/gan/classes';
import { initBackend } from './backend';
import { exportGenerator, loadLayersModelFromDir, readMetadata } from './export';
import { recalibrateBatchNorm } from './model';
import { REPO_ROOT } from './paths';

async function main(): Promise<void> {
	// util.parseArgs is built into Node (>= 18.3): no argument-parsing dependency needed.
	const { values } = parseArgs({
		options: {
			domain: { type: 'string' },
			from: { type: 'string' },
			to: { type: 'string' },
			'no-recalibrate': { type: 'boolean' },
		},
		strict: true,
	});
	if (!isGanDomain(values.domain) || values.from === undefined) {
		console.log('usage: npx tsx gan/promote.ts --domain digits|fashion --from SNAPSHOT_DIR [--to DIR] [--no-recalibrate]');
		process.exitCode = 2;
		return;
	}
	await initBackend('auto');
	const from = path.resolve(values.from);
	const to = values.to !== undefined ? path.resolve(values.to) : path.join(REPO_ROOT, 'media', 'gan', values.domain);
	const metadata = readMetadata(from);
	if (metadata.domain !== values.domain) {
		throw new Error(`${from} holds a ${metadata.domain} generator`);
	}
	const g = await loadLayersModelFromDir(from);
	const recalibrate = values['no-recalibrate'] !== true;
	if (recalibrate) {
		recalibrateBatchNorm(g, metadata.seed * 7919 + metadata.trainingSteps);
	}
	const written = await exportGenerator(g, to, { ...metadata, bnRecalibrated: recalibrate || metadata.bnRecalibrated === true });
	g.dispose();
	console.log(`promoted ${path.relative(REPO_ROOT, from)} (step ${metadata.trainingSteps}) -> ${path.relative(REPO_ROOT, to)}: ${written.weightBytes} weight bytes`);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
