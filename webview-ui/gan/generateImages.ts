/**
 * A `ganGenerate` request → PNGs: run the generator, then per image intensity →
 * upscale → colour (imageMath) → PNG (fast-png, see png.ts) → base64.
 */
import type { GanBackend, GanImage, GanRequest } from '../../src/protocol';
import { renderImage } from './imageMath';
import { encodePng, toBase64 } from './png';
import type { GanRunner } from './runner';

export interface GeneratedImages {
	readonly images: readonly GanImage[];
	readonly backend: GanBackend;
	/** From the request's arrival to the last PNG, in milliseconds. */
	readonly ms: number;
}

export async function generateImages(runner: GanRunner, request: GanRequest, log?: (message: string) => void): Promise<GeneratedImages> {
	const started = performance.now();
	const out = await runner.generate(request.domain, request.classIndex, request.seeds);
	const generated = performance.now();
	const images: GanImage[] = [];
	for (let i = 0; i < out.count; i++) {
		const rgba = renderImage(out.values, i, {
			srcSize: out.imageSize,
			size: request.size,
			smooth: request.smooth,
			foreground: request.foreground,
			background: request.background,
		});
		const png = encodePng(rgba, request.size, request.size);
		images.push({ pngBase64: toBase64(png), width: request.size, height: request.size });
	}
	const ms = performance.now() - started;
	log?.(`${out.count} image(s) on ${out.backend} in ${ms.toFixed(0)} ms (generator ${(generated - started).toFixed(0)} ms, ${request.size} px PNGs ${(ms - generated + started).toFixed(0)} ms)`);
	return { images, backend: out.backend, ms };
}
