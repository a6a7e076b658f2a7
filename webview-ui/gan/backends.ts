/**
 * TF.js's backends, each imported only when the runner tries it (a chunk of its own): the first
 * image loads one backend, not three. Importing a backend's module registers it with TF.js.
 */
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { GanBackend } from '../../src/protocol';

/** What the runner needs from the WebGL backend's module beyond its registration. */
export interface WebGLModule {
	readonly MathBackendWebGL: new () => MathBackendWebGL;
}

const loaded = new Map<GanBackend, Promise<unknown>>();

function once<T>(backend: GanBackend, load: () => Promise<T>): Promise<T> {
	let pending = loaded.get(backend) as Promise<T> | undefined;
	if (pending === undefined) {
		pending = load();
		loaded.set(backend, pending);
		// A failed download is not kept: the next try imports again.
		pending.catch(() => loaded.delete(backend));
	}
	return pending;
}

/** Imports (and so registers) the WASM backend, its binaries fetched from `wasmBase` (ending in '/'). */
export function loadWasm(wasmBase: string): Promise<void> {
	return once('wasm', async () => {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		wasm.setWasmPaths(wasmBase);
	});
}

/** Imports (and so registers) the WebGL backend. */
export function loadWebGL(): Promise<WebGLModule> {
	return once('webgl', () => import('@tensorflow/tfjs-backend-webgl'));
}

/** Imports (and so registers) the CPU backend. */
export function loadCpu(): Promise<void> {
	return once('cpu', async () => {
		await import('@tensorflow/tfjs-backend-cpu');
	});
}
