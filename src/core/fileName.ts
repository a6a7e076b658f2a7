/*---------------------------------------------------------------------------------------------
 *  File names for generated images: a readable stem from the prompt, names that are legal on
 *  Windows, macOS and Linux, the free-name sequence of VS Code's Markdown extension, and the
 *  real image format from the bytes. Pure: never imports 'vscode'.
 *--------------------------------------------------------------------------------------------*/

import * as path from 'node:path';


/** Default length of a stem made from a prompt, in code points. */
export const defaultStemLength = 48;

/** Used when a prompt or a name has nothing usable left. */
export const fallbackStem = 'image';

/**
 * Longest file name in UTF-8 bytes that every common file system takes (ext4, APFS, NTFS all
 * allow 255; NTFS counts UTF-16 units, which is never more than the UTF-8 byte count).
 */
const maxFileNameBytes = 255;

/** Device names that Windows reserves whatever the extension (`con.png` is the console). */
const windowsReservedName = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Whether Windows reserves this name (the part before the first dot) for a device. */
export function isWindowsReservedName(stem: string): boolean {
	return windowsReservedName.test(stem.trimEnd());
}

/** Characters that are illegal in a file name on Windows (a superset of macOS and Linux). */
// eslint-disable-next-line no-control-regex
const illegalFileNameChars = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Readable, Unicode-aware file stem from a prompt.
 *
 * - NFKC-normalized (full-width Latin becomes ASCII), lower-cased;
 * - letters, combining marks and digits of every script are kept, so a Chinese prompt gives a
 *   Chinese name and `café` stays `café`;
 * - an apostrophe inside a word is dropped (`cat's` → `cats`); every other run of spaces,
 *   punctuation, symbols and emoji becomes one `-`;
 * - trimmed of `-` and `.`; at most `maxLength` code points, cut at a `-` when one falls in the
 *   second half of the allowed length, otherwise between graphemes;
 * - never empty (`image`), never a Windows device name (`con` → `con-image`).
 */
export function fileStemFromPrompt(prompt: string, maxLength: number = defaultStemLength): string {
	const limit = Math.max(1, Math.floor(Number.isFinite(maxLength) ? maxLength : defaultStemLength));
	let stem = prompt
		.normalize('NFKC')
		.toLowerCase()
		// Emoji presentation selectors and enclosing marks (keycaps) only dress up symbols.
		.replace(/[\p{Me}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu, '')
		// A combining mark on a symbol that is about to go would be left on its own.
		.replace(/(?<![\p{L}\p{M}\p{N}])\p{M}+/gu, '')
		.replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, '')
		.replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
		.replace(/^[-.]+|[-.]+$/g, '');

	stem = truncateAtWord(stem, limit).replace(/[-.]+$/, '');
	if (!stem) {
		stem = fallbackStem;
	}
	if (isWindowsReservedName(stem)) {
		stem += `-${fallbackStem}`;
	}
	return stem;
}

function truncateAtWord(stem: string, limit: number): string {
	if (codePointLength(stem) <= limit) {
		return stem;
	}
	let out = '';
	let count = 0;
	let next = '';
	for (const { segment } of graphemes.segment(stem)) {
		const size = codePointLength(segment);
		if (count + size > limit) {
			next = segment;
			break;
		}
		out += segment;
		count += size;
	}
	// Cut at the last word boundary unless the cut already falls on one, or the last word
	// would take more than half of the name with it.
	if (next !== '-' && !out.endsWith('-')) {
		const lastDash = out.lastIndexOf('-');
		if (lastDash > 0 && codePointLength(out.slice(0, lastDash)) >= limit / 2) {
			out = out.slice(0, lastDash);
		}
	}
	return out;
}

function codePointLength(value: string): number {
	return [...value].length;
}

/**
 * Makes any candidate file name legal on Windows, macOS and Linux, keeping its extension:
 * runs of `<>:"/\|?*` and control characters become `-` (so `${isoTime}`'s `:` does too),
 * surrounding spaces and trailing dots go, a name that is empty or only an extension gets the
 * stem `image`, a Windows device name gets `-image` (`con.png` → `con-image.png`), and the
 * stem is shortened to keep the name within 255 UTF-8 bytes. Idempotent.
 */
export function sanitizeFileName(name: string): string {
	let out = name
		.normalize('NFC')
		.replace(illegalFileNameChars, '-')
		.trim()
		.replace(/[. ]+$/, '');

	if (!out || /^\.+$/.test(out)) {
		return fallbackStem;
	}
	if (out.startsWith('.')) {
		// `.png` is what an empty stem plus an extension looks like; a hidden file is never meant.
		out = fallbackStem + out;
	}

	// Windows looks at the part before the first dot, ignoring trailing spaces.
	const firstDot = out.indexOf('.');
	const device = (firstDot === -1 ? out : out.slice(0, firstDot)).trimEnd();
	if (isWindowsReservedName(device)) {
		out = device + `-${fallbackStem}` + (firstDot === -1 ? '' : out.slice(firstDot));
	}

	return limitBytes(out);
}

