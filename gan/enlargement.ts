/**
 * Writes `docs/gan/enlargement.png`: committed generator samples enlarged to
 * 256 px the way the panel saves them, the former bilinear enlargement beside
 * the crisp one (`imagegen.gan.upscale: smooth`, `enlargeCrisp` in
 * webview-ui/gan/imageMath.ts) — one row per domain, pairs left (bilinear) and
 * right (crisp).
 *
 *   npx tsx gan/enlargement.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { GAN_DOMAINS, ganClassesOf } from '../src/core/gan/classes';
import { latentFromSeed } from '../src/core/gan/prompt';
import { enlargeCrisp, resample, toIntensity } from '../webview-ui/gan/imageMath';
import { mixSeed, NUM_CLASSES, PIXELS } from './data';
import { EVAL_SEED } from './evaluate';
import { loadLayersModelFromDir, readMetadata } from './export';
import { REPO_ROOT } from './paths';

const SIZE = 256;
const GAP = 8;
/** Per domain: the class ids shown and the sample index (latent seed) of each. */
const SHOWN: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
	digits: [['digit-2', 1], ['digit-8', 3]],
	fashion: [['sneaker', 1], ['bag', 2]],
};

async function main(): Promise<void> {
	await tf.setBackend('cpu');
	const { encode } = await import('fast-png');
	const pairs = Math.max(...Object.values(SHOWN).map((s) => s.length));
	const width = pairs * (2 * SIZE + GAP) + (pairs + 1) * GAP * 2;
	const height = GAN_DOMAINS.length * (SIZE + GAP) + GAP;
	const canvas = new Uint8Array(width * height).fill(255);
	for (const [row, domain] of GAN_DOMAINS.entries()) {
		const dir = path.join(REPO_ROOT, 'media', 'gan', domain);
		const g = await loadLayersModelFromDir(dir);
		const latentSize = readMetadata(dir).latentSize;
		const classes = ganClassesOf(domain);
		for (const [col, [id, sample]] of SHOWN[domain].entries()) {
			const c = classes.find((k) => k.id === id);
			if (c === undefined) {
				throw new Error(`${domain}: no class ${id}`);
			}
			const out = tf.tidy(() => g.predict([
				tf.tensor2d(latentFromSeed(mixSeed(EVAL_SEED, sample * NUM_CLASSES + c.index), latentSize), [1, latentSize]),
				tf.oneHot(tf.tensor1d([c.index], 'int32'), NUM_CLASSES).toFloat(),
			]) as tf.Tensor);
			const a = Float32Array.from(out.dataSync().slice(0, PIXELS), toIntensity);
			out.dispose();
			const views = [resample(a, 0, 28, SIZE, true), enlargeCrisp(a, 0, 28, SIZE)];
			views.forEach((img, k) => {
				const x0 = GAP * 2 + col * (2 * SIZE + GAP * 3) + k * (SIZE + GAP);
				const y0 = GAP + row * (SIZE + GAP);
				// A light grey frame, so the tiles stay apart on white.
				for (let t = -1; t <= SIZE; t++) {
					for (const [fx, fy] of [[x0 + t, y0 - 1], [x0 + t, y0 + SIZE], [x0 - 1, y0 + t], [x0 + SIZE, y0 + t]]) {
						canvas[fy * width + fx] = 200;
					}
				}
				for (let y = 0; y < SIZE; y++) {
					for (let x = 0; x < SIZE; x++) {
						// Black ink on white paper, as the panel's default colours.
						canvas[(y0 + y) * width + x0 + x] = Math.round(255 * (1 - img[y * SIZE + x]));
					}
				}
			});
		}
		g.dispose();
	}
	const file = path.join(REPO_ROOT, 'docs', 'gan', 'enlargement.png');
	await fs.promises.writeFile(file, encode({ width, height, data: canvas, channels: 1, depth: 8 }));
	console.log(`wrote ${path.relative(process.cwd(), file)} (${width}×${height})`);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
