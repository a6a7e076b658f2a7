/**
 * Makes the extension's icon and the walkthrough's pictures from the product itself: the offline
 * engine (media/gan/fashion, run here on TF.js's CPU backend with the webview's own code) draws
 * the walkthrough's sample prompt exactly as Generate Image does (same class, seed and colours),
 * and that drawing becomes
 *   media/icon.png                       256×256, the Marketplace icon (vsce needs a PNG)
 *   media/walkthrough/*.svg              the walkthrough's steps, one per language, coloured with
 *                                        the workbench theme's CSS variables
 *
 *   npx tsx scripts/brand/make-images.ts    (npm run brand)
 *
 * The outputs are committed; rerun after retraining the model or changing a picture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ganColours, type Rgb } from '../../src/core/colors';
import { latentSeedFromPrompt, matchGanClass } from '../../src/core/gan/prompt';
import { loadGenerator, predict } from '../../webview-ui/gan/generator';
import { renderImage } from '../../webview-ui/gan/imageMath';
import { encodePng } from '../../webview-ui/gan/png';

const root = path.resolve(__dirname, '..', '..');
const media = path.join(root, 'media');

/** The walkthrough's sample prompt in each language (the same texts as the l10n bundles). */
const samplePrompts = { en: 'A red sneaker', 'zh-cn': '一只红色的运动鞋' } as const;
type Language = keyof typeof samplePrompts;

async function loadFashionGenerator() {
	const dir = path.join(media, 'gan', 'fashion');
	const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
		modelTopology: object;
		weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
		format?: string;
		generatedBy?: string;
		convertedBy?: string | null;
	};
	const manifest = modelJson.weightsManifest[0];
	const weights = Buffer.concat(manifest.paths.map((p) => fs.readFileSync(path.join(dir, p))));
	return loadGenerator({
		modelTopology: modelJson.modelTopology,
		weightSpecs: manifest.weights,
		weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
		format: modelJson.format,
	});
}

/** What Generate Image saves for `prompt` on the offline engine at seed 0 (intensities, 28×28 → size). */
async function draw(prompt: string, size: number, background: Rgb | null): Promise<Uint8ClampedArray> {
	const match = matchGanClass(prompt);
	if (!match) throw new Error(`the offline engine cannot draw ${prompt}`);
	const generator = await loadFashionGenerator();
	const out = predict(generator, match.classIndex, [latentSeedFromPrompt(prompt, 0)]);
	const values = await out.data();
	out.dispose();
	const { foreground } = ganColours(prompt, 'transparent');
	return renderImage(values, 0, { srcSize: generator.imageSize, size, smooth: true, foreground, background });
}

