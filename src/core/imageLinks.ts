/**
 * Finds the image link around a position in a line: Markdown `![alt](path "title")` (path
 * optionally in `<…>`) and HTML/JSX `<img src="…">`. Pure: offsets within the line.
 */

export interface ImageLinkAt {
	/** The path as written (without `<…>`), percent-decoded. */
	readonly path: string;
	/** Where the path sits in the line: replace [pathStart, pathEnd) to point the link elsewhere. */
	readonly pathStart: number;
	readonly pathEnd: number;
	/** The whole link. */
	readonly start: number;
	readonly end: number;
	/** How the path was written: 'angle' for `<…>` destinations (a replacement must keep the brackets). */
	readonly form: 'plain' | 'angle' | 'html';
}

const markdownImage = /!\[(?:\\.|[^\]\\])*\]\((?:<((?:\\.|[^>\\\n])*)>|((?:\\.|[^\s()\\]|\([^\s()]*\))+))(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const htmlImage = /<img\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1[^>]*>/gi;

export function imageLinkAt(line: string, offset: number): ImageLinkAt | undefined {
	for (const m of line.matchAll(markdownImage)) {
		const start = m.index;
		const end = start + m[0].length;
		if (offset < start || offset > end) {
			continue;
		}
		const raw = m[1] ?? m[2];
		const form = m[1] !== undefined ? 'angle' : 'plain';
		const rawStart = line.indexOf(form === 'angle' ? `<${raw}>` : raw, start + m[0].indexOf('](')) + (form === 'angle' ? 1 : 0);
		return { path: decode(unescapeMarkdown(raw)), pathStart: rawStart, pathEnd: rawStart + raw.length, start, end, form };
	}
	for (const m of line.matchAll(htmlImage)) {
		const start = m.index;
		const end = start + m[0].length;
		if (offset < start || offset > end) {
			continue;
		}
		const raw = m[2];
		const rawStart = start + m[0].indexOf(m[1] + raw + m[1]) + 1;
		return { path: decode(raw.replace(/&amp;/g, '&').replace(/&quot;/g, '"')), pathStart: rawStart, pathEnd: rawStart + raw.length, start, end, form: 'html' };
	}
	return undefined;
}

/** True for paths that point at a web resource rather than a file next to the document. */
export function isRemotePath(path: string): boolean {
	return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^file:/i.test(path);
}

function unescapeMarkdown(s: string): string {
	return s.replace(/\\([\\`*_{}[\]()#+\-.!<>])/g, '$1');
}

function decode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
