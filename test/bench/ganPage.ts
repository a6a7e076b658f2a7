/**
 * The GAN benchmark page (bundled by test/bench/ganBench.mjs, run in headless
 * Chromium under the panel's CSP). For each backend it times, warm, the
 * generator the panel ships (loaded and run by the webview's own code) and a
 * peer: the generator of TF.js's `mnist-acgan` example (tfjs-examples
 * mnist-acgan/gan.js, latent 100, 2.66 M parameters) with random weights.
 * Also: the first call on each backend, and the rest of the panel's pipeline
 * (intensity → 256 px → colour → PNG) per image.
 *
 * No DOM types here: the root tsconfig (no DOM lib) type-checks this file.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadArtifacts, loadGenerator, predict, type LoadedGenerator } from '../../webview-ui/gan/generator';
import { renderImage } from '../../webview-ui/gan/imageMath';
import { encodePng } from '../../webview-ui/gan/png';

export type Backend = 'webgl' | 'wasm' | 'cpu';

export interface BenchConfig {
	readonly modelUrl: string;
	readonly wasmBase: string;
	readonly backends: readonly Backend[];
	readonly batches: readonly number[];
	/** Timed runs per case: at least minReps, then until budgetMs is spent, at most maxReps. */
	readonly minReps: number;
	readonly maxReps: number;
	readonly budgetMs: number;
}

export interface BenchRow {
	readonly model: 'imagegen' | 'peer';
	readonly backend: Backend;
	readonly batch: number;
	readonly msPerImage: number;
	readonly msPerBatch: number;
	readonly reps: number;
}

export interface BenchResult {
	readonly rows: readonly BenchRow[];
	/** Model build + first prediction (batch 1) per model and backend, in ms. */
	readonly firstCall: Readonly<Record<string, number>>;
	readonly params: { readonly imagegen: number; readonly peer: number };
	/** Backends that could not start. */
	readonly unavailable: readonly Backend[];
	/** Intensity → 256 px bilinear → colour → PNG for one image, median ms. */
	readonly postprocess256Ms: number;
	/** Tensors left after each backend's models were disposed (should be 0). */
	readonly leakedTensors: number;
	readonly userAgent: string;
	readonly webglRenderer: string;
}

interface PageGlobals {
	navigator: { userAgent: string };
	runGanBench?: (config: BenchConfig) => Promise<BenchResult>;
	runGanReference?: (config: ReferenceConfig) => Promise<ReferenceResult>;
}
const page = globalThis as unknown as PageGlobals;

const PEER_LATENT = 100;
const NUM_CLASSES = 10;

