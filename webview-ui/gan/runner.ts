/**
 * Runs the bundled conditional GAN with TF.js inside the webview.
 *
 * - Backends in order WebGL → WASM → CPU; the first that initialises is used.
 *   When WebGL is only a software rasterizer (SwiftShader, llvmpipe: no usable GPU),
 *   WASM goes first (WASM → WebGL → CPU), unless `softwareWebGL: 'use'`.
 *   `useBackend` (for tests) puts one backend first.
 * - Each domain's model is fetched once (`model.json` + weights, kept as
 *   `ModelArtifacts`), built with `tf.loadLayersModel(tf.io.fromMemory(…))` and
 *   warmed up with one dummy prediction.
 * - Every op runs in `tf.tidy`; the only tensors that outlive a request are the weights.
 * - WebGL context loss (the `webglcontextlost` event on TF.js's canvas, or an op
 *   failing) marks the backend as failed: the models are disposed, the next backend
 *   is initialised, the models are rebuilt from the kept artifacts (no refetch) and
 *   the request is retried. The result says which backend actually ran.
 * - Requests run one at a time, in order. A request's model is fetched while the backend starts.
 * - Only TF.js core and layers are loaded with the runner; each backend's code is imported when
 *   that backend is tried (webview-ui/gan/backends.ts).
 */
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import type { GanBackend, GanDomainId } from '../../src/protocol';
import { loadCpu, loadWasm, loadWebGL } from './backends';
import { loadArtifacts, loadGenerator, predict, type LoadedGenerator } from './generator';
import { isSoftwareRenderer } from './renderer';
import { probeWebGLRenderer } from './webglProbe';

export { probeWebGLRenderer };

export const BACKEND_ORDER: readonly GanBackend[] = ['webgl', 'wasm', 'cpu'];

export class WebGLContextLostError extends Error {
	constructor() {
		super('WebGL context lost');
		this.name = 'WebGLContextLostError';
	}
}

export interface GeneratorOutput {
	/** count × imageSize² tanh values in [-1, 1], ink = +1. */
	readonly values: Float32Array;
	readonly count: number;
	readonly imageSize: number;
	readonly backend: GanBackend;
}

export interface GanRunnerOptions {
	/** URL of the folder holding `<domain>/model.json`. */
	readonly modelBase: string;
	/** URL of the folder holding the `tfjs-backend-wasm*.wasm` files. */
	readonly wasmBase: string;
	/** Backends to try, in order (default BACKEND_ORDER, adjusted for a software WebGL). */
	readonly backends?: readonly GanBackend[];
	/** 'avoid' (default): WASM before a software-rendered WebGL; 'use': WebGL first regardless. */
	readonly softwareWebGL?: 'avoid' | 'use';
	readonly log?: (message: string) => void;
}

function withSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}

export class GanRunner {
	private readonly options: GanRunnerOptions;
	private order: readonly GanBackend[];
	private orderDecided: boolean;
	private renderer: string | undefined;
	private readonly failed = new Set<GanBackend>();
	private readonly artifacts = new Map<GanDomainId, Promise<tf.io.ModelArtifacts>>();
	private readonly generators = new Map<GanDomainId, LoadedGenerator>();
	private active: GanBackend | undefined;
	private gl: WebGLRenderingContext | WebGL2RenderingContext | undefined;
	private webglLost = false;
	private readonly lostListeners = new Set<() => void>();
	private queue: Promise<unknown> = Promise.resolve();

	constructor(options: GanRunnerOptions) {
		this.options = options;
		this.order = options.backends ?? BACKEND_ORDER;
		this.orderDecided = options.backends !== undefined || options.softwareWebGL === 'use';
	}

	/** Imports a backend's code (which registers it); WebGL's flags are set once it is there. */
	private async loadBackend(backend: GanBackend): Promise<void> {
		switch (backend) {
			case 'wasm':
				return loadWasm(withSlash(this.options.wasmBase));
			case 'webgl':
				await loadWebGL();
				// Shapes as uniforms: most shaders are compiled once for every batch size.
				tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
				return;
			case 'cpu':
				return loadCpu();
			default: {
				const never: never = backend;
				throw new Error(`unknown backend ${String(never)}`);
			}
		}
	}

	/** Starts the best backend now, before any request (a request queued meanwhile waits for it). */
	warmUp(): Promise<void> {
		return this.exclusive(async () => {
			await this.ensureBackend();
		}).catch((err: unknown) => this.log(`warm-up: ${String(err)}`));
	}

