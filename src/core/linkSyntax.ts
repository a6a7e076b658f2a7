/*---------------------------------------------------------------------------------------------
 *  The text that shows an image in the target document, in that document's own syntax, as
 *  plain text and as a VS Code snippet with the alt text as the first placeholder (like
 *  VS Code's own Markdown paste). Pure: never imports 'vscode'.
 *
 *  Which syntax for which language id:
 *  - Markdown `![alt](path)`: markdown and the Markdown dialects VS Code and common extensions
 *    use (prompt, instructions, chatmode, quarto, rmd), and every language not listed here:
 *    Markdown is what ImageGen is mostly used for, and in plain text, comments and unknown
 *    formats it is the most widely understood way to point at an image.
 *  - JSX `<img src="…" alt="…" width={…} height={…} />`: javascriptreact, typescriptreact, mdx.
 *  - HTML `<img src="…" alt="…" width="…" height="…">`: html and the HTML template languages
 *    (vue, vue-html, svelte, astro, php, razor, aspnetcorerazor, handlebars, erb, django-html,
 *    jinja-html, twig, liquid, xhtml…).
 *  - LaTeX `\includegraphics{path}`: latex, tex, doctex, rsweave. No alt (the `alt` key only
 *    exists in graphicx since 2021 and older TeX installations stop on it) and no size (pixels
 *    are not a TeX length).
 *  - reStructuredText `.. image:: path` with `:alt:`, `:width:`, `:height:` (px) options.
 *  - AsciiDoc `image::path[alt,width,height]`.
 *  - Org `[[file:path]]` (a description would make it a link, not an inline image).
 *  - Typst `#image("path", alt: "…")`.
 *
 *  Paths: relative POSIX paths, unencoded except where the syntax needs it. In the URL-based
 *  syntaxes (Markdown, HTML, JSX) `%`, `#` and `?` are percent-encoded, because a renderer
 *  would read them as an escape, a fragment or a query (`C#/a.png` would load `C`; VS Code's
 *  own Markdown language service parses a link as a URI too, so it finds `C%23/a.png`); spaces
 *  and non-ASCII letters stay readable (Markdown wraps such a path in `<…>`, HTML and JSX get
 *  `%20` for spaces). The file-path syntaxes (LaTeX, reST, AsciiDoc, Org, Typst) get the path
 *  as it is on disk, escaped only for their own grammar. Names ImageGen makes never hold
 *  `%`, `#` or `?`; only folder names can.
 *--------------------------------------------------------------------------------------------*/

export interface LinkRequest {
	/** The target document's VS Code language id. */
	readonly languageId: string;
	/** Relative POSIX path (unencoded). */
	readonly path: string;
	/** Raw prompt. */
	readonly alt: string;
	readonly width?: number;
	readonly height?: number;
	/** `imagegen.linkTemplate`: `${path}` `${alt}` `${width}` `${height}`. */
	readonly template?: string;
}

export type LinkSyntax = 'markdown' | 'jsx' | 'html' | 'latex' | 'restructuredtext' | 'asciidoc' | 'org' | 'typst';

const syntaxByLanguage: ReadonlyMap<string, LinkSyntax> = new Map<string, LinkSyntax>([
	...['markdown', 'prompt', 'instructions', 'chatmode', 'quarto', 'rmd'].map(id => [id, 'markdown'] as const),
	...['javascriptreact', 'typescriptreact', 'mdx'].map(id => [id, 'jsx'] as const),
	...['html', 'xhtml', 'vue', 'vue-html', 'svelte', 'astro', 'php', 'razor', 'aspnetcorerazor', 'handlebars', 'erb', 'django-html', 'jinja-html', 'twig', 'liquid', 'nunjucks'].map(id => [id, 'html'] as const),
	...['latex', 'tex', 'doctex', 'rsweave'].map(id => [id, 'latex'] as const),
	...['restructuredtext', 'rst'].map(id => [id, 'restructuredtext'] as const),
	['asciidoc', 'asciidoc'],
	['org', 'org'],
	['typst', 'typst'],
]);

/** The link syntax used for a language id; Markdown for every language not listed above. */
export function linkSyntaxFor(languageId: string): LinkSyntax {
	return syntaxByLanguage.get(languageId) ?? 'markdown';
}

