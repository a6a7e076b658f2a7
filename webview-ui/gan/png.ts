/**
 * RGBA bytes → PNG bytes with `fast-png`, synchronously.
 *
 * Why not the browser's own encoder (`OffscreenCanvas.convertToBlob`, `toBlob`):
 * Chromium encodes canvas PNGs in idle time, and the panel shares its renderer
 * with a busy workbench. Inside VS Code (code-server, `npm run bench host`) the
 * step took 50–770 ms per 256 px image while the generator itself took 2–7 ms;
 * with a busy main thread in one Chromium run, convertToBlob took 100 ms (median)
 * where fast-png took 14 ms. fast-png costs about 11 ms at 256 px and 47 ms at
 * 1024 px of main-thread time (Node, same V8), and never waits for idle time.
 */
import { encode } from 'fast-png';

export function encodePng(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array {
	if (rgba.length !== width * height * 4) {
		throw new Error(`expected ${width}×${height} RGBA pixels, got ${rgba.length} bytes`);
	}
	return encode({ width, height, data: rgba, channels: 4, depth: 8 });
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	const chunk = 0x8000;
	for (let i = 0; i < bytes.length; i += chunk) {
		binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return btoa(binary);
}

/** Encodes one blank image, so that the encoder's first (unoptimised) run is not paid by the first picture. */
export function warmUpPngEncoder(size = 64): void {
	encodePng(new Uint8ClampedArray(size * size * 4), size, size);
}
