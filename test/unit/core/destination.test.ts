import * as assert from 'node:assert/strict';
import {
	defaultDestination,
	fillDestination,
	globMatches,
	isInsideAnyFolder,
	relativeLinkPath,
	resolveDestination,
	type DestinationContext,
} from '../../../src/core/destination';

// 2026-09-01T12:34:56.789Z
const now = new Date(Date.UTC(2026, 8, 1, 12, 34, 56, 789));

/** A Markdown file two folders deep in the workspace folder `/w`. */
const ctx: DestinationContext = { documentPath: '/w/docs/api/readme.md', workspaceFolderPath: '/w', fileName: 'image.png', now };

/** The same document with no workspace folder around it. */
const outside: DestinationContext = { documentPath: '/tmp/notes/todo.md', fileName: 'image.png', now };

describe('destination: which glob matches (first entry wins)', () => {
	// [glob, document, workspace folders, matches, rule]
	const table: [string, string, string[], boolean, string][] = [
		['**/*.md', '/w/docs/api/readme.md', ['/w'], true, 'a glob starting with ** is used as is'],
		['*.md', '/w/docs/api/readme.md', ['/w'], true, '**/ is put in front of a relative glob'],
		['readme.md', '/w/docs/api/readme.md', ['/w'], true, 'a bare file name matches in any folder'],
		['api/*.md', '/w/docs/api/readme.md', ['/w'], true, 'a relative glob matches at any depth'],
		['docs/**/*.md', '/w/docs/api/readme.md', ['/w'], true, 'a relative glob with ** inside'],
		['notes/**', '/w/docs/api/readme.md', ['/w'], false, 'a relative glob that does not match'],
		['*.markdown', '/w/docs/api/readme.md', ['/w'], false, 'another extension'],
		['README.md', '/w/docs/api/readme.md', ['/w'], false, 'matching is case-sensitive, as picomatch is'],
		['**/readme.?d', '/w/docs/api/readme.md', ['/w'], true, '? matches one character'],
		['**/*.{md,mdx}', '/w/docs/api/readme.md', ['/w'], true, 'braces'],
		['**/[rR]eadme.md', '/w/docs/api/readme.md', ['/w'], true, 'character classes'],
		['*.md', '/w/.github/notes.md', ['/w'], true, 'dot folders match (dot: true)'],
		['**/.*', '/w/docs/.draft', ['/w'], true, 'dot files match'],
		['/docs/**', '/w/docs/api/readme.md', ['/w'], true, 'a leading / anchors to the workspace folder'],
		['/docs/**/*.md', '/w/docs/api/readme.md', ['/w'], true, 'anchored with a file pattern'],
		['/api/**', '/w/docs/api/readme.md', ['/w'], false, 'anchored: api is not at the folder root'],
		['/**/*.md', '/w/readme.md', ['/w'], true, 'anchored ** matches no folder at all'],
		['/readme.md', '/w/readme.md', ['/w'], true, 'anchored exact file'],
		['/readme.md', '/w/docs/readme.md', ['/w'], false, 'anchored exact file, deeper document'],
		['/docs/**', '/elsewhere/docs/a.md', ['/w'], false, 'anchored: the document is in no folder'],
		['/docs/**', '/tmp/docs/a.md', [], false, 'anchored globs never match without folders'],
		['/docs/**', '/b/docs/a.md', ['/a', '/b'], true, 'multi-root: anchored to every folder'],
		['/sub/docs/*', '/a/sub/docs/x.md', ['/a', '/a/sub'], true, 'nested folders: the outer folder anchors too'],
		['/docs/*', '/w/my (draft) [1]/docs/a.md', ['/w/my (draft) [1]'], true, 'glob characters in a folder name are literal'],
		['/docs/*', '/c:/Users/me/docs/a.md', ['/c:/Users/me'], true, 'Windows paths as Uri.path gives them'],
		['**/*', '/w/Untitled-1', ['/w'], true, 'untitled document in the folder'],
		['*.md', '/w/Untitled-1', ['/w'], false, 'untitled documents have no extension'],
	];
	for (const [glob, document, folders, matches, rule] of table) {
		it(`${rule}: ${glob} ${matches ? 'matches' : 'does not match'} ${document}`, () => {
			assert.equal(globMatches(glob, document, folders), matches);
		});
	}

	it('uses the first matching entry, in the order of the setting', () => {
		const destinations = { 'notes/**': 'never/', '**/*.md': 'first/', '/docs/**': 'second/' };
		assert.equal(resolveDestination(destinations, ctx), '/w/docs/api/first/image.png');
	});

	it('gives undefined when no entry matches, and for an empty setting', () => {
		assert.equal(resolveDestination({ '*.txt': 'images/' }, ctx), undefined);
		assert.equal(resolveDestination({}, ctx), undefined);
	});

	it('skips an entry whose value is not a string (a hand-edited setting)', () => {
		const destinations = { '**/*.md': 42, '*.md': 'ok/' } as unknown as Record<string, string>;
		assert.equal(resolveDestination(destinations, ctx), '/w/docs/api/ok/image.png');
	});

	it('anchors to the document\'s folder list given in workspaceFolderPaths', () => {
		const multi: DestinationContext = { ...ctx, documentPath: '/b/docs/a.md', workspaceFolderPath: '/b', workspaceFolderPaths: ['/a', '/b'] };
		assert.equal(resolveDestination({ '/docs/**': '/assets/' }, multi), '/b/assets/image.png');
	});
});

