import * as assert from 'node:assert/strict';
import {
	escapeMarkdownAlt,
	escapeSnippetText,
	formatImageLink,
	formatImageLinkSnippet,
	linkSyntaxFor,
	markdownLinkDestination,
	type LinkRequest,
	type LinkSyntax,
} from '../../../src/core/linkSyntax';

describe('link syntax by language', () => {
	// [language id, syntax]
	const table: [string, LinkSyntax][] = [
		['markdown', 'markdown'],
		['prompt', 'markdown'],
		['instructions', 'markdown'],
		['chatmode', 'markdown'],
		['quarto', 'markdown'],
		['rmd', 'markdown'],
		['mdx', 'jsx'],
		['javascriptreact', 'jsx'],
		['typescriptreact', 'jsx'],
		['html', 'html'],
		['vue', 'html'],
		['svelte', 'html'],
		['astro', 'html'],
		['php', 'html'],
		['latex', 'latex'],
		['tex', 'latex'],
		['doctex', 'latex'],
		['restructuredtext', 'restructuredtext'],
		['asciidoc', 'asciidoc'],
		['org', 'org'],
		['typst', 'typst'],
		['plaintext', 'markdown'],
		['python', 'markdown'],
		['some-unknown-language', 'markdown'],
	];
	for (const [languageId, syntax] of table) {
		it(`${languageId} → ${syntax}`, () => {
			assert.equal(linkSyntaxFor(languageId), syntax);
		});
	}
});

