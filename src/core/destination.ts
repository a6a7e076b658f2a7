/*---------------------------------------------------------------------------------------------
 *  Where a generated image goes: the semantics of VS Code's `markdown.copyFiles.destination`
 *  (markdown-language-features, languageFeatures/copyFiles/copyFiles.ts: parseGlob,
 *  getDesiredNewFilePath, resolveCopyDestination), on POSIX paths so that it runs without
 *  VS Code. Callers pass `uri.path` values and turn the result back into a Uri with
 *  `uri.with({ path })`. Pure: never imports 'vscode'.
 *--------------------------------------------------------------------------------------------*/

import * as path from 'node:path';
import { isMatch } from 'picomatch';
import { isWindowsReservedName, sanitizeFileName } from './fileName';

const posix = path.posix;

export interface DestinationContext {
	/** POSIX absolute path of the document (untitled: workspace folder + '/' + untitled name). */
	readonly documentPath: string;
	/** POSIX absolute path of the document's workspace folder; undefined outside every folder. */
	readonly workspaceFolderPath?: string;
	/**
	 * Every workspace folder's path. A glob starting with `/` is tried against each of them, as
	 * VS Code does; defaults to `[workspaceFolderPath]` (or none).
	 */
	readonly workspaceFolderPaths?: readonly string[];
	/** The image's file name including its extension, already sanitized. */
	readonly fileName: string;
	/** The time that `${unixTime}` and `${isoTime}` stand for. */
	readonly now: Date;
}

/**
 * The `markdown.copyFiles.destination` semantics:
 *
 * - entries are tried in order (`Object.entries`) and the first whose glob matches the
 *   document's path wins; an entry whose value is not a string (a hand-edited setting) is
 *   skipped;
 * - a glob starting with `/` is anchored to a workspace folder, one starting with `**` is used
 *   as is, any other gets `**` and a `/` in front; globs are picomatch globs with `dot: true`;
 * - the destination is trimmed, empty means `${fileName}`; a leading `/` means the workspace
 *   folder (the document's folder outside every workspace folder), a trailing `/` appends
 *   `${fileName}`, anything else is relative to the document's folder;
 * - `${name}` and `${name/regex/replacement/}` are filled in (see {@link fillDestination}).
 *
 * Then each path segment that the pattern produced (below the workspace folder or the
 * document's folder, whichever is longer) is made legal on Windows, macOS and Linux, since
 * `${isoTime}` holds `:`; a drive letter (`/c:/…`) and the existing folders are kept as they are.
 *
 * Returns the POSIX absolute path of the image file, or `undefined` when no entry matches.
 */
export function resolveDestination(destinations: Readonly<Record<string, string>>, ctx: DestinationContext): string | undefined {
	const documentPath = toAbsolute(ctx.documentPath);
	const folders = ctx.workspaceFolderPaths ?? (ctx.workspaceFolderPath !== undefined ? [ctx.workspaceFolderPath] : []);
	for (const [rawGlob, rawDest] of Object.entries(destinations) as [string, unknown][]) {
		if (typeof rawDest !== 'string') {
			continue;
		}
		if (globMatches(rawGlob, documentPath, folders)) {
			return sanitizeNewSegments(resolveCopyDestination(rawDest, ctx), ctx);
		}
	}
	return undefined;
}

/** Default when nothing matches: `images/${fileName}` next to the document. */
export function defaultDestination(ctx: DestinationContext): string {
	return posix.join(posix.dirname(toAbsolute(ctx.documentPath)), 'images', ctx.fileName);
}

/**
 * Whether the document's path matches a `markdown.copyFiles.destination` glob, with VS Code's
 * rules (see {@link resolveDestination}).
 */
