/**
 * The TypeScript half of judge B (`train_judge.py`): sets the PyTorch weights
 * on `buildJudgeB` (gan/classifier.ts) layer by layer (shapes checked),
 * checks that TF.js computes the same probabilities and features as PyTorch on
 * the 16 test images of `reference.json`, and saves it (float16) with its
 * `info.json` as the evaluator loads a classifier.
 *
 *   npx tsx gan/torch/import_judge.ts --weights gan/checkpoints/judge-b-digits --out gan/classifier/digits-b
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isGanDomain, type GanDomain } from '../../src/core/gan/classes';
import { accuracyOn, buildJudgeB, classify, loadClassifier, saveClassifier, type ClassifierInfo } from '../classifier';
import { initBackend } from '../backend';
import { gatherScaled, loadDomain } from '../data';
import { setTorchWeights } from './import';

interface JudgeManifest {
	readonly domain: GanDomain;
	readonly epochs: number;
	readonly batchSize: number;
	readonly seed: number;
	readonly testAccuracy: number;
	readonly torch: string;
	readonly command: string;
	readonly layers: readonly { readonly name: string; readonly shapes: readonly (readonly number[])[] }[];
}

interface JudgeReference {
	readonly testIndices: readonly number[];
	readonly probs: readonly (readonly number[])[];
	readonly features: readonly (readonly number[])[];
}

function isManifest(v: unknown): v is JudgeManifest {
	if (typeof v !== 'object' || v === null) {
		return false;
	}
	const m = v as Record<string, unknown>;
	return isGanDomain(m.domain) && typeof m.epochs === 'number' && typeof m.seed === 'number' && typeof m.batchSize === 'number'
		&& typeof m.testAccuracy === 'number' && typeof m.command === 'string' && Array.isArray(m.layers);
}

function maxDiff(a: ArrayLike<number>, b: readonly number[]): number {
	let worst = 0;
	for (let i = 0; i < b.length; i++) {
		worst = Math.max(worst, Math.abs(a[i] - b[i]));
	}
	return worst;
}

async function main(): Promise<void> {
	const { values } = parseArgs({ options: { weights: { type: 'string' }, out: { type: 'string' } }, strict: true });
	if (values.weights === undefined || values.out === undefined) {
		console.log('usage: npx tsx gan/torch/import_judge.ts --weights DIR --out DIR');
		process.exitCode = 2;
		return;
	}
	await initBackend('wasm');
	const parsed: unknown = JSON.parse(fs.readFileSync(path.join(values.weights, 'manifest.json'), 'utf8'));
	if (!isManifest(parsed)) {
		throw new Error(`${values.weights}/manifest.json is not a judge manifest`);
	}
	const bytes = fs.readFileSync(path.join(values.weights, 'weights.bin'));
	const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	const model = buildJudgeB();
	setTorchWeights(model, parsed.layers, data);
	const domain = loadDomain(parsed.domain);
	const info: ClassifierInfo & { judge: string; trainer: string; command: string } = {
		domain: parsed.domain, epochs: parsed.epochs, batchSize: parsed.batchSize, seed: parsed.seed,
		testAccuracy: parsed.testAccuracy, perClassTestAccuracy: [], date: new Date().toISOString(),
		judge: 'B', trainer: `pytorch ${parsed.torch}`, command: parsed.command,
	};
	await saveClassifier(model, path.resolve(values.out), info);
	model.dispose();
	// Check the saved (float16) model against PyTorch's outputs, then record its own test accuracy.
	const { model: saved } = await loadClassifier(path.resolve(values.out));
	const ref = JSON.parse(fs.readFileSync(path.join(values.weights, 'reference.json'), 'utf8')) as JudgeReference;
	const { probs, features } = classify(saved, gatherScaled(domain.test, [...ref.testIndices]), ref.testIndices.length);
	const dp = maxDiff(probs, ref.probs.flat());
	const df = maxDiff(features, ref.features.flat());
	console.log(`TF.js vs PyTorch on ${ref.testIndices.length} test images: max |Δprob| ${dp.toExponential(2)}, max |Δfeature| ${df.toExponential(2)}`);
	if (dp > 5e-3 || df > 5e-2) {
		throw new Error('TF.js and PyTorch disagree: a layout mistake in the export');
	}
	const acc = accuracyOn(saved, domain.test);
	saved.dispose();
	const final = { ...info, testAccuracy: acc.overall, perClassTestAccuracy: acc.perClass };
	fs.writeFileSync(path.join(values.out, 'info.json'), `${JSON.stringify(final, null, '\t')}\n`);
	console.log(`wrote ${values.out}: test accuracy ${(100 * acc.overall).toFixed(2)} % (PyTorch ${(100 * parsed.testAccuracy).toFixed(2)} %)`);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