describe('image links', () => {
	const base = { path: 'images/a-cat.png', alt: 'a cat' };

	// [request, plain text, snippet, rule]
	const table: [LinkRequest, string, string, string][] = [
		// Markdown
		[{ ...base, languageId: 'markdown' }, '![a cat](images/a-cat.png)', '![${1:a cat}](images/a-cat.png)', 'Markdown'],
		[{ ...base, languageId: 'markdown', width: 1024, height: 1024 }, '![a cat](images/a-cat.png)', '![${1:a cat}](images/a-cat.png)', 'Markdown has no size'],
		[{ ...base, languageId: 'markdown', path: 'my images/a cat.png' }, '![a cat](<my images/a cat.png>)', '![${1:a cat}](<my images/a cat.png>)', 'Markdown: spaces wrap in <>'],
		[{ ...base, languageId: 'markdown', path: 'images/a (1).png' }, '![a cat](<images/a (1).png>)', '![${1:a cat}](<images/a (1).png>)', 'Markdown: parentheses wrap in <>'],
		[{ ...base, languageId: 'markdown', path: 'C#/notes%/what?.png' }, '![a cat](C%23/notes%25/what%3F.png)', '![${1:a cat}](C%23/notes%25/what%3F.png)', 'Markdown: # % ? are percent-encoded'],
		[{ ...base, languageId: 'markdown', path: '图片/猫.png', alt: '一只猫' }, '![一只猫](图片/猫.png)', '![${1:一只猫}](图片/猫.png)', 'Markdown: Unicode stays readable'],
		[{ ...base, languageId: 'markdown', alt: 'a [big]\ncat\\dog' }, '![a \\[big\\] cat\\\\dog](images/a-cat.png)', '![${1:a \\\\[big\\\\] cat\\\\\\\\dog}](images/a-cat.png)', 'Markdown: alt escaped, then snippet-escaped'],
		[{ ...base, languageId: 'markdown', alt: 'costs $5 {a}' }, '![costs $5 {a}](images/a-cat.png)', '![${1:costs \\$5 {a\\}}](images/a-cat.png)', 'snippet escapes $ and }'],
		[{ ...base, languageId: 'markdown', alt: '' }, '![](images/a-cat.png)', '![${1:}](images/a-cat.png)', 'empty alt'],
		[{ ...base, languageId: 'plaintext' }, '![a cat](images/a-cat.png)', '![${1:a cat}](images/a-cat.png)', 'unknown languages get Markdown'],
		[{ ...base, languageId: 'markdown', path: '../assets/a.png' }, '![a cat](../assets/a.png)', '![${1:a cat}](../assets/a.png)', 'Markdown: parent folders'],

		// JSX, TSX, MDX
		[{ ...base, languageId: 'typescriptreact' }, '<img src="images/a-cat.png" alt="a cat" />', '<img src="images/a-cat.png" alt="${1:a cat}" />', 'TSX'],
		[{ ...base, languageId: 'javascriptreact', width: 1024, height: 768 }, '<img src="images/a-cat.png" alt="a cat" width={1024} height={768} />', '<img src="images/a-cat.png" alt="${1:a cat}" width={1024\\} height={768\\} />', 'JSX with size'],
		[{ ...base, languageId: 'mdx', width: 512 }, '<img src="images/a-cat.png" alt="a cat" width={512} />', '<img src="images/a-cat.png" alt="${1:a cat}" width={512\\} />', 'MDX, width only'],
		[{ ...base, languageId: 'typescriptreact', alt: 'say "hi" {x}' }, '<img src="images/a-cat.png" alt={"say \\"hi\\" {x}"} />', '<img src="images/a-cat.png" alt={"${1:say \\\\"hi\\\\" {x\\}}"\\} />', 'JSX: alt with quotes becomes a string expression'],
		[{ ...base, languageId: 'typescriptreact', path: 'my pics/a#1.png' }, '<img src="my%20pics/a%231.png" alt="a cat" />', '<img src="my%20pics/a%231.png" alt="${1:a cat}" />', 'JSX: src is URL-encoded where needed'],

		// HTML and templates
		[{ ...base, languageId: 'html' }, '<img src="images/a-cat.png" alt="a cat">', '<img src="images/a-cat.png" alt="${1:a cat}">', 'HTML'],
		[{ ...base, languageId: 'vue', width: 1024, height: 1024 }, '<img src="images/a-cat.png" alt="a cat" width="1024" height="1024">', '<img src="images/a-cat.png" alt="${1:a cat}" width="1024" height="1024">', 'Vue with size'],
		[{ ...base, languageId: 'html', alt: 'Tom & "Jerry" <3' }, '<img src="images/a-cat.png" alt="Tom &amp; &quot;Jerry&quot; &lt;3">', '<img src="images/a-cat.png" alt="${1:Tom &amp; &quot;Jerry&quot; &lt;3}">', 'HTML: attribute escaping'],
		[{ ...base, languageId: 'html', path: 'a b/R&D #1.png' }, '<img src="a%20b/R&amp;D%20%231.png" alt="a cat">', '<img src="a%20b/R&amp;D%20%231.png" alt="${1:a cat}">', 'HTML: src encoded and escaped'],
		[{ ...base, languageId: 'svelte', width: 0, height: -1 }, '<img src="images/a-cat.png" alt="a cat">', '<img src="images/a-cat.png" alt="${1:a cat}">', 'sizes that are not positive integers are left out'],

		// LaTeX
		[{ ...base, languageId: 'latex', width: 1024 }, '\\includegraphics{images/a-cat.png}', '\\\\includegraphics{images/a-cat.png\\}', 'LaTeX: no alt, no size'],
		[{ ...base, languageId: 'tex', path: 'my images/a_cat.png' }, '\\includegraphics{my images/a_cat.png}', '\\\\includegraphics{my images/a_cat.png\\}', 'LaTeX: spaces and underscores as they are'],

		// reStructuredText
		[{ ...base, languageId: 'restructuredtext' }, '.. image:: images/a-cat.png\n   :alt: a cat', '.. image:: images/a-cat.png\n   :alt: ${1:a cat}', 'reST'],
		[{ ...base, languageId: 'restructuredtext', width: 1024, height: 768 }, '.. image:: images/a-cat.png\n   :alt: a cat\n   :width: 1024px\n   :height: 768px', '.. image:: images/a-cat.png\n   :alt: ${1:a cat}\n   :width: 1024px\n   :height: 768px', 'reST with size'],
		[{ ...base, languageId: 'restructuredtext', path: 'my images/a.png' }, '.. image:: my\\ images/a.png\n   :alt: a cat', '.. image:: my\\\\ images/a.png\n   :alt: ${1:a cat}', 'reST: spaces escaped'],
		[{ ...base, languageId: 'restructuredtext', alt: 'two\nlines' }, '.. image:: images/a-cat.png\n   :alt: two lines', '.. image:: images/a-cat.png\n   :alt: ${1:two lines}', 'reST: alt on one line'],
		[{ ...base, languageId: 'restructuredtext', alt: '' }, '.. image:: images/a-cat.png', '.. image:: images/a-cat.png', 'reST: no alt option without alt'],

		// AsciiDoc
		[{ ...base, languageId: 'asciidoc' }, 'image::images/a-cat.png[a cat]', 'image::images/a-cat.png[${1:a cat}]', 'AsciiDoc'],
		[{ ...base, languageId: 'asciidoc', width: 1024, height: 768 }, 'image::images/a-cat.png[a cat,1024,768]', 'image::images/a-cat.png[${1:a cat},1024,768]', 'AsciiDoc with size'],
		[{ ...base, languageId: 'asciidoc', height: 768 }, 'image::images/a-cat.png[a cat,,768]', 'image::images/a-cat.png[${1:a cat},,768]', 'AsciiDoc with height only'],
		[{ ...base, languageId: 'asciidoc', alt: 'a cat, a "dog"' }, 'image::images/a-cat.png["a cat, a \\"dog\\""]', 'image::images/a-cat.png["${1:a cat, a \\\\"dog\\\\"}"]', 'AsciiDoc: commas and quotes quote the alt'],
		[{ ...base, languageId: 'asciidoc', alt: 'x[1]' }, 'image::images/a-cat.png[x[1\\]]', 'image::images/a-cat.png[${1:x[1\\\\]}]', 'AsciiDoc: ] escaped'],
		[{ ...base, languageId: 'asciidoc', alt: '', width: 10 }, 'image::images/a-cat.png[,10,]', 'image::images/a-cat.png[,10,]', 'AsciiDoc: empty alt'],

		// Org
		[{ ...base, languageId: 'org', width: 10 }, '[[file:images/a-cat.png]]', '[[file:images/a-cat.png]]', 'Org'],
		[{ ...base, languageId: 'org', path: 'a [1]/b.png' }, '[[file:a \\[1\\]/b.png]]', '[[file:a \\\\[1\\\\]/b.png]]', 'Org: brackets escaped'],

		// Typst
		[{ ...base, languageId: 'typst' }, '#image("images/a-cat.png", alt: "a cat")', '#image("images/a-cat.png", alt: "${1:a cat}")', 'Typst'],
		[{ ...base, languageId: 'typst', alt: 'say "hi"' }, '#image("images/a-cat.png", alt: "say \\"hi\\"")', '#image("images/a-cat.png", alt: "${1:say \\\\"hi\\\\"}")', 'Typst: quotes escaped'],
	];
	for (const [req, text, snippet, rule] of table) {
		it(`${rule}`, () => {
			assert.equal(formatImageLink(req), text);
			assert.equal(formatImageLinkSnippet(req), snippet);
		});
	}
});