/** The icon: the engine's sneaker, in white on a rounded violet square, with a sparkle (the command's icon). */
function icon(sneaker: Uint8ClampedArray, sneakerSize: number): Uint8Array {
	const size = 256;
	const out = new Uint8ClampedArray(size * size * 4);
	const radius = 48;
	const inside = (x: number, y: number): number => {
		// Coverage of a rounded square, antialiased over one pixel.
		const dx = Math.max(radius - x - 0.5, 0, x + 0.5 - (size - radius));
		const dy = Math.max(radius - y - 0.5, 0, y + 0.5 - (size - radius));
		return Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(dx, dy)));
	};
	const sparkle = (x: number, y: number, cx: number, cy: number, r: number): number => {
		// A four-pointed star: |dx|^0.5 + |dy|^0.5 <= r^0.5.
		const d = Math.sqrt(Math.abs(x - cx)) + Math.sqrt(Math.abs(y - cy));
		return Math.min(1, Math.max(0, (Math.sqrt(r) - d) * 4));
	};
	const offset = (size - sneakerSize) / 2;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const t = (x + y) / (2 * size);
			let r = 58 + (112 - 58) * t;
			let g = 38 + (76 - 38) * t;
			let b = 140 + (222 - 140) * t;
			const sx = Math.round(x - offset);
			const sy = Math.round(y - offset - 6);
			if (sx >= 0 && sy >= 0 && sx < sneakerSize && sy < sneakerSize) {
				// The drawing in white, its faint strokes strengthened so that it reads at 32 px.
				const a = Math.min(1, (sneaker[(sy * sneakerSize + sx) * 4 + 3] / 255) * 1.8);
				r += (255 - r) * a; g += (255 - g) * a; b += (255 - b) * a;
			}
			const s = Math.max(sparkle(x, y, 206, 50, 26), sparkle(x, y, 178, 24, 8));
			r += (255 - r) * s; g += (214 - g) * s; b += (92 - b) * s;
			const o = (y * size + x) * 4;
			out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = 255 * inside(x, y);
		}
	}
	return encodePng(out, size, size);
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** UI texts the pictures show, as the product shows them in each language. */
const ui = {
	en: { generate: 'Generate Image', panel: 'Image Preview', history: 'History', insert: 'Insert Link at Cursor', regenerate: 'Regenerate', more: 'More Like This', setting: 'Imagegen: Destination', add: 'Add Item', key: 'Enter your OpenAI API key (it starts with "sk-").', chat: 'Draw #generateImage a red sneaker for the README', file: 'images/a-red-sneaker.png' },
	'zh-cn': { generate: '生成图像', panel: '图像预览', history: '历史记录', insert: '在光标处插入链接', regenerate: '重新生成', more: '生成类似图像', setting: 'Imagegen: Destination', add: '添加项', key: '请输入 OpenAI API 密钥（以“sk-”开头）。', chat: '用 #generateImage 为 README 画一只红色的运动鞋', file: 'images/一只红色的运动鞋.png' },
} as const;

function svg(body: string): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 300" width="480" height="300" font-family="var(--vscode-font-family, sans-serif)" font-size="13" xml:space="preserve">
<rect width="480" height="300" rx="8" fill="var(--vscode-editor-background)" stroke="var(--vscode-widget-border, var(--vscode-editorWidget-border))"/>
${body}
</svg>
`;
}

function button(x: number, y: number, w: number, text: string, primary = false): string {
	return `<rect x="${x}" y="${y}" width="${w}" height="24" rx="2" fill="var(${primary ? '--vscode-button-background' : '--vscode-button-secondaryBackground'})"/>
<text x="${x + w / 2}" y="${y + 16}" text-anchor="middle" fill="var(${primary ? '--vscode-button-foreground' : '--vscode-button-secondaryForeground'})">${escape(text)}</text>`;
}

function pictures(lang: Language, png: string): Record<string, string> {
	const t = ui[lang];
	const prompt = samplePrompts[lang];
	const image = (x: number, y: number, s: number) => `<rect x="${x - 1}" y="${y - 1}" width="${s + 2}" height="${s + 2}" fill="#ffffff" stroke="var(--vscode-widget-border, transparent)"/><image x="${x}" y="${y}" width="${s}" height="${s}" href="data:image/png;base64,${png}"/>`;
	const editorLines = (lines: string[], top = 70) => lines.map((l, i) => `<text x="44" y="${top + i * 22}" fill="var(--vscode-editor-foreground)" font-family="var(--vscode-editor-font-family, monospace)">${escape(l)}</text><text x="20" y="${top + i * 22}" fill="var(--vscode-editorLineNumber-foreground)" font-family="var(--vscode-editor-font-family, monospace)">${i + 1}</text>`).join('\n');
	const tab = (text: string, x = 0, w = 230) => `<rect x="${x}" y="0" width="${w}" height="34" fill="var(--vscode-tab-activeBackground, var(--vscode-editor-background))"/><text x="${x + 14}" y="22" fill="var(--vscode-tab-activeForeground, var(--vscode-foreground))">${escape(text)}</text>`;
	return {
		'first-image': svg(`${tab('Untitled-1')}