function limitBytes(name: string): string {
	const encoder = new TextEncoder();
	if (encoder.encode(name).length <= maxFileNameBytes) {
		return name;
	}
	let ext = path.posix.extname(name);
	if (encoder.encode(ext).length > maxFileNameBytes / 2) {
		ext = '';
	}
	const stem = name.slice(0, name.length - ext.length);
	const budget = maxFileNameBytes - encoder.encode(ext).length;
	let out = '';
	let used = 0;
	for (const { segment } of graphemes.segment(stem)) {
		const size = encoder.encode(segment).length;
		if (used + size > budget) {
			break;
		}
		out += segment;
		used += size;
	}
	out = out.replace(/[. ]+$/, '');
	return (out || fallbackStem) + ext;
}

/**
 * `name.png`, `name-1.png`, `name-2.png`, …: the names VS Code's Markdown extension tries, in
 * order, when a pasted file's name is taken (the extension is the last one: `a.tar-1.gz`).
 */
export function* candidateFileNames(fileName: string): Generator<string> {
	const ext = path.posix.extname(fileName);
	const baseName = fileName.slice(0, fileName.length - ext.length);
	for (let i = 0; ; ++i) {
		yield (i === 0 ? baseName : `${baseName}-${i}`) + ext;
	}
}

/**
 * A free name among `candidateFileNames(fileName)`, found by asking `areTaken` about a few names
 * at a time instead of listing the folder. In a remote window each question is a round trip (the
 * names of one call go out together: one round trip), and a listing costs time in proportion to
 * everything in the folder (825 ms for 1,000 images in code-server: BENCHMARKS.md, growth).
 *
 * The first call asks about the planned name and its first `fanOut - 1` suffixes, so up to that
 * many earlier images of a prompt cost one round trip and give the lowest free name, as a listing
 * would. Past that, taken suffixes are dense in practice (we write `name-1`, `name-2`, … in order):
 * one call asks about the powers of two, then each call splits the gap between the last taken and
 * the first free name into `fanOut` parts. For k = 10,000 earlier images: 6 calls. With gaps (a file
 * deleted by hand) the name may be a later free suffix than the first; it is never a taken one.
 * Case is the file system's: on macOS and Windows `Cat.png` is taken for `cat.png`; on Linux they
 * are two files and neither is replaced.
 *
 * `after`, the name this planned name got last time (Regenerate, the same prompt again), lets the
 * first call also ask about the `fanOut` suffixes after it: the next image of a prompt that has
 * many is one round trip too, instead of one per halving (4 for 20 earlier images, measured at
 * 23–436 ms in code-server, BENCHMARKS.md). A free name among the first ones still comes first;
 * a stale `after` (files deleted or added by hand) costs nothing but the extra names asked.
 */
export async function probeFreeFileName(
	fileName: string,
	areTaken: (names: readonly string[]) => Promise<readonly boolean[]>,
	{ after, fanOut = 8 }: { readonly after?: string; readonly fanOut?: number } = {},
): Promise<string> {
	const ext = path.posix.extname(fileName);
	const baseName = fileName.slice(0, fileName.length - ext.length);
	const nameAt = (i: number) => (i === 0 ? baseName : `${baseName}-${i}`) + ext;
	const last = after !== undefined && after.startsWith(`${baseName}-`) && after.endsWith(ext) ? after.slice(baseName.length + 1, after.length - ext.length) : undefined;
	const hinted = last !== undefined && /^[1-9]\d{0,8}$/.test(last) && Number(last) >= fanOut - 1 ? Number(last) : undefined;
	/** Of `suffixes` (ascending), the first free one and the one before it (undefined: none free). */
	const ask = async (suffixes: readonly number[]) => {
		const taken = await areTaken(suffixes.map(nameAt));
		const j = taken.indexOf(false);
		return j < 0 ? undefined : { free: suffixes[j], before: j > 0 ? suffixes[j - 1] : undefined };
	};
	// Ascending, so the first free one is the lowest of the first names, else the first after `after`.
	const opening = [...Array.from({ length: fanOut }, (_, i) => i), ...(hinted === undefined ? [] : Array.from({ length: fanOut }, (_, i) => hinted + 1 + i))];
	const start = await ask(opening);
	if (start !== undefined) {
		return nameAt(start.free);
	}
	let taken = opening[opening.length - 1];
	let free = Infinity;
	/** Asks about `suffixes` (ascending, between `taken` and `free`) and narrows the gap to them. */
	const narrow = async (suffixes: readonly number[]) => {
		const found = await ask(suffixes);
		if (found === undefined) {
			taken = suffixes[suffixes.length - 1];
		} else {
			free = found.free;
			taken = found.before ?? taken;
		}
	};
	while (free === Infinity) {
		await narrow(Array.from({ length: 20 }, (_, i) => taken * 2 ** (i + 1)));
	}
	while (free - taken > 1) {
		const step = (free - taken) / fanOut;
		const points = [...new Set(Array.from({ length: fanOut - 1 }, (_, i) => Math.round(taken + step * (i + 1))))].filter((p) => p > taken && p < free);
		if (points.length === 0) {
			break; // not reached for a gap of 2 or more; `free` was answered free
		}
		await narrow(points);
	}
	return nameAt(free);
}