describe('destination: where the path leads', () => {
	// [destination, context, expected path, rule]
	const table: [string, DestinationContext, string, string][] = [
		['images/', ctx, '/w/docs/api/images/image.png', 'a trailing / is a folder that gets ${fileName}'],
		['images/${fileName}', ctx, '/w/docs/api/images/image.png', 'the same, spelled out'],
		['images/picture.png', ctx, '/w/docs/api/images/picture.png', 'no trailing /: the path of the file itself'],
		['images', ctx, '/w/docs/api/images', 'no trailing /: even a folder-like name is the file'],
		['./', ctx, '/w/docs/api/image.png', 'next to the document'],
		['', ctx, '/w/docs/api/image.png', 'empty means ${fileName}, next to the document'],
		['   ', ctx, '/w/docs/api/image.png', 'blank means ${fileName} too'],
		['  images/  ', ctx, '/w/docs/api/images/image.png', 'the destination is trimmed'],
		['../shared/', ctx, '/w/docs/shared/image.png', 'relative to the document\'s folder, .. allowed'],
		['/', ctx, '/w/image.png', 'a lone / is the workspace folder'],
		['/assets/', ctx, '/w/assets/image.png', 'a leading / is the workspace folder'],
		['/assets/${documentBaseName}/', ctx, '/w/assets/readme/image.png', 'workspace folder with a variable'],
		['/assets/${documentRelativeDirName}/', ctx, '/w/assets/docs/api/image.png', 'mirroring the document\'s folders'],
		['${documentWorkspaceFolder}/static/', ctx, '/w/static/image.png', 'a variable that gives an absolute path'],
		['${documentDirName}/../img/${fileName}', ctx, '/w/docs/img/image.png', 'absolute paths are normalized'],
		['//double//slashes//', ctx, '/w/double/slashes/image.png', 'doubled slashes are normalized'],
		['/assets/', outside, '/tmp/notes/assets/image.png', 'outside every folder: / is the document\'s folder'],
		['images/', outside, '/tmp/notes/images/image.png', 'outside every folder: relative as usual'],
		['/assets/', { ...ctx, documentPath: '/w/Untitled-1' }, '/w/assets/image.png', 'untitled document in the folder'],
		['images/', { ...ctx, documentPath: '/w/Untitled-1' }, '/w/images/image.png', 'untitled, relative'],
		['/assets/', { ...ctx, documentPath: '/b/x.md', workspaceFolderPath: '/b', workspaceFolderPaths: ['/a', '/b'] }, '/b/assets/image.png', 'multi-root: the document\'s own folder'],
		['/assets/', { ...ctx, documentPath: '/c:/w/docs/a.md', workspaceFolderPath: '/c:/w' }, '/c:/w/assets/image.png', 'Windows: the drive letter\'s colon stays'],
		['${documentDirName}/../x/', { ...outside, documentPath: '/d:/notes/a.md' }, '/d:/x/image.png', 'Windows, outside every folder: the drive stays'],
		['/assets/${isoTime}/', ctx, '/w/assets/2026-09-01T12-34-56.789Z/image.png', '${isoTime}\'s colons are made legal in a folder'],
		['images/${isoTime}.png', ctx, '/w/docs/api/images/2026-09-01T12-34-56.789Z.png', '${isoTime}\'s colons are made legal in a file name'],
		['images/${unixTime}-${fileName}', ctx, '/w/docs/api/images/1788266096789-image.png', '${unixTime}'],
		['images/a|b?/', ctx, '/w/docs/api/images/a-b-/image.png', 'characters illegal on Windows in a folder name'],
		['images/con/', ctx, '/w/docs/api/images/con-folder/image.png', 'a Windows device name as a folder'],
		['images/con.png', ctx, '/w/docs/api/images/con-image.png', 'a Windows device name as a file'],
		['/assets/', { ...ctx, documentPath: '/w/we:ird/a.md' }, '/w/assets/image.png', 'an existing odd folder above is not touched'],
		['images/', { ...ctx, documentPath: '/w/we:ird/a.md' }, '/w/we:ird/images/image.png', 'an existing odd document folder is not touched'],
	];
	for (const [dest, context, expected, rule] of table) {
		it(`${rule}: ${JSON.stringify(dest)} → ${expected}`, () => {
			assert.equal(resolveDestination({ '**/*': dest }, context), expected);
		});
	}

	it('defaults to images/ next to the document', () => {
		assert.equal(defaultDestination(ctx), '/w/docs/api/images/image.png');
		assert.equal(defaultDestination(outside), '/tmp/notes/images/image.png');
		assert.equal(defaultDestination({ ...ctx, documentPath: '/w/Untitled-1' }), '/w/images/image.png');
	});
});

