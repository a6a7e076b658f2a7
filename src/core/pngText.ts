/*---------------------------------------------------------------------------------------------
 *  Provenance in PNG text chunks: written without touching the pixels, read back from tEXt,
 *  zTXt and iTXt. Pure: never imports 'vscode' (Node's zlib only).
 *
 *  Why the chunks are spliced here rather than written by a PNG library: `fast-png` (the PNG
 *  library the project has) writes text only while encoding the whole image, and only as
 *  Latin-1 tEXt; so it would decode and re-deflate every pixel of a 1024×1024 image (hundreds
 *  of milliseconds, against a 50 ms budget for the whole save-and-link flow) and could not
 *  store a Chinese prompt. The small chunk packages (png-chunks-extract/-encode, png-chunk-text)
 *  are unmaintained since 2016 and tEXt-only as well. The PNG chunk format is four fields
 *  (W3C PNG, 5.3) and a text chunk three more (11.3.3), so the code below splits the file into
 *  chunks, drops our own earlier text chunks, and puts the new ones in front of the first IDAT:
 *  every other byte is copied unchanged, the CRCs come from Node's `zlib.crc32`.
 *
 *  Keys, chosen for what exiftool and Pillow show:
 *  - the PNG spec's own keywords, which exiftool names and Pillow lists in `im.text`:
 *    `Description` (the prompt), `Software` (`ImageGen`), `Source` (engine and model),
 *    `Creation Time` (the date as given);
 *  - `imagegen:prompt`, `imagegen:engine`, `imagegen:model`, `imagegen:size`, `imagegen:seed`,
 *    `imagegen:date` and `imagegen:<key>` for any further field, which ImageGen reads back
 *    ({@link readProvenance}) to regenerate an image.
 *  A value that is printable ASCII goes into tEXt (read by every tool); any other value into an
 *  uncompressed iTXt chunk in UTF-8, so a Chinese prompt survives.
 *
 *  Note: an image that carries a C2PA manifest (a `caBX` chunk, as OpenAI's images do) no
 *  longer matches that manifest's hash once any chunk is added; see {@link pngChunkTypes}.
 *--------------------------------------------------------------------------------------------*/

import { crc32, inflateSync } from 'node:zlib';

export interface ImageProvenance {
	readonly prompt: string;
	readonly engine: string;
	readonly model?: string;
	readonly size?: string;
	readonly seed?: number;
	readonly date: string;
	readonly [key: string]: string | number | undefined;
}

/** Prefix of the keys that ImageGen writes for itself. */
export const provenanceKeyPrefix = 'imagegen:';

const pngSignature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const textChunkTypes: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);
const latin1 = new TextDecoder('latin1');
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

interface Chunk {
	readonly type: string;
	/** Offset of the chunk's length field. */
	readonly start: number;
	/** Offset just past the chunk's CRC. */
	readonly end: number;
	readonly data: Uint8Array;
}

/**
 * Returns new PNG bytes with the provenance as text chunks in front of the first IDAT; earlier
 * text chunks with the same keywords are dropped, everything else is kept byte for byte.
 * Non-PNG or malformed input is returned unchanged.
 */
export function withProvenance(png: Uint8Array, p: ImageProvenance): Uint8Array {
	const chunks = parseChunks(png);
	if (!chunks || chunks[0]?.type !== 'IHDR' || !chunks.some(c => c.type === 'IDAT')) {
		return png;
	}

	const entries = provenanceEntries(p);
	const keywords = new Set(entries.map(([keyword]) => keyword));
	const newChunks = entries.map(([keyword, value]) => encodeTextChunk(keyword, value));
	const kept = chunks.filter(c => !(textChunkTypes.has(c.type) && keywords.has(readKeyword(c.data))));
	const firstIdat = kept.findIndex(c => c.type === 'IDAT');

	const size = pngSignature.length
		+ kept.reduce((sum, c) => sum + (c.end - c.start), 0)
		+ newChunks.reduce((sum, c) => sum + c.length, 0);
	const out = new Uint8Array(size);
	out.set(pngSignature, 0);
	let offset = pngSignature.length;
	const append = (bytes: Uint8Array) => {
		out.set(bytes, offset);
		offset += bytes.length;
	};
	kept.forEach((c, i) => {
		if (i === firstIdat) {
			newChunks.forEach(append);
		}
		append(png.subarray(c.start, c.end));
	});
	return out;
}

/** The keyword/value pairs that {@link withProvenance} writes, in order. */
export function provenanceEntries(p: ImageProvenance): [string, string][] {
	const entries: [string, string][] = [
		['Description', p.prompt],
		['Software', 'ImageGen'],
		['Source', p.model ? `${p.engine} ${p.model}` : p.engine],
		['Creation Time', p.date],
	];
	const own: [string, string][] = [];
	const ordered = ['prompt', 'engine', 'model', 'size', 'seed', 'date'];
	const keys = [...ordered, ...Object.keys(p).filter(k => !ordered.includes(k)).sort()];
	for (const key of keys) {
		const value = p[key];
		if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
			continue;
		}
		const keyword = provenanceKeyPrefix + key;
		if (isValidKeyword(keyword)) {
			own.push([keyword, String(value)]);
		}
	}
	return [...entries, ...own];
}

