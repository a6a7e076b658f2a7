import { pngChunkTypes, withProvenance, type ImageProvenance } from '../core/pngText';
import { withSvgProvenance } from '../core/svgText';
import type { GeneratedImage, GenerationResult } from '../providers/engine';

/** How an image was made, as its file keeps it. */
export function provenanceOf(prompt: string, result: GenerationResult, now: Date): ImageProvenance {
	const p = result.parameters;
	return { prompt, engine: p.engine, model: p.model, size: p.size, quality: p.quality, seed: p.seed, date: now.toISOString() };
}

/**
 * The image's bytes with our provenance: text chunks in a PNG, except one that carries signed C2PA
 * content credentials (`caBX`, as OpenAI's images do), since any added chunk would break that
 * signature and the credentials already say where the image came from; metadata in an SVG.
 */
export function withOurProvenance(image: GeneratedImage, prompt: string, result: GenerationResult, now: Date): Uint8Array {
	if (image.format === 'svg') {
		return withSvgProvenance(image.bytes, provenanceOf(prompt, result, now));
	}
	if (image.format !== 'png' || pngChunkTypes(image.bytes).includes('caBX')) {
		return image.bytes;
	}
	return withProvenance(image.bytes, provenanceOf(prompt, result, now));
}