	/** Starts fetching a domain's model (kept; the request that needs it finds it fetched or on its way). */
	prefetch(domain: GanDomainId): void {
		this.fetchArtifacts(domain).catch(() => undefined);
	}

	/** The backend in use, or undefined before the first request. */
	get backend(): GanBackend | undefined {
		return this.active;
	}

	/** The WebGL renderer seen when the backend order was decided. */
	get webglRenderer(): string | undefined {
		return this.renderer;
	}

	get modelLoaded(): boolean {
		return this.generators.size > 0;
	}

	/** Live tensors (0 before any backend started, so that asking does not start one). */
	numTensors(): number {
		return this.active === undefined ? 0 : tf.memory().numTensors;
	}

	/** Generates one image per seed; see the class comment for the fallback. */
	generate(domain: GanDomainId, classIndex: number, seeds: readonly number[]): Promise<GeneratorOutput> {
		// The model downloads while an earlier request runs or the backend starts.
		this.prefetch(domain);
		return this.exclusive(async () => {
			for (;;) {
				const [gen, backend] = await this.loadOnBestBackend(domain);
				if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= gen.numClasses) {
					throw new RangeError(`class ${classIndex} is outside 0..${gen.numClasses - 1} of the ${domain} model`);
				}
				try {
					const values = await this.download(predict(gen, classIndex, seeds));
					return { values, count: seeds.length, imageSize: gen.imageSize, backend };
				} catch (err) {
					this.fallBack(backend, err);
				}
			}
		});
	}

	private async loadOnBestBackend(domain: GanDomainId): Promise<[LoadedGenerator, GanBackend]> {
		for (;;) {
			const artifacts = this.fetchArtifacts(domain);
			artifacts.catch(() => undefined);
			const backend = await this.ensureBackend();
			await artifacts; // a fetch error is not the backend's fault
			try {
				return [await this.ensureGenerator(domain, await artifacts), backend];
			} catch (err) {
				this.fallBack(backend, err);
			}
		}
	}

	/**
	 * Puts `backend` first (for tests: WebGL on a software renderer, to exercise the
	 * context-loss fallback) and starts it; the models are rebuilt on the next request.
	 * Resolves to whether it started.
	 */
	useBackend(backend: GanBackend): Promise<boolean> {
		return this.exclusive(async () => {
			this.disposeGenerators();
			if (backend === 'webgl' && (this.failed.has('webgl') || this.webglLost)) {
				// The lost context's backend cannot be revived: register a fresh one.
				try {
					tf.removeBackend('webgl');
				} catch {
					// Disposing the old backend may fail on its lost context; it is gone either way.
				}
				const webgl = await loadWebGL();
				tf.registerBackend('webgl', () => new webgl.MathBackendWebGL(), 2);
				this.webglLost = false;
			}
			this.failed.delete(backend);
			this.order = [backend, ...this.order.filter((b) => b !== backend)];
			this.orderDecided = true;
			this.active = undefined;
			this.gl = undefined;
			try {
				return (await this.ensureBackend()) === backend;
			} catch {
				return false;
			}
		});
	}

	/** Simulates a lost WebGL context (for tests); false when WebGL is not in use. */
	loseWebGLContext(): boolean {
		const ext = this.active === 'webgl' ? this.gl?.getExtension('WEBGL_lose_context') : undefined;
		if (ext === undefined || ext === null) {
			return false;
		}
		ext.loseContext();
		return true;
	}

	private exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private log(message: string): void {
		this.options.log?.(message);
	}

	private isLost(backend: GanBackend): boolean {
		return backend === 'webgl' && (this.webglLost || this.gl?.isContextLost() === true);
	}

	private async ensureBackend(): Promise<GanBackend> {
		if (this.active !== undefined && this.isLost(this.active)) {
			this.fallBack(this.active, new WebGLContextLostError());
		}
		if (this.active !== undefined) {
			return this.active;
		}
		this.decideOrder();
		for (const backend of this.order) {
			if (this.failed.has(backend)) {
				continue;
			}
			let ok = false;
			const started = performance.now();
			try {
				await this.loadBackend(backend);
				ok = await tf.setBackend(backend);
				await tf.ready();
			} catch (err) {
				this.log(`${backend}: ${String(err)}`);
				ok = false;
			}
			if (ok && tf.getBackend() === backend) {
				this.active = backend;
				if (backend === 'webgl') {
					this.watchWebGL();
				}
				this.log(`backend ${backend} started in ${(performance.now() - started).toFixed(0)} ms`);
				return backend;
			}
			this.failed.add(backend);
		}
		throw new Error(`no TF.js backend could start (tried ${this.order.join(', ')})`);
	}

	/** Probes WebGL and fixes the backend order now (cheap; otherwise done by the first request). */
	decideOrder(): void {
		if (this.orderDecided) {
			return;
		}
		this.orderDecided = true;
		const started = performance.now();
		this.renderer = probeWebGLRenderer();
		if (this.renderer !== undefined && isSoftwareRenderer(this.renderer)) {
			this.order = ['wasm', ...this.order.filter((b) => b !== 'wasm')];
			this.log(`WebGL renders in software (${this.renderer}; probed in ${(performance.now() - started).toFixed(0)} ms): trying ${this.order.join(' → ')}`);
		}
	}

	private watchWebGL(): void {
		const backend = tf.backend() as MathBackendWebGL;
		const gl = backend.gpgpu.gl;
		this.gl = gl;
		this.webglLost = gl.isContextLost();
		gl.canvas.addEventListener('webglcontextlost', () => {
			if (this.gl === gl) {
				this.webglLost = true;
				for (const listener of this.lostListeners) {
					listener();
				}
			}
		});
	}

	/** Marks `backend` as failed and drops everything built on it; rethrows when no backend is left. */
	private fallBack(backend: GanBackend, reason: unknown): void {
		const remaining = this.order.filter((b) => b !== backend && !this.failed.has(b));
		this.log(`${backend} failed (${String(reason)}); ${remaining.length > 0 ? `falling back to ${remaining[0]}` : 'no backend left'}`);
		this.failed.add(backend);
		this.disposeGenerators();
		if (this.active === backend) {
			this.active = undefined;
			this.gl = undefined;
		}
		if (remaining.length === 0) {
			throw reason instanceof Error ? reason : new Error(String(reason));
		}
	}

	private disposeGenerators(): void {
		for (const gen of this.generators.values()) {
			try {
				gen.model.dispose();
			} catch {
				// The tensors of a lost context cannot all be released; they are unreachable anyway.
			}
		}
		this.generators.clear();
	}

	private fetchArtifacts(domain: GanDomainId): Promise<tf.io.ModelArtifacts> {
		let pending = this.artifacts.get(domain);
		if (pending === undefined) {
			const url = `${withSlash(this.options.modelBase)}${domain}/model.json`;
			pending = loadArtifacts(url);
			this.artifacts.set(domain, pending);
			// A failed fetch is not kept: the next request tries again.
			pending.catch(() => this.artifacts.delete(domain));
		}
		return pending;
	}

	private async ensureGenerator(domain: GanDomainId, artifacts: tf.io.ModelArtifacts): Promise<LoadedGenerator> {
		const existing = this.generators.get(domain);
		if (existing !== undefined) {
			return existing;
		}
		const started = performance.now();
		const gen = await loadGenerator(artifacts);
		try {
			await this.download(predict(gen, 0, [0])); // warm-up: uploads weights, compiles shaders
		} catch (err) {
			gen.model.dispose();
			throw err;
		}
		this.generators.set(domain, gen);
		this.log(`${domain} model ready on ${this.active ?? '?'} in ${(performance.now() - started).toFixed(0)} ms`);
		return gen;
	}

	/** Reads a result tensor and disposes it; on WebGL, a context loss while waiting fails the read. */
	private async download(out: tf.Tensor): Promise<Float32Array> {
		const backend = this.active;
		try {
			const data = out.data() as Promise<Float32Array>;
			if (backend !== 'webgl') {
				return await data;
			}
			data.catch(() => undefined);
			let onLost = (): void => undefined;
			const lost = new Promise<never>((_, reject) => {
				onLost = () => reject(new WebGLContextLostError());
			});
			this.lostListeners.add(onLost);
			if (this.isLost('webgl')) {
				onLost();
			}
			try {
				const values = await Promise.race([data, lost]);
				if (this.isLost('webgl')) {
					throw new WebGLContextLostError();
				}
				return values;
			} finally {
				this.lostListeners.delete(onLost);
			}
		} finally {
			out.dispose();
		}
	}
}
