/**
 * From a prompt to what the offline GAN draws: which class (by the words in
 * `classes.ts`) and which latent vector (by a hash of the prompt and the seed).
 *
 * Matching rules:
 * - The prompt is normalised (NFKC, lower case, whitespace collapsed).
 * - Latin words match on word boundaries (`boot` not in `bootstrap`); a word
 *   with a space (`ankle boot`) matches any run of spaces, hyphens or underscores.
 *   Words with CJK characters match as substrings (Chinese has no spaces).
 * - A digit class's numeral matches only as a lone digit: `7` in "a 7" or "7!",
 *   not in "1024", "7px" or "3.7".
 * - The longest match wins ("ankle boot" over "boot", "T-shirt" over "shirt",
 *   "运动鞋" over "鞋"); on equal length the earliest in the prompt.
 * - Bare numerals ("one", "1", "一") are weak: any other class word beats them
 *   ("one sneaker" draws a sneaker; "digit one" / "数字一" are strong). A single
 *   Chinese numeral followed by a measure word ("一个", "两件") is a quantity and
 *   matches nothing, and so does a one-character word inside a few common
 *   compounds that mean something else (面包 "bread" is no 包 "bag").
 * - A prompt with no class word matches nothing: the caller says what the
 *   offline engine can draw (`ganVocabularySummary`) instead of drawing at random.
 */
import { GAN_CLASSES, GAN_DOMAIN_INFO, GAN_DOMAINS, type GanClass, type GanDomain } from './classes';

