import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS, ganClassesOf } from '../../src/core/gan/classes';
import { latentFromSeed, latentSeedFromPrompt, matchGanClass } from '../../src/core/gan/prompt';
import { initBackend } from '../backend';
import { hasCheckpoint, loadCheckpoint } from '../checkpoint';
import { argmaxRows, classifierDir, classify, loadClassifier } from '../classifier';
import { generateFixed } from '../evaluate';
import { loadLayersModelFromDir, readMetadata } from '../export';
import { REPO_ROOT } from '../paths';
import { defaultOptions, train } from '../train';

const AGREEMENT_SAMPLES = 200;
const AGREEMENT_BAR = 0.97;

function modelDir(domain: string): string {
	return path.join(REPO_ROOT, 'media', 'gan', domain);
}

/** What the webview does for a prompt: class from the words, latent from prompt + seed. */
async function drawPrompt(g: tf.LayersModel, prompt: string, seed: number, latentSize: number): Promise<Float32Array> {
	const match = matchGanClass(prompt);
	assert.ok(match !== undefined, prompt);
	const z = latentFromSeed(latentSeedFromPrompt(prompt, seed), latentSize);
	const out = tf.tidy(() => g.predict([tf.tensor2d(z, [1, latentSize]), tf.oneHot(tf.tensor1d([match.classIndex], 'int32'), 10).toFloat()]) as tf.Tensor);
	const values = Float32Array.from(await out.data());
	out.dispose();
	return values;
}

describe('bundled GAN weights', function () {
	this.timeout(120000);

	before(async () => {
		await initBackend('wasm');
	});

	it('weigh at most 1 MB for both domains', () => {
		let total = 0;
		for (const domain of GAN_DOMAINS) {
			for (const f of fs.readdirSync(modelDir(domain)).filter((n) => n.endsWith('.bin'))) {
				total += fs.statSync(path.join(modelDir(domain), f)).size;
			}
		}
		assert.ok(total > 0 && total <= 1_000_000, `${total} bytes`);
	});

	for (const domain of GAN_DOMAINS) {
		describe(domain, () => {
			let g: tf.LayersModel;
			let latentSize = 0;

			before(async () => {
				g = await loadLayersModelFromDir(modelDir(domain));
				latentSize = readMetadata(modelDir(domain)).latentSize;
			});

			after(() => g.dispose());

			it('metadata carries the class table, latent size and provenance', () => {
				const meta = readMetadata(modelDir(domain));
				assert.equal(meta.domain, domain);
				assert.deepEqual(meta.classes.map((c) => c.id), ganClassesOf(domain).map((c) => c.id));
				assert.deepEqual(meta.classes.map((c) => c.words), ganClassesOf(domain).map((c) => c.words));
				assert.deepEqual(g.inputs.map((i) => i.shape), [[null, meta.latentSize], [null, 10]]);
				assert.ok(meta.trainingSteps > 0);
				assert.match(meta.dataset, /@\d/);
			});

			it('outputs [n, 28, 28, 1] in [-1, 1]', () => {
				const { images } = generateFixed(g, latentSize, 20);
				assert.equal(images.length, 20 * 784);
				const out = tf.tidy(() => g.predict([tf.randomNormal([3, latentSize], 0, 1, 'float32', 5), tf.oneHot(tf.tensor1d([0, 4, 9], 'int32'), 10).toFloat()]) as tf.Tensor);
				assert.deepEqual(out.shape, [3, 28, 28, 1]);
				out.dispose();
				for (const v of images) {
					assert.ok(v >= -1 && v <= 1 && Number.isFinite(v), String(v));
				}
			});

			it('draws the same image for the same prompt and seed, another for another seed', async () => {
				const prompt = domain === 'digits' ? 'a handwritten seven' : 'a red sneaker';
				const a = await drawPrompt(g, prompt, 42, latentSize);
				const again = await loadLayersModelFromDir(modelDir(domain));
				const b = await drawPrompt(again, prompt, 42, latentSize);
				const c = await drawPrompt(again, prompt, 43, latentSize);
				again.dispose();
				assert.deepEqual(a, b);
				assert.notDeepEqual(a, c);
			});

			// Judge A (the evaluator's first classifier). Judge B's agreement with the shipped digits weights is
			// 96.7 % on the evaluator's 2,000 samples (docs/gan/REPORT.md): a bar issue 16 leaves open, not a CI check.
			it(`judge A agrees with the requested class on ${AGREEMENT_SAMPLES} fixed generations (≥ ${AGREEMENT_BAR * 100} %)`, async () => {
				const { model } = await loadClassifier(classifierDir(REPO_ROOT, domain));
				const { images, labels } = generateFixed(g, latentSize, AGREEMENT_SAMPLES, 777);
				const pred = argmaxRows(classify(model, images, AGREEMENT_SAMPLES).probs);
				model.dispose();
				const agree = pred.filter((p, i) => p === labels[i]).length / AGREEMENT_SAMPLES;
				assert.ok(agree >= AGREEMENT_BAR, `agreement ${(100 * agree).toFixed(1)} %`);
			});
		});
	}
});

describe('GAN trainer', function () {
	this.timeout(120000);

	it('runs 20 steps (with the mode-seeking term) with finite losses, writes a checkpoint and a loadable export, and resumes', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-gan-'));
		try {
			const opts = {
				...defaultOptions('digits'),
				steps: 20, batchSize: 8, checkpointDir: dir, checkpointEvery: 10, exportDir: undefined, exportEvery: 20,
				bnBatches: 1, modeSeeking: 1, backend: 'wasm' as const, fresh: true, log: () => undefined, progress: false,
			};
			const result = await train(opts);
			assert.equal(result.step, 20);
			assert.ok(Number.isFinite(result.lossD) && Number.isFinite(result.lossG), `${result.lossD} ${result.lossG}`);
			assert.ok(hasCheckpoint(dir));
			const ckpt = await loadCheckpoint(dir);
			assert.equal(ckpt.step, 20);
			const exported = path.join(dir, 'exports', 'step-000020');
			const g = await loadLayersModelFromDir(exported);
			assert.equal(readMetadata(exported).trainingSteps, 20);
			g.dispose();
			// Resuming at the last step does nothing more and keeps the losses.
			const again = await train({ ...opts, fresh: false });
			assert.equal(again.step, 20);
			assert.equal(again.lossD, result.lossD);
			// A checkpoint is not resumed by a run with another recipe.
			await assert.rejects(train({ ...opts, fresh: false, modeSeeking: 0 }), /for another run/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
