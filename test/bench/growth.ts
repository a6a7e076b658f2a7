/**
 * Cost as the workspace grows (issue 14, part 3), and memory over a long run (part 4), inside a real
 * extension host (run by test/bench/bench.mjs through the code-server harness, like index.ts).
 *
 * For each size (existing images in the destination folder / history entries / lines of the
 * document, one image link per 10 lines) it builds the workspace (files written with node:fs, the
 * history seeded through the Test-mode hook `imagegen.test.seedHistory`), then measures with the
 * offline engine: saving one image under a new and under a taken name, inserting its link, opening
 * the panel until it lists the whole history, what workspaceState and the webview's state hold,
 * a hover on an image link, and the host's heap before and after N generations. Then, with the
 * panel open, M generations in a row: the webview's TF.js tensor count and the host heap at the
 * start, half way and the end. Prints one `BENCH_GROWTH {json}` line. Figures, never assertions.
 *
 * Environment: IMAGEGEN_GROWTH_SIZES (e.g. "1,2,3"; default all three), IMAGEGEN_GROWTH_RUNS
 * (timed repeats, 7), IMAGEGEN_GROWTH_GENERATIONS (before the heap figure, 100),
 * IMAGEGEN_MEMORY_GENERATIONS (the memory run, 200; 0 skips it).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { HistoryState } from '../../src/commands/historyTestHooks';
import type { GenerateImageOutcome } from '../../src/jobs/generate';
import type { StoredEntry } from '../../src/preview/historyStore';
import type { Diagnostics } from '../../src/preview/previewPanel';

interface Size {
	readonly images: number;
	readonly entries: number;
	readonly lines: number;
}

const sizes: readonly Size[] = [
	{ images: 10, entries: 10, lines: 100 },
	{ images: 1000, entries: 300, lines: 10_000 },
	{ images: 10_000, entries: 3000, lines: 100_000 },
];

const runs = Number(process.env.IMAGEGEN_GROWTH_RUNS || 7);
const generations = Number(process.env.IMAGEGEN_GROWTH_GENERATIONS || 100);
const memoryGenerations = Number(process.env.IMAGEGEN_MEMORY_GENERATIONS ?? 200);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

/** The host's heap in MiB after a full collection. */
function heapMiB(): number {
	gc?.();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

function median(values: readonly number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango'];
/** A word per number (a new file name per prompt; digits in a prompt could name another class). */
const wordFor = (n: number): string => (n < words.length ? words[n] : `${wordFor(Math.floor(n / words.length) - 1)} ${words[n % words.length]}`);

const diagnostics = (scroll?: 'end' | 'top') => vscode.commands.executeCommand<Diagnostics>('imagegen.previewDiagnostics', scroll ? { scroll } : undefined);
const historyState = () => vscode.commands.executeCommand<HistoryState>('imagegen.test.historyState');

async function generate(prompt: string, insertLink: boolean, seed?: number): Promise<GenerateImageOutcome> {
	const outcome = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage', { prompt, engine: 'gan', insertLink, ...(seed === undefined ? {} : { seed }) });
	if (!outcome || outcome.error || !outcome.timings) {
		throw new Error(`"${prompt}" failed: ${outcome?.error?.message ?? 'no outcome'}`);
	}
	return outcome;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** A small valid PNG (the offline engine's own output, so its pictures load in the panel). */
async function samplePng(): Promise<Uint8Array> {
	const outcome = await generate('a red sneaker', false, 1);
	return vscode.workspace.fs.readFile(vscode.Uri.parse(outcome.files[0]));
}

/** The folder for one size: N images, a document with a link per 10 lines, H history entries for those images. */
async function build(root: vscode.Uri, size: Size, png: Uint8Array): Promise<{ doc: vscode.Uri; images: vscode.Uri[] }> {
	const folder = vscode.Uri.joinPath(root, `growth-${size.images}`);
	const imagesDir = path.join(folder.fsPath, 'images');
	await fs.mkdir(imagesDir, { recursive: true });
	const names = Array.from({ length: size.images }, (_, i) => `seeded-${String(i).padStart(5, '0')}.png`);
	for (let i = 0; i < names.length; i += 200) {
		await Promise.all(names.slice(i, i + 200).map((n) => fs.writeFile(path.join(imagesDir, n), png)));
	}
	const images = names.map((n) => vscode.Uri.joinPath(folder, 'images', n));
	const lines: string[] = [];
	for (let i = 0; i < size.lines; i++) {
		lines.push(i % 10 === 9 ? `![seeded ${i}](images/${names[Math.floor(i / 10) % names.length]})` : `Line ${i} of a long document about sneakers, shirts and digits.`);
	}
	const doc = vscode.Uri.joinPath(folder, 'doc.md');
	await fs.writeFile(doc.fsPath, `${lines.join('\n')}\n`);
	const now = Date.now();
	const entries: StoredEntry[] = Array.from({ length: size.entries }, (_, i) => ({
		id: `seeded-${size.images}-${i}`,
		prompt: `a seeded sneaker ${i}`,
		engine: 'gan',
		details: 'offline model · seeded',
		createdAt: now - 1000 * (i + 1),
		elapsedMs: 100,
		files: [images[i % images.length].toString()],
		link: `![a seeded sneaker ${i}](images/${names[i % names.length]})`,
		seed: i,
	}));
	await vscode.commands.executeCommand('imagegen.test.seedHistory', entries);
	return { doc, images };
}

interface SizeFigures extends Size {
	readonly saveNewMs: number;
	readonly saveTakenMs: number;
	readonly linkMs: number;
	readonly openPanelMs: number;
	/** Pictures the panel held right after it listed the history. */
	readonly picturesOnOpen: number;
	/** After scrolling to the end: whether the last entry's picture arrived, and when. */
	readonly scrolledPictureMs?: number;
	readonly workspaceStateChars: number;
	readonly lastWriteChars: number;
	readonly webviewStateChars?: number;
	readonly hoverMs: number;
	readonly heapBeforeMiB: number;
	readonly heapAfterMiB: number;
	readonly generationMedianMs: number;
}

async function measure(root: vscode.Uri, size: Size, png: Uint8Array): Promise<SizeFigures> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await vscode.commands.executeCommand('imagegen.test.clearHistory');
	const t0 = performance.now();
	const { doc, images } = await build(root, size, png);
	console.log(`growth ${size.images}/${size.entries}/${size.lines}: built in ${Math.round(performance.now() - t0)} ms`);

	// The panel opened cold over the history: until it lists every entry.
	const t1 = performance.now();
	await vscode.commands.executeCommand('imagegen.openPreview');
	const opened = await waitFor('the history in the panel', async () => {
		const d = await diagnostics();
		return (d.historyEntries ?? 0) >= size.entries ? d : undefined;
	});
	const openPanelMs = performance.now() - t1;
	const picturesOnOpen = opened.historyFiles.length;
	// Scrolled to the end, as a user would: the oldest entry's picture arrives.
	const last = images[(size.entries - 1) % images.length].toString();
	const t2 = performance.now();
	const scrolled = await waitFor('the oldest picture after scrolling', async () => ((await diagnostics('end')).historyFiles.includes(last) ? true : undefined), 60_000).catch(() => undefined);
	const scrolledPictureMs = scrolled ? performance.now() - t2 : undefined;
	await diagnostics('top');

	const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
	const middle = editor.document.lineAt(Math.floor(size.lines / 2)).range.end;
	const place = () => (editor.selection = new vscode.Selection(middle, middle));
	const saveNew: number[] = [];
	const saveTaken: number[] = [];
	const link: number[] = [];
	for (let i = 0; i < runs; i++) {
		place();
		const fresh = await generate(`a sneaker ${wordFor(i)} ${size.images}`, true);
		saveNew.push(fresh.timings!.savedAt - fresh.timings!.receivedAt);
		if (fresh.timings!.linkedAt !== undefined) {
			link.push(fresh.timings!.linkedAt - fresh.timings!.savedAt);
		}
		// "a seeded sneaker" is taken from the second run on: the folder is listed.
		const taken = await generate('a seeded sneaker', false);
		if (i > 0) {
			saveTaken.push(taken.timings!.savedAt - taken.timings!.receivedAt);
		}
	}
	const state = await historyState();
	const webviewStateChars = (await diagnostics()).savedStateChars;

	// A hover on an image link of the document (every link provider of the window answers).
	const linkLine = Math.min(size.lines - 1, 10 * Math.floor(size.lines / 20) + 9);
	const hovers: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc, new vscode.Position(linkLine, 4));
		hovers.push(performance.now() - t);
	}

	// The generations for the heap figure link nothing: the long document is closed first, so that the
	// built-in Markdown language server, which re-parses it after every edit (seconds of CPU at
	// 100,000 lines, in a process of its own), does not slow the figures that are ours.
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	const heapBeforeMiB = heapMiB();
	const times: number[] = [];
	for (let i = 0; i < generations; i++) {
		const t = performance.now();
		await generate(i % 2 ? 'digit 3' : 'a shirt', false, 1000 + i);
		times.push(performance.now() - t);
	}
	const heapAfterMiB = heapMiB();
	return {
		...size,
		saveNewMs: median(saveNew),
		saveTakenMs: median(saveTaken),
		linkMs: median(link),
		openPanelMs,
		picturesOnOpen,
		scrolledPictureMs,
		workspaceStateChars: state.storedChars,
		lastWriteChars: state.lastWriteChars,
		webviewStateChars,
		hoverMs: median(hovers),
		heapBeforeMiB,
		heapAfterMiB,
		generationMedianMs: median(times),
	};
}

interface MemoryPoint {
	readonly generations: number;
	readonly tensors: number;
	readonly heapMiB: number;
}

/** M generations in a row with the panel open: tensors and heap at the start, half way, the end. */
async function memory(count: number): Promise<{ readonly points: readonly MemoryPoint[]; readonly backend: string; readonly medianMs: number }> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await generate('digit 3', false, 1);
	const points: MemoryPoint[] = [];
	const point = async (n: number) => points.push({ generations: n, tensors: (await diagnostics()).numTensors, heapMiB: heapMiB() });
	await point(0);
	const times: number[] = [];
	for (let i = 1; i <= count; i++) {
		const t = performance.now();
		await generate(i % 2 ? 'digit 3' : 'digit 8', false, 5000 + i);
		times.push(performance.now() - t);
		if (i === Math.floor(count / 2) || i === count) {
			await point(i);
		}
	}
	return { points, backend: (await diagnostics()).backend, medianMs: median(times) };
}