export interface GanMatch {
	readonly domain: GanDomain;
	readonly classIndex: number;
	readonly classId: string;
	/** English display name of the class. */
	readonly label: string;
	/** The class word as it was found in the normalised prompt. */
	readonly matched: string;
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const MEASURE_WORDS = '个只件双条张幅位本把些点套款枚顶';
/** Compounds in which a single-character class word means something else (面包 is bread, not a bag). */
const BLOCKED_COMPOUNDS: readonly string[] = ['面包', '包括', '包含', '包装', '包子', '红包', '三明治', '一些', '一起', '万一', '统一', '唯一'];

function inBlockedCompound(text: string, at: number, word: string): boolean {
	return BLOCKED_COMPOUNDS.some((c) => {
		const k = c.indexOf(word);
		return k >= 0 && at - k >= 0 && text.slice(at - k, at - k + c.length) === c;
	});
}

export function normalizePrompt(prompt: string): string {
	return prompt.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

interface Matcher {
	readonly cls: GanClass;
	readonly word: string;
	readonly weak: boolean;
	readonly find: (text: string) => { index: number; text: string } | undefined;
}

function isWeak(cls: GanClass, word: string): boolean {
	return cls.domain === 'digits' && !word.includes(' ') && !word.startsWith('数字');
}

function makeMatcher(cls: GanClass, word: string): Matcher {
	const weak = isWeak(cls, word);
	if (CJK.test(word)) {
		const isLoneNumeral = cls.domain === 'digits' && [...word].length === 1;
		return {
			cls, word, weak,
			find: (text) => {
				for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
					const next = text.slice(at + word.length).replace(/^ /u, '').charAt(0);
					if ((isLoneNumeral && next !== '' && MEASURE_WORDS.includes(next)) || inBlockedCompound(text, at, word)) {
						continue;
					}
					return { index: at, text: word };
				}
				return undefined;
			},
		};
	}
	const body = word.split(/[\s_-]+/u).map(escapeRegExp).join('[\\s_-]+');
	// A lone numeral also refuses a neighbouring `.` or `,` followed by a digit ("3.7").
	const before = /^\d$/u.test(word) ? '(?<![\\p{L}\\p{N}]|\\d[.,])' : '(?<![\\p{L}\\p{N}])';
	const after = /^\d$/u.test(word) ? '(?![\\p{L}\\p{N}]|[.,]\\d)' : '(?![\\p{L}\\p{N}])';
	const re = new RegExp(`${before}${body}${after}`, 'u');
	return {
		cls, word, weak,
		find: (text) => {
			const m = re.exec(text);
			return m === null ? undefined : { index: m.index, text: m[0] };
		},
	};
}

const MATCHERS: readonly Matcher[] = GAN_CLASSES.flatMap((cls) => cls.words.map((w) => makeMatcher(cls, w)));

/** The class a prompt names, or undefined when it names none. */
export function matchGanClass(prompt: string): GanMatch | undefined {
	const text = normalizePrompt(prompt);
	let best: { m: Matcher; index: number; text: string } | undefined;
	for (const m of MATCHERS) {
		const found = m.find(text);
		if (found === undefined) {
			continue;
		}
		const better = best === undefined
			|| (best.m.weak && !m.weak)
			|| (best.m.weak === m.weak && (found.text.length > best.text.length
				|| (found.text.length === best.text.length && found.index < best.index)));
		if (better) {
			best = { m, index: found.index, text: found.text };
		}
	}
	if (best === undefined) {
		return undefined;
	}
	const { cls } = best.m;
	return { domain: cls.domain, classIndex: cls.index, classId: cls.id, label: cls.label, matched: best.text };
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (const byte of new TextEncoder().encode(text)) {
		h = Math.imul(h ^ byte, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/**
 * A stable unsigned 32-bit seed for the latent vector: the whole normalised
 * prompt (so "A  Red Shoe" and "a red shoe" agree) hashed and mixed with `seed`.
 */
/**
 * A new seed for a request that names none: each Generate Image (and each Regenerate or More Like
 * This) draws another picture; the seed is recorded in the image's provenance to reproduce it.
 */
export function randomSeed(): number {
	return Math.floor(Math.random() * 0x7fffffff);
}

export function latentSeedFromPrompt(prompt: string, seed: number): number {
	return fmix32(fnv1a(normalizePrompt(prompt)) ^ fmix32((seed >>> 0) ^ 0x9e3779b9));
}

/**
 * `size` standard normal values from a 32-bit seed (mulberry32 + Box–Muller):
 * the generator's `z` input. The same in the extension host, the webview and Node.
 */
export function latentFromSeed(seed: number, size: number): Float32Array {
	let a = seed >>> 0;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const out = new Float32Array(size);
	for (let i = 0; i < size; i += 2) {
		const u1 = Math.max(next(), 1e-12);
		const u2 = next();
		const r = Math.sqrt(-2 * Math.log(u1));
		out[i] = r * Math.cos(2 * Math.PI * u2);
		if (i + 1 < size) {
			out[i + 1] = r * Math.sin(2 * Math.PI * u2);
		}
	}
	return out;
}

export interface GanVocabularyDomain {
	readonly domain: GanDomain;
	readonly label: string;
	readonly labelZh: string;
	readonly classes: readonly { readonly label: string; readonly labelZh: string; readonly examples: readonly string[] }[];
}

/** What the offline engine can draw, by domain: for the "can't draw this" message. */
export function ganVocabulary(): readonly GanVocabularyDomain[] {
	return GAN_DOMAINS.map((domain) => ({
		domain,
		label: GAN_DOMAIN_INFO[domain].label,
		labelZh: GAN_DOMAIN_INFO[domain].labelZh,
		classes: GAN_CLASSES.filter((c) => c.domain === domain).map((c) => ({
			label: c.label,
			labelZh: c.labelZh,
			examples: c.words.slice(0, 3),
		})),
	}));
}

/**
 * One line per domain, English with the Chinese names, e.g.
 * `Handwritten digits (手写数字): 0 (zero), 1 (one), …` — the text to show
 * (through the host's l10n) when a prompt names nothing the offline engine knows.
 */
export function ganVocabularySummary(): string {
	return ganVocabulary().map((d) =>
		`${d.label} (${d.labelZh}): ${d.classes.map((c) => `${c.label} ${c.labelZh}`).join(', ')}`,
	).join('\n');
}