/**
 * One piece of a link: literal text, or the alt text (which becomes the snippet's first
 * placeholder). Values are already escaped for the target syntax.
 */
type Part = { readonly text: string } | { readonly alt: string };

/** Plain text of the link, e.g. `![a cat](images/a-cat.png)`. */
export function formatImageLink(req: LinkRequest): string {
	return linkParts(req).map(part => 'text' in part ? part.text : part.alt).join('');
}

/**
 * The same link as a VS Code snippet body: the alt text is the placeholder `${1:alt}` so it is
 * selected after insertion (every occurrence, in a template that uses `${alt}` twice), all
 * other text snippet-escaped. A syntax without alt text (LaTeX, Org) has no placeholder.
 */
export function formatImageLinkSnippet(req: LinkRequest): string {
	return linkParts(req).map(part => 'text' in part ? escapeSnippetText(part.text) : `\${1:${escapeSnippetText(part.alt)}}`).join('');
}

/** Escapes the characters that mean something in a snippet body: `$`, `}` and `\`. */
export function escapeSnippetText(value: string): string {
	return value.replace(/[$}\\]/g, '\\$&');
}

function linkParts(req: LinkRequest): Part[] {
	if (req.template !== undefined && req.template !== '') {
		return templateParts(req.template, req);
	}
	const alt = singleLine(req.alt);
	const width = validSize(req.width);
	const height = validSize(req.height);
	const syntax = linkSyntaxFor(req.languageId);
	switch (syntax) {
		case 'markdown':
			return [{ text: '![' }, { alt: escapeMarkdownAlt(alt) }, { text: `](${markdownLinkDestination(encodeUrlSpecials(req.path))})` }];
		case 'html':
			return [
				{ text: `<img src="${escapeHtmlAttribute(encodeUrlPath(req.path))}" alt="` },
				{ alt: escapeHtmlAttribute(alt) },
				{ text: `"${width !== undefined ? ` width="${width}"` : ''}${height !== undefined ? ` height="${height}"` : ''}>` },
			];
		case 'jsx': {
			// A JSX string attribute has no escapes of its own; one with `"` (or `{`, `}`, `&`,
			// which some JSX tools treat specially) becomes a JavaScript string expression.
			const src = encodeUrlPath(req.path);
			const jsxSrc = /["{}&]/.test(src) ? `{${JSON.stringify(src)}}` : `"${src}"`;
			const altNeedsExpression = /["{}&<>]/.test(alt);
			return [
				{ text: `<img src=${jsxSrc} alt=${altNeedsExpression ? '{"' : '"'}` },
				{ alt: altNeedsExpression ? JSON.stringify(alt).slice(1, -1) : alt },
				{ text: `${altNeedsExpression ? '"}' : '"'}${width !== undefined ? ` width={${width}}` : ''}${height !== undefined ? ` height={${height}}` : ''} />` },
			];
		}
		case 'latex':
			return [{ text: `\\includegraphics{${req.path}}` }];
		case 'restructuredtext':
			return [
				{ text: `.. image:: ${req.path.replace(/([\\\s])/g, '\\$1')}` },
				...(alt ? [{ text: '\n   :alt: ' }, { alt }] : []),
				...(width !== undefined ? [{ text: `\n   :width: ${width}px` }] : []),
				...(height !== undefined ? [{ text: `\n   :height: ${height}px` }] : []),
			];
		case 'asciidoc': {
			const sizes = width !== undefined || height !== undefined ? `,${width ?? ''},${height ?? ''}` : '';
			return [{ text: `image::${req.path}[` }, ...asciidocAlt(alt), { text: `${sizes}]` }];
		}
		case 'org':
			return [{ text: `[[file:${req.path.replace(/[\\[\]]/g, '\\$&')}]]` }];
		case 'typst':
			return [{ text: `#image(${typstString(req.path)}, alt: "` }, { alt: typstString(alt).slice(1, -1) }, { text: '")' }];
		default: {
			const unknown: never = syntax;
			throw new Error(`Unknown link syntax: ${String(unknown)}`);
		}
	}
}

/**
 * `imagegen.linkTemplate`: `${path}` is the relative path as it is, `${alt}` the prompt on one
 * line, `${width}` and `${height}` the size in pixels or empty when unknown; anything else,
 * `${unknown}` included, is kept literally. The template is for any syntax, so nothing is
 * escaped for one.
 */
function templateParts(template: string, req: LinkRequest): Part[] {
	const parts: Part[] = [];
	let last = 0;
	for (const match of template.matchAll(/\$\{(path|alt|width|height)\}/g)) {
		if (match.index > last) {
			parts.push({ text: template.slice(last, match.index) });
		}
		switch (match[1]) {
			case 'path': parts.push({ text: req.path }); break;
			case 'alt': parts.push({ alt: singleLine(req.alt) }); break;
			case 'width': parts.push({ text: validSize(req.width)?.toString() ?? '' }); break;
			case 'height': parts.push({ text: validSize(req.height)?.toString() ?? '' }); break;
		}
		last = match.index + match[0].length;
	}
	if (last < template.length) {
		parts.push({ text: template.slice(last) });
	}
	return parts;
}

function validSize(value: number | undefined): number | undefined {
	return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Line breaks (and the blanks around them) become one space; the ends are trimmed. */
function singleLine(value: string): string {
	return value.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

/** Escapes alt for Markdown: `\`, `[` and `]` escaped, line breaks → one space. */
export function escapeMarkdownAlt(alt: string): string {
	return singleLine(alt).replace(/[\\[\]]/g, '\\$&');
}

/**
 * A Markdown link destination (CommonMark): wrapped in `<…>` when it holds whitespace, control
 * characters, parentheses, `<` or `>` (with `<` and `>` escaped inside), otherwise as is.
 * Parentheses are wrapped even when balanced, which CommonMark would allow bare, because not
 * every renderer follows that rule. `\` is escaped in both forms, since a backslash before
 * punctuation would otherwise escape it. Nothing is percent-encoded here: that is the
 * caller's choice (the Markdown syntax above encodes `%`, `#` and `?`).
 */
export function markdownLinkDestination(path: string): string {
	const escaped = path.replace(/\\/g, '\\\\');
	// eslint-disable-next-line no-control-regex
	if (/[\s\u0000-\u001f\u007f()<>]/.test(path)) {
		return '<' + escaped.replace(/[<>]/g, '\\$&') + '>';
	}
	return escaped;
}

/**
 * A new path for an existing link's destination, written the way that destination was: an HTML
 * attribute, a Markdown `<…>` destination (brackets kept by the caller), or a plain one.
 */
export function repointedDestination(form: 'plain' | 'angle' | 'html', path: string): string {
	switch (form) {
		case 'html':
			return escapeHtmlAttribute(path);
		case 'angle':
			return path.replace(/[<>]/g, (c) => `\\${c}`);
		default:
			return markdownLinkDestination(path);
	}
}

/** `%`, `#` and `?` percent-encoded: the characters that change what a relative URL points at. */
function encodeUrlSpecials(path: string): string {
	return path.replace(/[%#?]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** For `src` attributes: `%`, `#`, `?`, whitespace and control characters percent-encoded. */
function encodeUrlPath(path: string): string {
	// eslint-disable-next-line no-control-regex
	return encodeUrlSpecials(path).replace(/[\s\u0000-\u001f\u007f]/g, c => encodeURIComponent(c));
}

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeHtmlAttribute(value: string): string {
	return value.replace(/[&"<>]/g, c => {
		switch (c) {
			case '&': return '&amp;';
			case '"': return '&quot;';
			case '<': return '&lt;';
			default: return '&gt;';
		}
	});
}

/**
 * AsciiDoc alt as the first positional attribute: quoted when it holds `,` or `"`
 * (with `"` escaped), `]` escaped either way.
 */
function asciidocAlt(alt: string): Part[] {
	if (!alt) {
		return [];
	}
	const escaped = alt.replace(/\]/g, '\\]');
	if (/[,"]/.test(alt) || alt.startsWith(' ')) {
		return [{ text: '"' }, { alt: escaped.replace(/"/g, '\\"') }, { text: '"' }];
	}
	return [{ alt: escaped }];
}

function typstString(value: string): string {
	return '"' + value.replace(/[\\"]/g, '\\$&') + '"';
}