export function globMatches(rawGlob: string, documentPath: string, workspaceFolderPaths: readonly string[]): boolean {
	if (rawGlob.startsWith('/')) {
		// VS Code joins the glob to each folder (`Uri.joinPath(folder.uri, rawGlob).path`) and
		// matches the whole path. Matching the part below the folder instead is the same for
		// every glob, and keeps glob characters in a folder's name (`/work/my (draft)`) literal.
		return workspaceFolderPaths.some(folder => {
			const joined = posix.join(folder, rawGlob);
			const prefix = withTrailingSlash(posix.normalize(folder));
			if (joined.startsWith(prefix) && joined.length > prefix.length) {
				return documentPath.startsWith(prefix) && safeIsMatch(documentPath.slice(prefix.length), joined.slice(prefix.length));
			}
			return safeIsMatch(documentPath, joined); // a glob with `..` climbing out of the folder
		});
	}
	// Relative path, so implicitly track on ** to match everything
	return safeIsMatch(documentPath, rawGlob.startsWith('**') ? rawGlob : '**/' + rawGlob);
}

function safeIsMatch(value: string, glob: string): boolean {
	try {
		return isMatch(value, glob, { dot: true });
	} catch {
		return false; // picomatch throws on an empty pattern
	}
}

/**
 * `resolveCopyDestination`: the destination with its variables filled in, resolved against
 * the document: an absolute result is only normalized, a relative one is resolved from the
 * document's folder.
 */
export function resolveCopyDestination(dest: string, ctx: DestinationContext): string {
	const resolvedDest = fillDestination(dest, ctx);
	if (resolvedDest.startsWith('/')) {
		return posix.resolve(resolvedDest);
	}
	return posix.resolve(posix.dirname(toAbsolute(ctx.documentPath)), resolvedDest);
}

/**
 * `resolveCopyDestinationSetting`: the destination string with the implicit parts added and
 * every variable filled in, exactly as VS Code does it:
 *
 * - `\$` is a literal `$`; an unknown `${name}` stays as written;
 * - `${name/regex/replacement/}` replaces the first match of `regex` (no flags) with
 *   `replacement` (JavaScript's `$1`, `$&`, …); `\/` stands for `/` in both; neither may hold
 *   `}`; an invalid regex leaves the value untouched, and so does an empty replacement (a
 *   quirk of VS Code's `if (pattern && replacement)`, kept so that both extensions agree).
 */
export function fillDestination(dest: string, ctx: DestinationContext): string {
	let outDest = dest.trim();
	if (!outDest) {
		outDest = '${fileName}';
	}

	// Destination that start with `/` implicitly means go to workspace root
	if (outDest.startsWith('/')) {
		outDest = '${documentWorkspaceFolder}/' + outDest.slice(1);
	}

	// Destination that ends with `/` implicitly needs a fileName
	if (outDest.endsWith('/')) {
		outDest += '${fileName}';
	}

	const vars = destinationVariables(ctx);
	return outDest.replaceAll(transformPattern, (match: string, escape: string | undefined, name: string | undefined, pattern: string | undefined, replacement: string | undefined) => {
		if (escape) {
			return '$';
		}
		const entry = name === undefined ? undefined : vars.get(name);
		if (typeof entry !== 'string') {
			return match;
		}
		if (pattern && replacement) {
			try {
				return entry.replace(new RegExp(unescapeSlashes(pattern)), unescapeSlashes(replacement));
			} catch {
				// An invalid regex: VS Code logs it and uses the plain value.
			}
		}
		return entry;
	});
}

/** VS Code's pattern, group for group: `\$`, or `${name}` / `${name/pattern/replacement/}`. */
const transformPattern = /(\\\$)|(?<!\\)\$\{(\w+)(?:\/((?:\\\/|[^}/])+)\/((?:\\\/|[^}/])*)\/)?\}/g;

function unescapeSlashes(value: string): string {
	return value.replaceAll('\\/', '/');
}