describe('destination: variables', () => {
	// [variable, value in the workspace, value outside every folder]
	const table: [string, string, string][] = [
		['documentDirName', '/w/docs/api', '/tmp/notes'],
		['documentRelativeDirName', 'docs/api', '/tmp/notes'],
		['documentFileName', 'readme.md', 'todo.md'],
		['documentBaseName', 'readme', 'todo'],
		['documentExtName', 'md', 'md'],
		['documentFilePath', '/w/docs/api/readme.md', '/tmp/notes/todo.md'],
		['documentRelativeFilePath', 'docs/api/readme.md', '/tmp/notes/todo.md'],
		['documentWorkspaceFolder', '/w', '/tmp/notes'],
		['fileName', 'image.png', 'image.png'],
		['fileExtName', 'png', 'png'],
		['unixTime', '1788266096789', '1788266096789'],
		['isoTime', '2026-09-01T12:34:56.789Z', '2026-09-01T12:34:56.789Z'],
	];
	for (const [name, inWorkspace, inNoFolder] of table) {
		it(`\${${name}} is ${JSON.stringify(inWorkspace)} in a workspace and ${JSON.stringify(inNoFolder)} outside`, () => {
			assert.equal(fillDestination(`\${${name}}`, ctx), inWorkspace);
			assert.equal(fillDestination(`\${${name}}`, outside), inNoFolder);
		});
	}

	// [document, variable, value]
	const shapes: [string, string, string][] = [
		['/w/readme.md', 'documentRelativeDirName', ''],
		['/w/readme.md', 'documentRelativeFilePath', 'readme.md'],
		['/w/a.b.md', 'documentBaseName', 'a.b'],
		['/w/a.b.md', 'documentExtName', 'md'],
		['/w/README', 'documentBaseName', 'README'],
		['/w/README', 'documentExtName', ''],
		['/w/.notes', 'documentBaseName', '.notes'],
		['/w/.notes', 'documentExtName', ''],
		['/w/Untitled-1', 'documentFileName', 'Untitled-1'],
		['/w/Untitled-1', 'documentExtName', ''],
		['/w/my docs/a (1).md', 'documentRelativeFilePath', 'my docs/a (1).md'],
	];
	for (const [documentPath, name, value] of shapes) {
		it(`\${${name}} of ${documentPath} is ${JSON.stringify(value)}`, () => {
			assert.equal(fillDestination(`\${${name}}`, { ...ctx, documentPath }), value);
		});
	}

	it('fileExtName is empty for a name without extension, and the last extension otherwise', () => {
		assert.equal(fillDestination('${fileExtName}', { ...ctx, fileName: 'image' }), '');
		assert.equal(fillDestination('${fileExtName}', { ...ctx, fileName: 'a.tar.gz' }), 'gz');
	});

	it('adds the implicit parts before filling in: a leading / and a trailing /', () => {
		assert.equal(fillDestination('/assets/', ctx), '/w/assets/image.png');
		assert.equal(fillDestination('x/', outside), 'x/image.png');
	});
});

