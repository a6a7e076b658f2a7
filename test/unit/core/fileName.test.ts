import * as assert from 'node:assert/strict';
import {
	candidateFileNames,
	fileStemFromPrompt,
	probeFreeFileName,
	sanitizeFileName,
} from '../../../src/core/fileName';

/** Characters no file name may hold on Windows, macOS or Linux. */
// eslint-disable-next-line no-control-regex
const illegal = /[<>:"/\\|?*\u0000-\u001f\u007f]/;
const reserved = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;

function assertLegal(name: string): void {
	assert.ok(name.length > 0, 'empty name');
	assert.doesNotMatch(name, illegal);
	assert.doesNotMatch(name, /[. ]$/, 'trailing dot or space');
	assert.doesNotMatch(name, reserved, 'Windows device name');
	assert.ok(new TextEncoder().encode(name).length <= 255, 'longer than 255 bytes');
}

describe('file stem from a prompt', () => {
	// [prompt, stem, rule]
	const table: [string, string, string][] = [
		['A cat in a hat', 'a-cat-in-a-hat', 'lower-cased, spaces become -'],
		['  Sunset   over\tthe\nsea  ', 'sunset-over-the-sea', 'runs of whitespace collapse, ends trimmed'],
		['cat (sleeping) on a sofa', 'cat-sleeping-on-a-sofa', 'parentheses'],
		['issue #42: fix 100% of bugs', 'issue-42-fix-100-of-bugs', '# : and %'],
		['a/b\\c<d>e|f?g*h"i', 'a-b-c-d-e-f-g-h-i', 'characters illegal on Windows'],
		['foo_bar.baz', 'foo-bar-baz', 'underscores and dots become -'],
		["the cat's toy", 'the-cats-toy', 'an apostrophe inside a word is dropped'],
		['l’été', 'lété', 'a typographic apostrophe too'],
		['一只戴帽子的猫', '一只戴帽子的猫', 'Chinese stays Chinese'],
		['一只猫，在月光下。', '一只猫-在月光下', 'full-width punctuation'],
		['東京の夜景', '東京の夜景', 'Japanese'],
		['고양이 그림', '고양이-그림', 'Korean'],
		['Кошка в шляпе', 'кошка-в-шляпе', 'Cyrillic is lower-cased too'],
		['Café à la crème brûlée', 'café-à-la-crème-brûlée', 'accents are kept'],
		['Cafe\u0301', 'café', 'NFKC composes accents'],
		['नमस्ते दुनिया', 'नमस्ते-दुनिया', 'combining marks of Devanagari are kept'],
		['ＡＢＣ　ｄｅｆ', 'abc-def', 'full-width Latin becomes ASCII'],
		['🐱 cat 🐶 dog', 'cat-dog', 'emoji become separators'],
		['❤️ love', 'love', 'emoji with a variation selector'],
		['1️⃣ first', '1-first', 'keycap marks go'],
		['👩‍🚀 astronaut', 'astronaut', 'ZWJ sequences'],
		['🐱🐶', 'image', 'nothing but emoji: the fallback'],
		['', 'image', 'empty prompt'],
		['...', 'image', 'only dots'],
		['---', 'image', 'only dashes'],
		['CON', 'con-image', 'Windows device name'],
		['nul', 'nul-image', 'Windows device name, lower case'],
		['Com1', 'com1-image', 'COM1'],
		['lpt9', 'lpt9-image', 'LPT9'],
		['con.', 'con-image', 'device name with a dot'],
		['console', 'console', 'only exact device names'],
		['.hidden file', 'hidden-file', 'no leading dot'],
		['end.', 'end', 'no trailing dot'],
	];
	for (const [prompt, stem, rule] of table) {
		it(`${rule}: ${JSON.stringify(prompt)} → ${stem}`, () => {
			const actual = fileStemFromPrompt(prompt);
			assert.equal(actual, stem);
			assertLegal(actual);
		});
	}

	it('is at most 48 code points by default, cut at a word boundary', () => {
		const stem = fileStemFromPrompt('The quick brown fox jumps over the lazy dog and keeps running far away');
		assert.equal(stem, 'the-quick-brown-fox-jumps-over-the-lazy-dog-and');
		assert.ok([...stem].length <= 48);
	});

	// [prompt, maxLength, stem, rule]
	const lengths: [string, number, string, string][] = [
		['alpha beta gamma', 10, 'alpha-beta', 'the cut falls on a boundary'],
		['alpha beta gamma', 12, 'alpha-beta', 'a cut inside a word goes back to the last -'],
		['alpha betagammadelta', 12, 'alpha-betaga', 'unless that would lose more than half'],
		['a'.repeat(100), 48, 'a'.repeat(48), 'one long word is cut'],
		['猫'.repeat(60), 48, '猫'.repeat(48), 'Chinese is cut by code points'],
		['😀a'.repeat(10), 5, 'a-a-a', 'emoji are not counted'],
		['𠀀'.repeat(10), 4, '𠀀'.repeat(4), 'astral characters count once'],
		['नमस्ते', 3, 'नम', 'a grapheme is never split'],
		['abc', 0, 'a', 'at least one code point'],
		['abc', Number.NaN, 'abc', 'a bad length means the default'],
		['ab-', 2, 'ab', 'no trailing - after the cut'],
	];
	for (const [prompt, max, stem, rule] of lengths) {
		it(`${rule}: ${JSON.stringify(prompt.slice(0, 20))}, max ${max} → ${stem}`, () => {
			assert.equal(fileStemFromPrompt(prompt, max), stem);
		});
	}

	it('gives legal names for a very long prompt and for hostile input', () => {
		const prompts = [
			'lorem ipsum dolor sit amet '.repeat(400),
			'\u0000\u0001\u001f\u007f',
			'CON.png',
			' . . . ',
			'a'.repeat(10000),
			'İstanbul ǅ ß ﬁ',
		];
		for (const prompt of prompts) {
			const stem = fileStemFromPrompt(prompt);
			assertLegal(stem);
			assert.ok([...stem].length <= 48, stem);
		}
	});
});

describe('sanitizing a file name', () => {
	// [name, sanitized, rule]
	const table: [string, string, string][] = [
		['a-cat.png', 'a-cat.png', 'a legal name is unchanged'],
		['a cat (1).png', 'a cat (1).png', 'spaces and parentheses are legal'],
		['一只猫.png', '一只猫.png', 'Unicode is legal'],
		['2026-09-01T12:34:56.789Z.png', '2026-09-01T12-34-56.789Z.png', '${isoTime}\'s colons'],
		['a<b>c.png', 'a-b-c.png', '< and >'],
		['a"b|c?d*e.png', 'a-b-c-d-e.png', '" | ? *'],
		['a/b\\c.png', 'a-b-c.png', 'slashes'],
		['a::b.png', 'a-b.png', 'a run of illegal characters becomes one -'],
		['a\u0000b\tc.png', 'a-b-c.png', 'control characters'],
		['name. ', 'name', 'trailing dots and spaces'],
		['name.png.', 'name.png', 'a trailing dot after the extension'],
		['  padded.png  ', 'padded.png', 'surrounding spaces'],
		['con.png', 'con-image.png', 'Windows device name with extension'],
		['CON', 'CON-image', 'Windows device name alone'],
		['nul.tar.gz', 'nul-image.tar.gz', 'Windows looks before the first dot'],
		['lpt1 .png', 'lpt1-image.png', 'and ignores trailing spaces there'],
		['com10.png', 'com10.png', 'COM10 is not reserved'],
		['COM¹.png', 'COM¹-image.png', 'superscript digits are reserved too'],
		['.png', 'image.png', 'an empty stem'],
		['', 'image', 'empty'],
		['...', 'image', 'only dots'],
		[':::', '-', 'only illegal characters'],
		['Cafe\u0301.png', 'Café.png', 'NFC, as macOS and others store it'],
	];
	for (const [name, sanitized, rule] of table) {
		it(`${rule}: ${JSON.stringify(name)} → ${JSON.stringify(sanitized)}`, () => {
			const actual = sanitizeFileName(name);
			assert.equal(actual, sanitized);
			assertLegal(actual);
		});
	}

	it('keeps the extension when it shortens a name to 255 UTF-8 bytes', () => {
		const long = sanitizeFileName('a'.repeat(300) + '.png');
		assert.equal(long, 'a'.repeat(251) + '.png');
		const chinese = sanitizeFileName('猫'.repeat(100) + '.png');
		assert.equal(chinese, '猫'.repeat(83) + '.png');
		assertLegal(chinese);
	});

	it('is idempotent', () => {
		const names = ['2026-09-01T12:34:56.789Z.png', 'con.png', '.png', 'name. ', 'a'.repeat(300) + '.png', 'a<b>.png', 'lpt1 .png', '猫'.repeat(100) + '.png'];
		for (const name of names) {
			const once = sanitizeFileName(name);
			assert.equal(sanitizeFileName(once), once, name);
		}
	});
});

describe('free file names', () => {
	function first(fileName: string, count: number): string[] {
		const out: string[] = [];
		for (const name of candidateFileNames(fileName)) {
			out.push(name);
			if (out.length === count) {
				break;
			}
		}
		return out;
	}

	// [name, first candidates]
	const table: [string, string[]][] = [
		['a-cat.png', ['a-cat.png', 'a-cat-1.png', 'a-cat-2.png', 'a-cat-3.png']],
		['a cat (1).png', ['a cat (1).png', 'a cat (1)-1.png', 'a cat (1)-2.png']],
		['photo', ['photo', 'photo-1', 'photo-2']],
		['a.tar.gz', ['a.tar.gz', 'a.tar-1.gz']],
		['猫.webp', ['猫.webp', '猫-1.webp']],
	];
	for (const [name, expected] of table) {
		it(`${name} → ${expected.join(', ')}, …`, () => {
			assert.deepEqual(first(name, expected.length), expected);
		});
	}

	it('never ends', () => {
		assert.equal(first('x.png', 1000).at(-1), 'x-999.png');
	});

	// probeFreeFileName: the questions a save asks (stats sent together: one round trip a call) before it writes.
	/** Answers from `names` (a folder) and counts the calls (round trips) and the names asked about. */
	const folder = (names: Iterable<string>) => {
		const set = new Set(names);
		const f = { calls: 0, asked: 0, areTaken: async (batch: readonly string[]) => (f.calls++, (f.asked += batch.length), batch.map((n) => set.has(n))) };
		return f;
	};

	it('keeps a free planned name, in one round trip', async () => {
		const f = folder(['notes.md']);
		assert.equal(await probeFreeFileName('a-cat.png', f.areTaken), 'a-cat.png');
		assert.equal(f.calls, 1);
	});

	it('gives the first free suffix after earlier images of the prompt', async () => {
		for (const n of [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 25, 1000, 4097]) {
			const names = first('a-cat.png', n);
			assert.equal(await probeFreeFileName('a-cat.png', folder(names).areTaken), first('a-cat.png', n + 1)[n], `${n} taken`);
		}
	});

	it('takes one round trip for up to 7 earlier images, and few for 10,000', async () => {
		const few = folder(first('x.png', 7));
		assert.equal(await probeFreeFileName('x.png', few.areTaken), 'x-7.png');
		assert.equal(few.calls, 1);
		const many = folder(first('x.png', 10_000));
		assert.equal(await probeFreeFileName('x.png', many.areTaken), 'x-10000.png');
		assert.ok(many.calls <= 7 && many.asked <= 80, `${many.calls} round trips, ${many.asked} names`);
	});

	it('gives the lowest free name among the first ones, like a listing, and never a taken one when suffixes have gaps', async () => {
		assert.equal(await probeFreeFileName('a.png', folder(['a.png', 'a-1.png', 'a-3.png']).areTaken), 'a-2.png');
		assert.equal(await probeFreeFileName('a.png', folder(['a-1.png']).areTaken), 'a.png');
		const gaps = [...first('a.png', 40).filter((n) => n !== 'a-20.png'), 'a-64.png', 'a-70.png'];
		const chosen = await probeFreeFileName('a.png', folder(gaps).areTaken);
		assert.ok(!gaps.includes(chosen), chosen);
		assert.match(chosen, /^a-\d+\.png$/);
	});

	it('finds the next name of a prompt with many images in one round trip when it knows the last one', async () => {
		const f = folder(first('x.png', 20));
		assert.equal(await probeFreeFileName('x.png', f.areTaken, { after: 'x-19.png' }), 'x-20.png');
		assert.equal(f.calls, 1);
		const without = folder(first('x.png', 20));
		assert.equal(await probeFreeFileName('x.png', without.areTaken), 'x-20.png');
		assert.ok(without.calls >= 3, `${without.calls} round trips without the last name`);
	});

	it('never trusts the last name: a free early name still comes first, and a stale one gives a free name', async () => {
		// Files deleted by hand: the lowest free name, as without the hint.
		assert.equal(await probeFreeFileName('x.png', folder(['x.png']).areTaken, { after: 'x-19.png' }), 'x-1.png');
		// Files added by hand past the last name: the search goes on from there, and never lands on a taken one.
		const added = first('x.png', 60);
		const f = folder(added);
		assert.equal(await probeFreeFileName('x.png', f.areTaken, { after: 'x-19.png' }), 'x-60.png');
		// A name of another prompt, or no suffix, is no hint.
		for (const after of ['y-19.png', 'x.png', 'x-abc.png', 'x-19.webp', 'x-0019.png']) {
			assert.equal(await probeFreeFileName('x.png', folder(first('x.png', 9)).areTaken, { after }), 'x-9.png', after);
		}
	});

	it('keeps the extension last, as the Markdown extension does', async () => {
		assert.equal(await probeFreeFileName('a.tar.gz', folder(['a.tar.gz']).areTaken), 'a.tar-1.gz');
		assert.equal(await probeFreeFileName('猫.webp', folder(['猫.webp', '猫-1.webp']).areTaken), '猫-2.webp');
	});
});
