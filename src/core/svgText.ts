/**
 * Provenance in an SVG: a `<metadata>` element (SVG 2, 5.9 "The metadata element": "metadata … should be
 * placed as the first child of the element it describes") holding one `imagegen:provenance` element in
 * ImageGen's own namespace, its fields as attributes. Pure: never imports 'vscode'.
 *
 * Written by splicing, not by an XML library: the element goes right after the root `<svg …>` start
 * tag, so only that tag's end has to be found (outside quoted attribute values); every other byte of
 * the drawing stays as the API sent it. A parser that re-serialises the document (xmldom, fast-xml-parser)
 * would reformat the model's markup for one inserted element.
 */
import type { ImageProvenance } from './pngText';

export const provenanceNamespace = 'https://github.com/imagegen/imagegen/provenance';
const marker = 'data-imagegen="provenance"';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function unescapeAttribute(value: string): string {
	return value.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
		const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
		if (e[0] === '#') {
			return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		}
		return named[e.toLowerCase()] ?? _;
	});
}

/** Where the root `<svg` start tag begins and ends (index of its `>`), and whether it closes itself. */
function rootTag(text: string): { start: number; end: number; selfClosing: boolean } | undefined {
	const prolog = /^\uFEFF?(\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i.exec(text);
	const start = prolog ? prolog[0].length : 0;
	if (!/^<svg[\s>/]/.test(text.slice(start, start + 5))) {
		return undefined;
	}
	let quote: string | undefined;
	for (let i = start + 4; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === quote) {
				quote = undefined;
			}
		} else if (c === '"' || c === "'") {
			quote = c;
		} else if (c === '>') {
			return { start, end: i, selfClosing: text[i - 1] === '/' };
		}
	}
	return undefined;
}

/** The `<metadata>` element with these fields. */
export function provenanceElement(p: ImageProvenance): string {
	const keys = ['prompt', 'engine', 'model', 'size', 'quality', 'seed', 'date', ...Object.keys(p).filter((k) => !['prompt', 'engine', 'model', 'size', 'quality', 'seed', 'date'].includes(k)).sort()];
	const attributes = keys
		.filter((k) => p[k] !== undefined && /^[A-Za-z][\w-]*$/.test(k))
		.map((k) => ` ${k}="${escapeAttribute(String(p[k]))}"`)
		.join('');
	return `<metadata ${marker}><imagegen:provenance xmlns:imagegen="${provenanceNamespace}" software="ImageGen"${attributes}/></metadata>`;
}

/**
 * The SVG with ImageGen's provenance as the root's first child (an earlier one of ours is replaced).
 * Anything that is not an SVG document is returned unchanged.
 */
export function withSvgProvenance(svg: Uint8Array, p: ImageProvenance): Uint8Array {
	let text = utf8.decode(svg);
	text = text.replace(new RegExp(`<metadata ${marker}>[\\s\\S]*?</metadata>`), '');
	const root = rootTag(text);
	if (!root) {
		return svg;
	}
	const element = provenanceElement(p);
	const out = root.selfClosing
		? `${text.slice(0, root.end - 1).replace(/\s*$/, '')}>${element}</svg>${text.slice(root.end + 1)}`
		: `${text.slice(0, root.end + 1)}${element}${text.slice(root.end + 1)}`;
	return encoder.encode(out);
}

/** The fields {@link withSvgProvenance} wrote, or undefined. */
export function readSvgProvenance(svg: Uint8Array): ImageProvenance | undefined {
	const text = utf8.decode(svg.subarray(0, 1024 * 1024));
	const element = new RegExp(`<metadata ${marker}><imagegen:provenance ([^>]*?)/></metadata>`).exec(text);
	if (!element) {
		return undefined;
	}
	const fields: Record<string, string | number> = {};
	for (const m of element[1].matchAll(/([A-Za-z][\w:-]*)="([^"]*)"/g)) {
		if (m[1] !== 'xmlns:imagegen' && m[1] !== 'software') {
			fields[m[1]] = m[1] === 'seed' && /^-?\d+$/.test(m[2]) ? Number(m[2]) : unescapeAttribute(m[2]);
		}
	}
	if (typeof fields.prompt !== 'string' || typeof fields.engine !== 'string' || typeof fields.date !== 'string') {
		return undefined;
	}
	return fields as unknown as ImageProvenance;
}