/** tfjs-examples mnist-acgan/gan.js `buildGenerator(latentSize)`, layer for layer. */
export function buildPeerGenerator(latentSize = PEER_LATENT): tf.LayersModel {
	const cnn = tf.sequential();
	cnn.add(tf.layers.dense({ units: 3 * 3 * 384, inputShape: [latentSize], activation: 'relu' }));
	cnn.add(tf.layers.reshape({ targetShape: [3, 3, 384] }));
	cnn.add(tf.layers.conv2dTranspose({ filters: 192, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu', kernelInitializer: 'glorotNormal' }));
	cnn.add(tf.layers.batchNormalization());
	cnn.add(tf.layers.conv2dTranspose({ filters: 96, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: 'glorotNormal' }));
	cnn.add(tf.layers.batchNormalization());
	cnn.add(tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: 'glorotNormal' }));
	const latent = tf.input({ shape: [latentSize] });
	const imageClass = tf.input({ shape: [1] });
	const classEmbedding = tf.layers.embedding({ inputDim: NUM_CLASSES, outputDim: latentSize, embeddingsInitializer: 'glorotNormal' }).apply(imageClass) as tf.SymbolicTensor;
	const h = tf.layers.multiply().apply([latent, classEmbedding]) as tf.SymbolicTensor;
	const fakeImage = cnn.apply(h) as tf.SymbolicTensor;
	return tf.model({ inputs: [latent, imageClass], outputs: fakeImage });
}

function peerInputs(n: number, rep: number): { z: Float32Array; labels: Float32Array } {
	const z = new Float32Array(n * PEER_LATENT);
	for (let i = 0; i < z.length; i++) {
		z[i] = Math.sin((i + 1) * 12.9898 + rep * 78.233) % 1; // deterministic, in (-1, 1) like the example's uniform latents
	}
	const labels = Float32Array.from({ length: n }, (_, i) => (((i + rep) % NUM_CLASSES) + NUM_CLASSES) % NUM_CLASSES);
	return { z, labels };
}

function predictPeer(peer: tf.LayersModel, n: number, rep: number): tf.Tensor {
	const { z, labels } = peerInputs(n, rep);
	return tf.tidy(() => peer.predictOnBatch([tf.tensor2d(z, [n, PEER_LATENT]), tf.tensor2d(labels, [n, 1])]) as tf.Tensor);
}

async function timed(run: () => tf.Tensor): Promise<number> {
	const start = performance.now();
	const out = run();
	await out.data();
	out.dispose();
	return performance.now() - start;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(config: BenchConfig, run: (rep: number) => tf.Tensor): Promise<{ ms: number; reps: number }> {
	await timed(() => run(-1)); // this batch size's first run (shapes, buffers) is not timed
	const times: number[] = [];
	const start = performance.now();
	while (times.length < config.maxReps && (times.length < config.minReps || performance.now() - start < config.budgetMs)) {
		times.push(await timed(() => run(times.length)));
	}
	return { ms: median(times), reps: times.length };
}

async function postprocessMs(gen: LoadedGenerator): Promise<number> {
	const out = predict(gen, 3, [1]);
	const values = (await out.data()) as Float32Array;
	out.dispose();
	const times: number[] = [];
	for (let i = 0; i < 12; i++) {
		const start = performance.now();
		const rgba = renderImage(values, 0, { srcSize: gen.imageSize, size: 256, smooth: true, foreground: [220, 38, 38], background: [255, 255, 255] });
		encodePng(rgba, 256, 256); // as the panel does
		times.push(performance.now() - start);
	}
	return median(times.slice(2));
}

function webglRenderer(): string {
	try {
		const backend = tf.backend() as tf.MathBackendWebGL;
		const gl = backend.gpgpu.gl;
		const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
		return String(gl.getParameter(info?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER));
	} catch {
		return 'unknown';
	}
}

export async function runGanBench(config: BenchConfig): Promise<BenchResult> {
	setWasmPaths(config.wasmBase.endsWith('/') ? config.wasmBase : `${config.wasmBase}/`);
	tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true); // as the panel does
	const artifacts = await loadArtifacts(config.modelUrl);
	const rows: BenchRow[] = [];
	const firstCall: Record<string, number> = {};
	const unavailable: Backend[] = [];
	const params = { imagegen: 0, peer: 0 };
	let postprocess256Ms = NaN;
	let leakedTensors = 0;
	let renderer = 'none';

	for (const backend of config.backends) {
		if (!(await tf.setBackend(backend).catch(() => false)) || tf.getBackend() !== backend) {
			unavailable.push(backend);
			continue;
		}
		await tf.ready();
		if (backend === 'webgl') {
			renderer = webglRenderer();
		}
		const baseline = tf.memory().numTensors;

		let start = performance.now();
		const gen = await loadGenerator(artifacts);
		await timed(() => predict(gen, 0, [0]));
		firstCall[`imagegen/${backend}`] = performance.now() - start;
		params.imagegen = gen.model.countParams();

		start = performance.now();
		const peer = buildPeerGenerator();
		await timed(() => predictPeer(peer, 1, 0));
		firstCall[`peer/${backend}`] = performance.now() - start;
		params.peer = peer.countParams();

		for (const batch of config.batches) {
			const seeds = (rep: number): number[] => Array.from({ length: batch }, (_, i) => rep * 1000 + i);
			const ours = await measure(config, (rep) => predict(gen, (rep + NUM_CLASSES) % NUM_CLASSES, seeds(rep)));
			rows.push({ model: 'imagegen', backend, batch, msPerImage: ours.ms / batch, msPerBatch: ours.ms, reps: ours.reps });
			const theirs = await measure(config, (rep) => predictPeer(peer, batch, rep));
			rows.push({ model: 'peer', backend, batch, msPerImage: theirs.ms / batch, msPerBatch: theirs.ms, reps: theirs.reps });
		}
		if (Number.isNaN(postprocess256Ms)) {
			postprocess256Ms = await postprocessMs(gen);
		}
		gen.model.dispose();
		peer.dispose();
		leakedTensors += tf.memory().numTensors - baseline;
	}
	return { rows, firstCall, params, unavailable, postprocess256Ms, leakedTensors, userAgent: page.navigator.userAgent, webglRenderer: renderer };
}

export interface ReferenceConfig {
	readonly modelUrl: string;
	readonly wasmBase: string;
	readonly backends: readonly Backend[];
	/** (seed, class) pairs and the images the trainer's generator drew for them (28² tanh values each). */
	readonly inputs: readonly { readonly seed: number; readonly class: number }[];
	readonly outputs: readonly (readonly number[])[];
}

/** Largest |difference| from the reference per backend that could start. */
export type ReferenceResult = Readonly<Record<string, number>>;

/**
 * Runs the reference inputs through the webview's own path (seed → latentFromSeed,
 * one-hot class, `predict`) on each backend and compares with the trainer's images.
 */
export async function runGanReference(config: ReferenceConfig): Promise<ReferenceResult> {
	setWasmPaths(config.wasmBase.endsWith('/') ? config.wasmBase : `${config.wasmBase}/`);
	tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
	const artifacts = await loadArtifacts(config.modelUrl);
	const result: Record<string, number> = {};
	for (const backend of config.backends) {
		if (!(await tf.setBackend(backend).catch(() => false)) || tf.getBackend() !== backend) {
			continue;
		}
		const gen = await loadGenerator(artifacts);
		let maxDiff = 0;
		for (const [i, input] of config.inputs.entries()) {
			const out = predict(gen, input.class, [input.seed]);
			const values = await out.data();
			out.dispose();
			config.outputs[i].forEach((expected, p) => {
				maxDiff = Math.max(maxDiff, Math.abs(values[p] - expected));
			});
		}
		gen.model.dispose();
		result[backend] = maxDiff;
	}
	return result;
}

page.runGanBench = runGanBench;
page.runGanReference = runGanReference;
