import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../wasmKernels';

/** Runs `f` on `backend` and returns the values of its outputs. */
async function on(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
	await tf.setBackend(backend);
	const out = tf.tidy(f);
	const values = await Promise.all(out.map(async (t) => Float32Array.from(await t.data())));
	tf.dispose(out);
	return values;
}

function assertClose(actual: Float32Array, expected: Float32Array, label: string): void {
	assert.equal(actual.length, expected.length, `${label}: length`);
	let maxAbs = 0;
	let maxDiff = 0;
	for (let i = 0; i < actual.length; i++) {
		maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
		maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
	}
	assert.ok(maxDiff <= 1e-4 * Math.max(1, maxAbs), `${label}: max difference ${maxDiff} (scale ${maxAbs})`);
}

interface ConvCase {
	readonly x: [number, number, number, number];
	readonly f: [number, number, number, number];
	readonly stride: number;
	readonly pad: 'same' | 'valid';
}

const CONV_CASES: readonly ConvCase[] = [
	{ x: [2, 8, 8, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
	{ x: [2, 8, 8, 3], f: [4, 4, 3, 5], stride: 2, pad: 'same' },
	{ x: [3, 7, 7, 2], f: [4, 4, 2, 3], stride: 2, pad: 'same' },
	{ x: [2, 9, 9, 2], f: [3, 3, 2, 2], stride: 2, pad: 'valid' },
	{ x: [1, 6, 5, 2], f: [2, 3, 2, 3], stride: 1, pad: 'valid' },
	{ x: [2, 14, 14, 4], f: [4, 4, 4, 6], stride: 2, pad: 'same' },
];

describe('WASM gradient kernels agree with the CPU backend', function () {
	this.timeout(60000);

	before(async () => {
		registerWasmGradientKernels('wasm');
		await tf.setBackend('wasm');
		await tf.ready();
	});

	for (const c of CONV_CASES) {
		it(`conv2d grads, x ${c.x.join('×')}, filter ${c.f.join('×')}, stride ${c.stride}, ${c.pad}`, async () => {
			const x = tf.randomNormal(c.x, 0, 1, 'float32', 11);
			const w = tf.randomNormal(c.f, 0, 1, 'float32', 12);
			const xv = await x.data();
			const wv = await w.data();
			tf.dispose([x, w]);
			const run = (): tf.Tensor[] => {
				const xt = tf.tensor4d(xv, c.x);
				const wt = tf.tensor4d(wv, c.f);
				const y = tf.conv2d(xt, wt, c.stride, c.pad);
				const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 13);
				const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(dy).sum())([xt, wt]);
				return [dx, dw];
			};
			const cpu = await on('cpu', run);
			const before = tf.memory().numTensors;
			const wasm = await on('wasm', run);
			assert.equal(tf.memory().numTensors, before, 'leaked tensors');
			assertClose(wasm[0], cpu[0], 'Conv2DBackpropInput');
			assertClose(wasm[1], cpu[1], 'Conv2DBackpropFilter');
		});
	}

	it('UnsortedSegmentSum (the gradient of gather)', async () => {
		const run = (): tf.Tensor[] => {
			const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 21);
			const ids = tf.tensor1d([6, 0, 3, 3, 1, 6, 6, 2], 'int32');
			const direct = tf.unsortedSegmentSum(tf.randomNormal([8, 4], 0, 1, 'float32', 22), ids, 7);
			const g = tf.grad((t: tf.Tensor) => tf.gather(t, ids, 1).square().sum())(x);
			return [direct, g];
		};
		const cpu = await on('cpu', run);
		const wasm = await on('wasm', run);
		assertClose(wasm[0], cpu[0], 'unsortedSegmentSum');
		assertClose(wasm[1], cpu[1], 'gather gradient');
	});
});