export async function run(): Promise<void> {
	const root = vscode.workspace.workspaceFolders![0].uri;
	const config = vscode.workspace.getConfiguration('imagegen');
	await config.update('history.maxEntries', 5000, vscode.ConfigurationTarget.Global);
	await config.update('engine', 'gan', vscode.ConfigurationTarget.Global);
	const wanted = (process.env.IMAGEGEN_GROWTH_SIZES || '1,2,3').split(',').map((s) => Number(s.trim()) - 1);
	const result: { vscode: string; runs: number; generations: number; sizes: SizeFigures[]; memory?: Awaited<ReturnType<typeof memory>>; error?: string } = {
		vscode: vscode.version,
		runs,
		generations,
		sizes: [],
	};
	try {
		const png = await samplePng();
		for (const i of wanted) {
			const figures = await measure(root, sizes[i], png);
			console.log(`growth figures ${JSON.stringify(figures)}`);
			result.sizes.push(figures);
		}
		if (memoryGenerations > 0) {
			await vscode.commands.executeCommand('imagegen.test.clearHistory');
			await config.update('history.maxEntries', undefined, vscode.ConfigurationTarget.Global);
			result.memory = await memory(memoryGenerations);
		}
	} catch (err) {
		result.error = err instanceof Error ? err.message : String(err);
	} finally {
		await config.update('history.maxEntries', undefined, vscode.ConfigurationTarget.Global);
		await config.update('engine', undefined, vscode.ConfigurationTarget.Global);
	}
	console.log(`BENCH_GROWTH ${JSON.stringify(result)}`);
}
