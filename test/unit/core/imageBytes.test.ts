import * as assert from 'node:assert/strict';
import { encode } from 'fast-png';
import { extensionFor, formatOfName, imageSize, mimeTypeOf, pngHasAlpha, sniffImageFormat, type ImageFormat } from '../../../src/core/imageBytes';

describe('image format from the bytes', () => {
	const bytes = (...values: number[]) => Uint8Array.from(values);
	const ascii = (text: string) => Uint8Array.from(text, c => c.charCodeAt(0));

	// [bytes, format, extension, what]
	const table: [Uint8Array, ImageFormat | undefined, string][] = [
		[bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'png', 'PNG signature'],
		[bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'jpeg', 'JPEG SOI'],
		[ascii('GIF89a\x01\x00'), 'gif', 'GIF89a'],
		[ascii('GIF87a\x01\x00'), 'gif', 'GIF87a'],
		[ascii('RIFF\x24\x00\x00\x00WEBPVP8 '), 'webp', 'RIFF WEBP'],
		[ascii('RIFF\x24\x00\x00\x00WAVEfmt '), undefined, 'RIFF that is not WebP'],
		[bytes(0x89, 0x50, 0x4e, 0x47), undefined, 'a truncated PNG signature'],
		[ascii('GIF88a'), undefined, 'not a GIF version'],
		[ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg', 'SVG'],
		[new TextEncoder().encode('\uFEFF<?xml version="1.0"?>\n<!-- by a model -->\n<!DOCTYPE svg>\n<svg viewBox="0 0 1 1"></svg>'), 'svg', 'SVG with a BOM, declaration, comment and doctype'],
		[ascii('<html><svg></svg></html>'), undefined, 'HTML holding an SVG'],
		[ascii('<svgfoo/>'), undefined, 'an element whose name starts with svg'],
		[bytes(), undefined, 'nothing'],
	];
	for (const [data, format, what] of table) {
		it(`${what} → ${format ?? 'undefined'}`, () => {
			assert.equal(sniffImageFormat(data), format);
		});
	}

	it('maps each format to its usual extension', () => {
		const expected: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', svg: 'svg' };
		for (const [format, ext] of Object.entries(expected) as [ImageFormat, string][]) {
			assert.equal(extensionFor(format), ext);
		}
	});
});

describe('image size, transparency and type', () => {
	const png = (width: number, height: number, channels: 3 | 4) => encode({ width, height, data: new Uint8Array(width * height * channels), channels, depth: 8 });

	it('reads the size of a PNG, a JPEG and the three kinds of WebP from their headers', () => {
		assert.deepEqual(imageSize(png(64, 48, 3)), { width: 64, height: 48 });
		// SOI, an APP0 segment, then SOF0 with height 300 and width 400.
		const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0x90, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		assert.deepEqual(imageSize(jpeg), { width: 400, height: 300 });
		const riff = (chunk: string, body: number[]) => new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(chunk), 0, 0, 0, 0, ...body, ...new Array(16).fill(0)]);
		// VP8: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
		assert.deepEqual(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00])), { width: 320, height: 240 });
		// VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each.
		const bits = (320 - 1) | ((240 - 1) << 14);
		assert.deepEqual(imageSize(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff])), { width: 320, height: 240 });
		// VP8X: flags and reserved (4 bytes), then width-1 and height-1 in 24 bits each.
		assert.deepEqual(imageSize(riff('VP8X', [0, 0, 0, 0, 0x3f, 0x01, 0x00, 0xef, 0x00, 0x00])), { width: 320, height: 240 });
		assert.equal(imageSize(new Uint8Array([1, 2, 3])), undefined);
	});

	it('tells whether a PNG can be transparent', () => {
		assert.equal(pngHasAlpha(png(4, 4, 4)), true);
		assert.equal(pngHasAlpha(png(4, 4, 3)), false);
	});

	it('names the MIME type of each format, and the format of a file name', () => {
		assert.deepEqual(
			(['png', 'jpeg', 'webp', 'gif', 'svg'] as const).map(mimeTypeOf),
			['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml'],
		);
		assert.deepEqual(['a.PNG', 'b.jpg', 'c.jpeg', 'd.webp', 'e.gif', 'f.svg', 'g.txt', 'noext'].map(formatOfName), ['png', 'jpeg', 'jpeg', 'webp', 'gif', 'svg', undefined, undefined]);
	});
});
