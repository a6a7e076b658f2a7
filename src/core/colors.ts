/**
 * Colour words in a prompt, English and Chinese, for tinting the offline engine's images
 * ("a red dress" is drawn red). Pure.
 */

export type Rgb = readonly [number, number, number];

interface ColourWord {
	readonly words: readonly string[];
	readonly rgb: Rgb;
}

/** Longer words first where one contains another ("light blue" before "blue"). */
const COLOURS: readonly ColourWord[] = [
	{ words: ['light blue', 'sky blue', 'baby blue', '浅蓝', '天蓝'], rgb: [110, 170, 230] },
	{ words: ['dark blue', 'navy', 'navy blue', '深蓝', '藏青'], rgb: [20, 40, 110] },
	{ words: ['dark green', 'olive', '墨绿', '橄榄'], rgb: [40, 90, 40] },
	{ words: ['light green', 'lime', '浅绿'], rgb: [120, 200, 80] },
	{ words: ['red', 'scarlet', 'crimson', '红', '红色'], rgb: [200, 30, 40] },
	{ words: ['orange', '橙', '橘'], rgb: [240, 130, 20] },
	{ words: ['yellow', '黄', '黄色'], rgb: [235, 200, 30] },
	{ words: ['green', '绿', '绿色'], rgb: [40, 150, 60] },
	{ words: ['teal', 'turquoise', 'cyan', '青', '青色'], rgb: [20, 150, 160] },
	{ words: ['blue', '蓝', '蓝色'], rgb: [30, 90, 200] },
	{ words: ['purple', 'violet', 'lilac', '紫', '紫色'], rgb: [120, 50, 170] },
	{ words: ['pink', 'magenta', '粉', '粉色', '粉红'], rgb: [235, 100, 160] },
	{ words: ['brown', 'tan', 'beige', '棕', '褐', '咖啡色'], rgb: [120, 75, 40] },
	{ words: ['gold', 'golden', '金', '金色'], rgb: [200, 160, 40] },
	{ words: ['silver', '银', '银色'], rgb: [160, 165, 175] },
	{ words: ['gray', 'grey', '灰', '灰色'], rgb: [120, 120, 120] },
	{ words: ['black', '黑', '黑色'], rgb: [15, 15, 15] },
	{ words: ['white', '白', '白色'], rgb: [250, 250, 250] },
];

const CJK = /[\u3400-\u9fff]/u;

export interface ColourMatch {
	readonly word: string;
	readonly rgb: Rgb;
}

/** The first colour word in the prompt (by position; the longer word on a tie), if any. */
export function colourFromPrompt(prompt: string): ColourMatch | undefined {
	const text = prompt.normalize('NFKC').toLowerCase();
	let best: { index: number; word: string; rgb: Rgb } | undefined;
	for (const colour of COLOURS) {
		for (const word of colour.words) {
			const index = CJK.test(word) ? text.indexOf(word) : searchWord(text, word);
			if (index >= 0 && (!best || index < best.index || (index === best.index && word.length > best.word.length))) {
				best = { index, word, rgb: colour.rgb };
			}
		}
	}
	return best && { word: best.word, rgb: best.rgb };
}

function searchWord(text: string, word: string): number {
	const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/ /g, '[\\s_-]+')}(?![\\p{L}\\p{N}])`, 'u');
	return pattern.exec(text)?.index ?? -1;
}

export type GanBackground = 'white' | 'black' | 'transparent';

const backgroundRgb: Record<Exclude<GanBackground, 'transparent'>, Rgb> = { white: [255, 255, 255], black: [0, 0, 0] };
const defaultInk: Record<Exclude<GanBackground, 'transparent'>, Rgb> = { white: [25, 25, 25], black: [245, 245, 245] };

/**
 * Foreground and background for a prompt. Without a colour word the drawing is ink-coloured
 * (dark on white, light on black). A colour too close to the background to be seen ("a white
 * shirt" on white) gets the other background instead.
 */
export function ganColours(prompt: string, background: GanBackground): { foreground: Rgb; background: Rgb | null } {
	const colour = colourFromPrompt(prompt)?.rgb;
	if (background === 'transparent') {
		return { foreground: colour ?? defaultInk.white, background: null };
	}
	let bg = background;
	if (colour && distance(colour, backgroundRgb[bg]) < 80) {
		bg = bg === 'white' ? 'black' : 'white';
	}
	return { foreground: colour ?? defaultInk[bg], background: backgroundRgb[bg] };
}

function distance(a: Rgb, b: Rgb): number {
	return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