/** The variables a destination can use, with the values VS Code gives them. */
export function destinationVariables(ctx: DestinationContext): ReadonlyMap<string, string> {
	const documentPath = toAbsolute(ctx.documentPath);
	const documentDirName = posix.dirname(documentPath);
	const documentBaseName = posix.basename(documentPath);
	const documentExtName = posix.extname(documentPath);
	const workspaceFolder = ctx.workspaceFolderPath;
	return new Map<string, string>([
		// Document
		['documentDirName', documentDirName],
		['documentRelativeDirName', workspaceFolder !== undefined ? posix.relative(workspaceFolder, documentDirName) : documentDirName],
		['documentFileName', documentBaseName],
		['documentBaseName', documentBaseName.slice(0, documentBaseName.length - documentExtName.length)],
		['documentExtName', documentExtName.replace('.', '')],
		['documentFilePath', documentPath],
		['documentRelativeFilePath', workspaceFolder !== undefined ? posix.relative(workspaceFolder, documentPath) : documentPath],

		// Workspace
		['documentWorkspaceFolder', workspaceFolder ?? documentDirName],

		// File
		['fileName', ctx.fileName],
		['fileExtName', posix.extname(ctx.fileName).replace('.', '')],
		['unixTime', ctx.now.getTime().toString()],
		['isoTime', ctx.now.toISOString()],
	]);
}

/** Makes the segments below the folder that exists (workspace or document's) legal everywhere. */
function sanitizeNewSegments(resolved: string, ctx: DestinationContext): string {
	const kept = [ctx.workspaceFolderPath, posix.dirname(toAbsolute(ctx.documentPath))]
		.filter((folder): folder is string => folder !== undefined)
		.map(folder => posix.normalize(folder))
		.filter(folder => isInsideFolder(resolved, folder) && resolved !== folder)
		.sort((a, b) => b.length - a.length)[0];

	let prefix = kept !== undefined ? withTrailingSlash(kept) : '/';
	if (kept === undefined) {
		const drive = /^\/[a-zA-Z]:\//.exec(resolved);
		if (drive) {
			prefix = drive[0];
		}
	}
	const segments = resolved.slice(prefix.length).split('/');
	const fileName = segments.pop() ?? '';
	return prefix + [...segments.map(sanitizeFolderName), sanitizeFileName(fileName)].join('/');
}

function sanitizeFolderName(name: string): string {
	// eslint-disable-next-line no-control-regex
	const out = name.replace(/[<>:"\\|?*\u0000-\u001f\u007f]+/g, '-').trim().replace(/[. ]+$/, '');
	if (!out) {
		return '-';
	}
	return isWindowsReservedName(out.split('.')[0]) ? `${out}-folder` : out;
}

/** True when `path` is inside (or equal to) one of the folder paths (POSIX, normalized, so `..` cannot escape). */
export function isInsideAnyFolder(path: string, folderPaths: readonly string[]): boolean {
	if (!path.startsWith('/')) {
		return false;
	}
	const normalized = posix.normalize(path);
	return folderPaths.some(folder => folder.startsWith('/') && isInsideFolder(normalized, posix.normalize(folder)));
}

function isInsideFolder(normalizedPath: string, normalizedFolder: string): boolean {
	const a = foldDriveLetter(normalizedPath);
	const folder = foldDriveLetter(normalizedFolder).replace(/\/+$/, '');
	return a === folder || a.startsWith(folder + '/');
}

/**
 * Relative POSIX path from the document's folder to the image (`images/a.png`,
 * `../assets/a.png`), as VS Code's Markdown paste computes it; Windows drive letters
 * (`/c:/…` vs `/C:/…`) compare without case. Paths on different drives give the absolute path.
 */
export function relativeLinkPath(fromDocumentPath: string, toFilePath: string): string {
	const from = foldDriveLetter(posix.normalize(toAbsolute(fromDocumentPath)));
	const to = foldDriveLetter(posix.normalize(toAbsolute(toFilePath)));
	const fromDrive = /^\/[a-z]:(?=\/|$)/.exec(from)?.[0];
	const toDrive = /^\/[a-z]:(?=\/|$)/.exec(to)?.[0];
	if (fromDrive !== toDrive) {
		return toFilePath;
	}
	return posix.relative(posix.dirname(from), to);
}

function foldDriveLetter(p: string): string {
	return p.replace(/^\/([A-Z]):(?=\/|$)/, (_, letter: string) => `/${letter.toLowerCase()}:`);
}

function withTrailingSlash(p: string): string {
	return p.endsWith('/') ? p : p + '/';
}

function toAbsolute(p: string): string {
	return p.startsWith('/') ? p : '/' + p;
}