describe('link templates (imagegen.linkTemplate)', () => {
	const base = { languageId: 'markdown', path: 'images/a cat.png', alt: 'a\ncat' };

	// [template, width, height, plain text, snippet, rule]
	const table: [string, number | undefined, number | undefined, string, string, string][] = [
		['![${alt}](${path})', undefined, undefined, '![a cat](images/a cat.png)', '![${1:a cat}](images/a cat.png)', 'path and alt as they are, alt on one line'],
		['{{< figure src="${path}" alt="${alt}" width="${width}" >}}', 800, 600, '{{< figure src="images/a cat.png" alt="a cat" width="800" >}}', '{{< figure src="images/a cat.png" alt="${1:a cat}" width="800" >\\}\\}', 'a Hugo shortcode'],
		['${path} ${width}x${height}', undefined, undefined, 'images/a cat.png x', 'images/a cat.png x', 'unknown sizes are empty'],
		['${alt} / ${alt}', undefined, undefined, 'a cat / a cat', '${1:a cat} / ${1:a cat}', 'every ${alt} is the same placeholder'],
		['${unknown} $path ${path}', undefined, undefined, '${unknown} $path images/a cat.png', '\\${unknown\\} \\$path images/a cat.png', 'anything else is kept literally'],
		['\\caption{${alt}}', undefined, undefined, '\\caption{a cat}', '\\\\caption{${1:a cat}\\}', 'snippet-escaped around the placeholders'],
	];
	for (const [template, width, height, text, snippet, rule] of table) {
		it(`${rule}: ${template}`, () => {
			const req: LinkRequest = { ...base, template, width, height };
			assert.equal(formatImageLink(req), text);
			assert.equal(formatImageLinkSnippet(req), snippet);
		});
	}

	it('an empty template means the language\'s syntax', () => {
		assert.equal(formatImageLink({ ...base, template: '' }), '![a cat](<images/a cat.png>)');
	});
});

describe('Markdown escaping', () => {
	// [alt, escaped]
	const alts: [string, string][] = [
		['a cat', 'a cat'],
		['a [cat]', 'a \\[cat\\]'],
		['back\\slash', 'back\\\\slash'],
		['line\nbreak', 'line break'],
		['many \r\n\r\n  breaks', 'many breaks'],
		['  \nedges\n  ', 'edges'],
		['keeps  double spaces', 'keeps  double spaces'],
		['一只[猫]', '一只\\[猫\\]'],
	];
	for (const [alt, escaped] of alts) {
		it(`alt ${JSON.stringify(alt)} → ${JSON.stringify(escaped)}`, () => {
			assert.equal(escapeMarkdownAlt(alt), escaped);
		});
	}

	// [path, destination]
	const destinations: [string, string][] = [
		['images/a.png', 'images/a.png'],
		['images/a b.png', '<images/a b.png>'],
		['images/a\tb.png', '<images/a\tb.png>'],
		['images/a(1).png', '<images/a(1).png>'],
		['images/a).png', '<images/a).png>'],
		['images/<a>.png', '<images/\\<a\\>.png>'],
		['<start.png', '<\\<start.png>'],
		['back\\slash.png', 'back\\\\slash.png'],
		['back\\slash (1).png', '<back\\\\slash (1).png>'],
		['图片/猫.png', '图片/猫.png'],
		['a#b%c.png', 'a#b%c.png'],
	];
	for (const [path, destination] of destinations) {
		it(`destination ${JSON.stringify(path)} → ${JSON.stringify(destination)}`, () => {
			assert.equal(markdownLinkDestination(path), destination);
		});
	}

	it('escapes snippet syntax', () => {
		assert.equal(escapeSnippetText('$1 ${x} \\ }'), '\\$1 \\${x\\} \\\\ \\}');
	});
});