/** The fields that {@link withProvenance} wrote, or `undefined` when the image has none. */
export function readProvenance(png: Uint8Array): ImageProvenance | undefined {
	const text = readTextChunks(png);
	const prompt = text[`${provenanceKeyPrefix}prompt`];
	const engine = text[`${provenanceKeyPrefix}engine`];
	if (prompt === undefined || engine === undefined) {
		return undefined;
	}
	const fields: [string, string | number][] = [];
	for (const [keyword, value] of Object.entries(text)) {
		const key = keyword.slice(provenanceKeyPrefix.length);
		if (keyword.startsWith(provenanceKeyPrefix) && key !== 'seed') {
			fields.push([key, value]);
		}
	}
	const seedText = text[`${provenanceKeyPrefix}seed`];
	const seed = seedText !== undefined && seedText.trim() !== '' ? Number(seedText) : Number.NaN;
	if (Number.isFinite(seed)) {
		fields.push(['seed', seed]);
	}
	return { ...Object.fromEntries(fields), prompt, engine, date: text[`${provenanceKeyPrefix}date`] ?? '' };
}

/**
 * Reads the text chunks (tEXt, zTXt, iTXt) into a record, keyword → text; a keyword that
 * occurs twice keeps its last value, as Pillow does. A chunk that cannot be read is skipped;
 * non-PNG input gives `{}`.
 */
export function readTextChunks(png: Uint8Array): Record<string, string> {
	const entries: [string, string][] = [];
	for (const chunk of parseChunks(png) ?? []) {
		if (textChunkTypes.has(chunk.type)) {
			const entry = decodeTextChunk(chunk.type, chunk.data);
			if (entry) {
				entries.push(entry);
			}
		}
	}
	// fromEntries defines own properties, so a keyword like `__proto__` is just a key.
	return Object.fromEntries(entries);
}

/** The chunk types in file order (`['IHDR', 'caBX', 'IDAT', …]`), or `[]` when not a PNG. */
export function pngChunkTypes(png: Uint8Array): string[] {
	return (parseChunks(png) ?? []).map(c => c.type);
}

function parseChunks(png: Uint8Array): Chunk[] | undefined {
	if (png.length < pngSignature.length || !pngSignature.every((b, i) => png[i] === b)) {
		return undefined;
	}
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	const chunks: Chunk[] = [];
	let offset = pngSignature.length;
	while (offset < png.length) {
		if (offset + 12 > png.length) {
			return undefined;
		}
		const length = view.getUint32(offset);
		const end = offset + 12 + length;
		if (end > png.length) {
			return undefined;
		}
		const type = latin1.decode(png.subarray(offset + 4, offset + 8));
		chunks.push({ type, start: offset, end, data: png.subarray(offset + 8, offset + 8 + length) });
		offset = end;
		if (type === 'IEND') {
			break;
		}
	}
	return chunks.at(-1)?.type === 'IEND' ? chunks : undefined;
}

function encodeTextChunk(keyword: string, value: string): Uint8Array {
	const key = latin1Bytes(keyword);
	let type: string;
	let data: Uint8Array;
	if (/^[\x20-\x7e\n]*$/.test(value)) {
		// tEXt: keyword, NUL, Latin-1 text.
		type = 'tEXt';
		data = concat([key, Uint8Array.of(0), latin1Bytes(value)]);
	} else {
		// iTXt: keyword, NUL, compression flag 0, method 0, language tag '', NUL, translated keyword '', NUL, UTF-8 text.
		type = 'iTXt';
		data = concat([key, Uint8Array.of(0, 0, 0, 0, 0), utf8Encoder.encode(value)]);
	}
	const chunk = new Uint8Array(12 + data.length);
	const view = new DataView(chunk.buffer);
	view.setUint32(0, data.length);
	chunk.set(latin1Bytes(type), 4);
	chunk.set(data, 8);
	view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)) >>> 0);
	return chunk;
}

function decodeTextChunk(type: string, data: Uint8Array): [string, string] | undefined {
	const keywordEnd = data.indexOf(0);
	if (keywordEnd <= 0) {
		return undefined;
	}
	const keyword = latin1.decode(data.subarray(0, keywordEnd));
	try {
		switch (type) {
			case 'tEXt':
				return [keyword, latin1.decode(data.subarray(keywordEnd + 1))];
			case 'zTXt':
				// keyword, NUL, compression method (0 = zlib), compressed Latin-1 text.
				return [keyword, latin1.decode(inflateSync(data.subarray(keywordEnd + 2)))];
			case 'iTXt': {
				const compressed = data[keywordEnd + 1] === 1;
				const languageEnd = data.indexOf(0, keywordEnd + 3);
				const translatedEnd = languageEnd === -1 ? -1 : data.indexOf(0, languageEnd + 1);
				if (translatedEnd === -1) {
					return undefined;
				}
				const text = data.subarray(translatedEnd + 1);
				return [keyword, utf8Decoder.decode(compressed ? inflateSync(text) : text)];
			}
			default:
				return undefined;
		}
	} catch {
		return undefined; // corrupt compressed text
	}
}

function readKeyword(data: Uint8Array): string {
	const end = data.indexOf(0);
	return end === -1 ? '' : latin1.decode(data.subarray(0, end));
}

/** PNG keywords: 1–79 printable Latin-1 characters, no leading, trailing or double spaces. */
function isValidKeyword(keyword: string): boolean {
	return /^[\x21-\x7e\xa1-\xff](?:[\x21-\x7e\xa1-\xff]| (?! ))*$/.test(keyword) && keyword.length <= 79 && !keyword.endsWith(' ');
}

function latin1Bytes(value: string): Uint8Array {
	const bytes = new Uint8Array(value.length);
	for (let i = 0; i < value.length; i++) {
		bytes[i] = value.charCodeAt(i) & 0xff;
	}
	return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
