/**
 * The committed GAN weights were trained in PyTorch (gan/torch/); this
 * proves the TF.js model the extension loads is the model that was trained:
 * `gan/torch/export.py` computed, with PyTorch, the images of the
 * generator for fixed (latent, class) inputs from exactly the weights it
 * exported (dequantized), into `test/fixtures/gan/<domain>-torch-reference.json`;
 * here `@tensorflow/tfjs` loads `media/gan/<domain>` and must produce the same
 * images. Both sides compute in float32; what differs is only the order of
 * floating-point sums (convolutions, dense), a few 1e-6 after tanh, so the
 * tolerance of 1e-4 is tight enough to catch any layout mistake (a transposed
 * kernel, a swapped concat, NCHW vs NHWC reshape, a wrong BN epsilon moves
 * pixels by 1e-2 or more).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS } from '../../../src/core/gan/classes';
import { latentFromSeed } from '../../../src/core/gan/prompt';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const TOLERANCE = 1e-4;

interface TorchReference {
	readonly domain: string;
	readonly weightsSha256: string;
	readonly steps: number;
	readonly inputs: readonly { readonly seed: number; readonly class: number; readonly latent: readonly number[] }[];
	readonly outputs: readonly (readonly number[])[];
}

function isTorchReference(value: unknown): value is TorchReference {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const v = value as Record<string, unknown>;
	return typeof v.domain === 'string' && typeof v.weightsSha256 === 'string' && Array.isArray(v.inputs)
		&& Array.isArray(v.outputs) && v.inputs.length === v.outputs.length;
}

function readJson(file: string): unknown {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function shardFiles(dir: string): string[] {
	return fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();
}

async function loadModel(dir: string): Promise<tf.LayersModel> {
	const modelJson = readJson(path.join(dir, 'model.json')) as tf.io.ModelJSON;
	const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
	const buffers = modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => {
		const b = fs.readFileSync(path.join(dir, p));
		return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
	});
	return tf.loadLayersModel(tf.io.fromMemory({
		modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData: tf.io.concatenateArrayBuffers(buffers),
	}));
}

describe('GAN weights trained in PyTorch', () => {
	before(async () => {
		await tf.setBackend('cpu');
	});

	for (const domain of GAN_DOMAINS) {
		const fixtureFile = path.join(REPO_ROOT, 'test', 'fixtures', 'gan', `${domain}-torch-reference.json`);
		const modelDir = path.join(REPO_ROOT, 'media', 'gan', domain);

		it(`${domain}: TF.js reproduces the PyTorch generator's images for the same inputs`, async function () {
			if (!fs.existsSync(fixtureFile)) {
				this.skip();
			}
			const metadata = readJson(path.join(modelDir, 'metadata.json')) as { trainer?: string; trainingSteps: number };
			if (metadata.trainer !== 'pytorch') {
				// The committed weights come from the TypeScript trainer: nothing to compare with.
				this.skip();
			}
			const fixture = readJson(fixtureFile);
			assert.ok(isTorchReference(fixture), `${fixtureFile}: not a reference fixture`);
			assert.equal(fixture.domain, domain);
			const sha = createHash('sha256');
			for (const f of shardFiles(modelDir)) {
				sha.update(fs.readFileSync(path.join(modelDir, f)));
			}
			assert.equal(sha.digest('hex'), fixture.weightsSha256,
				`media/gan/${domain} is not the export the fixture was made from: rerun gan/torch/export.py --domain ${domain}`);
			assert.equal(metadata.trainingSteps, fixture.steps);

			const n = fixture.inputs.length;
			const latentSize = fixture.inputs[0].latent.length;
			const z = new Float32Array(n * latentSize);
			fixture.inputs.forEach((input, i) => {
				// The Python replica of latentFromSeed agrees with the extension's.
				const latent = latentFromSeed(input.seed, latentSize);
				latent.forEach((v, j) => assert.ok(Math.abs(v - input.latent[j]) <= 1e-6, `latent of seed ${input.seed} [${j}]: ${v} vs ${input.latent[j]}`));
				z.set(input.latent, i * latentSize);
			});
			const model = await loadModel(modelDir);
			const out = tf.tidy(() => model.predict([
				tf.tensor2d(z, [n, latentSize]),
				tf.oneHot(tf.tensor1d(fixture.inputs.map((x) => x.class), 'int32'), 10).toFloat(),
			]) as tf.Tensor);
			assert.deepEqual(out.shape, [n, 28, 28, 1]);
			const values = await out.data();
			out.dispose();
			model.dispose();

			let maxDiff = 0;
			let spread = 0;
			fixture.outputs.forEach((row, i) => {
				assert.equal(row.length, 28 * 28);
				row.forEach((expected, p) => {
					maxDiff = Math.max(maxDiff, Math.abs(values[i * 784 + p] - expected));
					spread = Math.max(spread, Math.abs(expected));
				});
			});
			assert.ok(spread > 0.5, 'the reference images are blank');
			assert.ok(maxDiff <= TOLERANCE, `${domain}: TF.js and PyTorch differ by up to ${maxDiff}`);
		});
	}
});
