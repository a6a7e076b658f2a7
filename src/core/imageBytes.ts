/**
 * Image bytes, one owner: which format a file is (magic bytes), its pixel size, whether a PNG can be
 * transparent, its MIME type and file extension. Pure; used by the host, the wire server and the tests.
 * Hand-written rather than `image-size`: we need three formats' headers, PNG transparency and the
 * exact formats we write, in a few dozen lines, without a dependency in the bundle.
 */

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg';

/** The image format from the file's magic bytes, or `undefined` when it is none we write. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
		return 'png';
	}
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
		return 'jpeg';
	}
	if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) {
		return 'gif'; // GIF87a, GIF89a
	}
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50])) {
		return 'webp'; // RIFF····WEBP
	}
	if (isSvg(bytes)) {
		return 'svg';
	}
	return undefined;
}

/**
 * True for an SVG document: UTF-8 text whose first element is `<svg` (after an optional BOM, XML
 * declaration, comments, processing instructions and a doctype). `output_format: svg` answers with one.
 */
export function isSvg(bytes: Uint8Array): boolean {
	const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
	const rest = head.replace(/^(\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
	return /^<svg[\s>/]/.test(rest);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The usual file extension of a format, without the dot. */
export function extensionFor(format: ImageFormat): string {
	switch (format) {
		case 'png': return 'png';
		case 'jpeg': return 'jpg';
		case 'webp': return 'webp';
		case 'gif': return 'gif';
		case 'svg': return 'svg';
		default: {
			const unknown: never = format;
			throw new Error(`Unknown image format: ${String(unknown)}`);
		}
	}
}

/** Width and height read from a PNG, JPEG or WebP header; undefined when it cannot be read. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const ascii = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
	if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
		let o = 2;
		while (o + 9 < bytes.length && bytes[o] === 0xff) {
			const marker = bytes[o + 1];
			// Start-of-frame markers carry the size (C4, C8 and CC are other tables).
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
				return { width: view.getUint16(o + 7), height: view.getUint16(o + 5) };
			}
			o += 2 + view.getUint16(o + 2);
		}
		return undefined;
	}
	if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
		const chunk = ascii(12, 4);
		if (chunk === 'VP8 ') {
			return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
		}
		if (chunk === 'VP8L') {
			const bits = view.getUint32(21, true);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		if (chunk === 'VP8X') {
			const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
			return { width: u24(24) + 1, height: u24(27) + 1 };
		}
	}
	return undefined;
}

/** True when a PNG can hold transparent pixels (an alpha channel or a tRNS chunk): a mask marks the edit with them. */
export function pngHasAlpha(bytes: Uint8Array): boolean {
	if (bytes.length < 26) {
		return false;
	}
	const colorType = bytes[25];
	if (colorType === 4 || colorType === 6) {
		return true;
	}
	// Palette or grey/RGB with a transparent colour: look for tRNS before the image data.
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let o = 8;
	while (o + 8 <= bytes.length) {
		const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
		if (type === 'tRNS') {
			return true;
		}
		if (type === 'IDAT' || type === 'IEND') {
			return false;
		}
		o += 12 + view.getUint32(o);
	}
	return false;
}

/** The MIME type of a format. */
export function mimeTypeOf(format: ImageFormat): string {
	return format === 'svg' ? 'image/svg+xml' : `image/${format}`;
}

/** The format a file name says by its extension (`.jpg` and `.jpeg` are JPEG); undefined for other names. */
export function formatOfName(name: string): ImageFormat | undefined {
	const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
	return ext === 'jpg' || ext === 'jpeg' ? 'jpeg' : (['png', 'webp', 'gif', 'svg'] as const).find((f) => f === ext);
}