<rect x="40" y="56" width="${Math.max(90, prompt.length * (lang === 'en' ? 8 : 13))}" height="20" fill="var(--vscode-editor-selectionBackground)"/>
${editorLines([prompt, '', `![${prompt}](${t.file})`])}
<rect x="150" y="150" width="176" height="34" rx="4" fill="var(--vscode-menu-background, var(--vscode-editorWidget-background))" stroke="var(--vscode-menu-border, var(--vscode-widget-border, transparent))"/>
<rect x="154" y="156" width="168" height="22" rx="3" fill="var(--vscode-menu-selectionBackground, var(--vscode-list-activeSelectionBackground))"/>
<text x="168" y="171" fill="var(--vscode-menu-selectionForeground, var(--vscode-list-activeSelectionForeground))">✦ ${escape(t.generate)}</text>
${image(344, 120, 112)}`),
		preview: svg(`${tab(t.panel, 0, 480)}
<text x="20" y="62" font-weight="bold" fill="var(--vscode-foreground)">${escape(t.history)}</text>
${image(20, 76, 128)}
<text x="164" y="92" fill="var(--vscode-foreground)">${escape(prompt)}</text>
<text x="164" y="112" fill="var(--vscode-descriptionForeground)" font-size="12">${escape(t.file)}</text>
${button(164, 130, 170, t.insert, true)}
${button(164, 162, 110, t.regenerate)}
${button(282, 162, 130, t.more)}`),
		destination: svg(`${tab('settings.json', 0, 480)}
<text x="20" y="66" font-weight="bold" fill="var(--vscode-foreground)">${escape(t.setting)}</text>
${editorLines(['{', '  "imagegen.destination": {', '    "**/*.md": "assets/${documentBaseName}/"', '  }', '}'], 96)}
<text x="44" y="230" fill="var(--vscode-descriptionForeground)" font-family="var(--vscode-editor-font-family, monospace)">docs/intro.md → docs/assets/intro/</text>
${image(370, 190, 90)}`),
		'openai-key': svg(`<rect x="60" y="40" width="360" height="86" rx="6" fill="var(--vscode-quickInput-background, var(--vscode-editorWidget-background))" stroke="var(--vscode-widget-border, transparent)"/>
<rect x="72" y="52" width="336" height="26" rx="2" fill="var(--vscode-input-background)" stroke="var(--vscode-focusBorder)"/>
<text x="82" y="70" fill="var(--vscode-input-foreground)">••••••••••••••••••••</text>
<text x="72" y="102" fill="var(--vscode-descriptionForeground)" font-size="12">${escape(t.key)}</text>
${image(184, 150, 112)}`),
		chat: svg(`<rect x="20" y="24" width="440" height="40" rx="6" fill="var(--vscode-input-background)" stroke="var(--vscode-input-border, var(--vscode-widget-border, transparent))"/>
<text x="34" y="49" fill="var(--vscode-input-foreground)">${escape(t.chat)}</text>
${image(34, 90, 128)}
<text x="180" y="110" fill="var(--vscode-foreground)" font-family="var(--vscode-editor-font-family, monospace)">#generateImage</text>
<text x="180" y="134" fill="var(--vscode-foreground)" font-family="var(--vscode-editor-font-family, monospace)">#editImage</text>
<text x="180" y="166" fill="var(--vscode-descriptionForeground)" font-size="12">${escape(t.file)}</text>`),
	};
}

async function main(): Promise<void> {
	await tf.setBackend('cpu');
	const out = path.join(media, 'walkthrough');
	fs.mkdirSync(out, { recursive: true });
	for (const lang of Object.keys(samplePrompts) as Language[]) {
		const prompt = samplePrompts[lang];
		// The panel's image: what the first step saves (white background, the prompt's colour).
		const rgba = await draw(prompt, 128, ganColours(prompt, 'white').background);
		const png = Buffer.from(encodePng(rgba, 128, 128)).toString('base64');
		for (const [name, text] of Object.entries(pictures(lang, png))) {
			fs.writeFileSync(path.join(out, lang === 'en' ? `${name}.svg` : `${name}.${lang}.svg`), text);
		}
	}
	const sneaker = await draw(samplePrompts.en, 216, null);
	fs.writeFileSync(path.join(media, 'icon.png'), icon(sneaker, 216));
	console.log(`wrote media/icon.png and ${fs.readdirSync(out).length} pictures in media/walkthrough/`);
}

void main();
