/**
 * Picks the fastest TensorFlow.js backend available to a Node script:
 * `@tensorflow/tfjs-node` when it is installed (optional; its install script
 * downloads libtensorflow, which some machines cannot reach), otherwise WASM
 * with the gradient kernels from `wasmKernels.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from './wasmKernels';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

function hasModule(name: string): boolean {
	try {
		require.resolve(name);
		return true;
	} catch {
		return false;
	}
}

/** Selects and initialises a backend; returns its name. */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
	if ((choice === 'auto' || choice === 'tensorflow') && hasModule('@tensorflow/tfjs-node')) {
		// A variable specifier keeps TypeScript from needing the optional package's types.
		const name = '@tensorflow/tfjs-node';
		await import(name);
		if (await tf.setBackend('tensorflow')) {
			await tf.ready();
			return tf.getBackend();
		}
	}
	if (choice === 'tensorflow') {
		throw new Error('@tensorflow/tfjs-node is not installed');
	}
	const name = choice === 'cpu' ? 'cpu' : 'wasm';
	if (name === 'wasm') {
		registerWasmGradientKernels('wasm');
	}
	if (!(await tf.setBackend(name))) {
		throw new Error(`could not initialise the ${name} backend`);
	}
	await tf.ready();
	return tf.getBackend();
}