describe('destination: ${name/regex/replacement/} transforms and escapes', () => {
	// [destination, filled in, rule]
	const table: [string, string, string][] = [
		['${documentBaseName/(.).*/$1/}', 'r', 'capture groups in the replacement'],
		['${documentRelativeDirName/^docs\\/(.*)$/$1/}', 'api', '\\/ is a / in the pattern'],
		['${documentRelativeDirName/\\//-/}', 'docs-api', '\\/ as the whole pattern'],
		['${documentRelativeDirName/docs/a\\/b/}', 'a/b/api', '\\/ is a / in the replacement'],
		['${documentFilePath/\\//_/}', '_w/docs/api/readme.md', 'no flags: only the first match is replaced'],
		['${fileName/\\.png$/.jpg/}', 'image.jpg', 'regex escapes'],
		['${isoTime/(\\d+)-(\\d+).*/$1$2/}', '202609', 'two groups'],
		['${fileName/IMAGE/x/}', 'image.png', 'case-sensitive: no match leaves the value'],
		['${fileName/\\.png$//}', 'image.png', 'an empty replacement leaves the value (as VS Code does)'],
		['${fileName/(/x/}', 'image.png', 'an invalid regex leaves the value'],
		['${fileName/a{2}/b/}', '${fileName/a{2}/b/}', 'a pattern cannot hold }: the text stays as written'],
		['${nope}', '${nope}', 'an unknown variable stays as written'],
		['${nope/a/b/}', '${nope/a/b/}', 'an unknown variable with a transform stays as written'],
		['\\${fileName}', '${fileName}', '\\$ is a literal $'],
		['a\\$b', 'a$b', '\\$ anywhere'],
		['$fileName', '$fileName', 'a $ without braces is text'],
		['${fileName}-${fileName}', 'image.png-image.png', 'every occurrence is replaced'],
		['${documentBaseName}/${fileName/(.*)\\.png/$1-big.png/}', 'readme/image-big.png', 'plain and transformed together'],
	];
	for (const [dest, expected, rule] of table) {
		it(`${rule}: ${dest} → ${expected}`, () => {
			assert.equal(fillDestination(dest, ctx), expected);
		});
	}
});

describe('destination: inside the workspace folders', () => {
	// [path, folders, inside]
	const table: [string, string[], boolean][] = [
		['/w/a.png', ['/w'], true],
		['/w/deep/er/a.png', ['/w'], true],
		['/w', ['/w'], true],
		['/w/a.png', ['/w/'], true],
		['/w2/a.png', ['/w'], false],
		['/w/../x/a.png', ['/w'], false],
		['/w/sub/../a.png', ['/w'], true],
		['/x/a.png', ['/w', '/x'], true],
		['/x/a.png', [], false],
		['w/a.png', ['/w'], false],
		['/w/a.png', ['w'], false],
		['/anything/a.png', ['/'], true],
		['/c:/w/a.png', ['/C:/w'], true],
		['/c:/w2/a.png', ['/c:/w'], false],
	];
	for (const [path, folders, inside] of table) {
		it(`${path} is ${inside ? '' : 'not '}inside ${JSON.stringify(folders)}`, () => {
			assert.equal(isInsideAnyFolder(path, folders), inside);
		});
	}
});

describe('destination: relative link path', () => {
	// [document, image, link path]
	const table: [string, string, string][] = [
		['/w/docs/a.md', '/w/docs/images/x.png', 'images/x.png'],
		['/w/docs/a.md', '/w/docs/x.png', 'x.png'],
		['/w/docs/a.md', '/w/assets/x.png', '../assets/x.png'],
		['/w/docs/api/a.md', '/w/x.png', '../../x.png'],
		['/w/a.md', '/w/my pics/x (1).png', 'my pics/x (1).png'],
		['/w/a.md', '/w/图片/猫.png', '图片/猫.png'],
		['/w/Untitled-1', '/w/images/x.png', 'images/x.png'],
		['/c:/w/a.md', '/C:/w/images/x.png', 'images/x.png'],
		['/c:/w/a.md', '/d:/images/x.png', '/d:/images/x.png'],
	];
	for (const [document, image, link] of table) {
		it(`${document} → ${image} is ${link}`, () => {
			assert.equal(relativeLinkPath(document, image), link);
		});
	}
});
