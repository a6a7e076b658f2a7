/**
 * Benchmarks that need a real extension host (run by test/bench/bench.mjs through the code-server
 * harness): activation time against the built-in Markdown extension's, and the flow's own overhead
 * from the last byte of the API's answer to the link in the document. Prints one `BENCH {json}` line.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateImageOutcome } from '../../src/jobs/generate';
import { OpenAIWireServer } from '../support/openaiWireServer';

async function timeActivation(id: string): Promise<number | undefined> {
	const ext = vscode.extensions.getExtension(id);
	if (!ext || ext.isActive) {
		return undefined;
	}
	const t0 = performance.now();
	await ext.activate();
	return performance.now() - t0;
}

/** Epoch milliseconds of a `performance.now()` reading: the clock the browser-side driver uses too. */
const epoch = (t: number): number => performance.timeOrigin + t;

let driveRequests = 0;

/**
 * Asks test/bench/driver.mjs (in the browser, through the page's console) to act; resolves once it
 * watches (`waitImage`) or has acted (`paste`), with a promise of its answer: the epoch ms of the event.
 */
async function drive(request: Record<string, unknown>, timeoutMs = 180_000): Promise<{ done: Promise<number> }> {
	const reply = path.join(os.tmpdir(), `imagegen-bench-${process.pid}-${++driveRequests}.json`);
	console.log(`BENCH_DRIVE ${JSON.stringify({ ...request, reply, timeoutMs })}`);
	const deadline = Date.now() + timeoutMs + 5_000;
	const waitFor = async (file: string): Promise<string> => {
		for (;;) {
			try {
				return await fs.readFile(file, 'utf8');
			} catch {
				if (Date.now() > deadline) {
					throw new Error(`the bench driver did not answer ${request.action} (is test-code-server.mjs run with --driver test/bench/driver.mjs?)`);
				}
				await new Promise((r) => setTimeout(r, 10));
			}
		}
	};
	if (request.action === 'waitImage') {
		await waitFor(`${reply}.ready`);
	}
	const done = waitFor(reply).then((text) => {
		const answer = JSON.parse(text) as { at?: number; error?: string };
		if (typeof answer.at !== 'number') {
			throw new Error(`bench driver: ${answer.error ?? text}`);
		}
		return answer.at;
	});
	done.catch(() => undefined);
	return { done };
}

/** Opens and closes a plain webview, so that neither cold figure pays the session's first webview. */
async function warmWebviews(): Promise<void> {
	const panel = vscode.window.createWebviewPanel('imagegen.benchWarmUp', 'warm-up', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
	const shown = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage(() => resolve()));
	panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head><body><script>acquireVsCodeApi().postMessage('up')</script></body></html>`;
	await Promise.race([shown, new Promise((r) => setTimeout(r, 60_000))]);
	panel.dispose();
}

/**
 * Anchor for the cold panel: the built-in Markdown preview opened (to the side, as our panel opens)
 * on a document with one image, from the command to that image loaded in its webview.
 */
async function benchMarkdownPreview(folder: vscode.Uri, extensionUri: vscode.Uri): Promise<{ coldMs: number } | undefined> {
	const dir = vscode.Uri.joinPath(folder, 'bench', 'preview');
	await vscode.workspace.fs.createDirectory(dir);
	await vscode.workspace.fs.copy(vscode.Uri.joinPath(extensionUri, 'media', 'icon.png'), vscode.Uri.joinPath(dir, 'anchor.png'), { overwrite: true });
	const doc = vscode.Uri.joinPath(dir, 'preview.md');
	await vscode.workspace.fs.writeFile(doc, Buffer.from('# One image\n\n![anchor](anchor.png)\n'));
	await vscode.window.showTextDocument(doc);
	try {
		const { done } = await drive({ action: 'waitImage', selector: 'img[alt="anchor"]' });
		const t0 = epoch(performance.now());
		await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
		return { coldMs: (await done) - t0 };
	} catch (err) {
		console.log(`Markdown preview anchor not measured: ${String(err)}`);
		return undefined;
	}
}

/**
 * Anchor for answer → link: the built-in Markdown paste of an image file (the same PNG our flow
 * saves) into a document, from the paste event to the link in the document and the file copied
 * into the workspace. Runs `runs` times; median.
 */
async function benchMarkdownPaste(folder: vscode.Uri, png: Uint8Array, runs: number): Promise<{ runs: number; medianMs: number; minMs: number; maxMs: number; file?: string } | { error: string }> {
	const source = path.join(os.tmpdir(), `imagegen-bench-paste-${process.pid}.png`);
	await fs.writeFile(source, png);
	const dir = vscode.Uri.joinPath(folder, 'bench', 'paste');
	await vscode.workspace.fs.createDirectory(dir);
	const times: number[] = [];
	let file: string | undefined;
	try {
		for (let i = 0; i < runs + 2; i++) {
			const doc = vscode.Uri.joinPath(dir, `paste-${i}.md`);
			await vscode.workspace.fs.writeFile(doc, Buffer.from('pasted: \n'));
			const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
			const end = editor.document.lineAt(0).range.end;
			editor.selection = new vscode.Selection(end, end);
			const linked = new Promise<{ at: number; target: string }>((resolve) => {
				const sub = vscode.workspace.onDidChangeTextDocument((e) => {
					const m = e.document.uri.toString() === doc.toString() ? /\]\(([^)\s]+)\)/.exec(e.document.getText()) : null;
					if (m) {
						sub.dispose();
						resolve({ at: epoch(performance.now()), target: decodeURIComponent(m[1].replace(/^<|>$/g, '')) });
					}
				});
			});
			const { done } = await drive({ action: 'paste', file: source, name: 'pasted.png', type: 'image/png' }, 60_000);
			const pastedAt = await done;
			const link = await Promise.race([linked, new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000))]);
			if (!link) {
				return { error: 'the paste event inserted no link within 60 s' };
			}
			// The file the link points to, copied into the workspace (the same edit creates it; wait if not yet there).
			const target = vscode.Uri.joinPath(dir, link.target);
			let copiedAt = link.at;
			for (let tries = 0; ; tries++) {
				try {
					const stat = await vscode.workspace.fs.stat(target);
					if (stat.size === png.length) {
						break;
					}
				} catch {
					// not yet there
				}
				if (tries > 3000) {
					return { error: `the link points to ${link.target}, which was never written with the pasted bytes` };
				}
				await new Promise((r) => setTimeout(r, 10));
				copiedAt = epoch(performance.now());
			}
			file = link.target;
			await editor.document.save();
			if (i >= 2) {
				times.push(Math.max(link.at, copiedAt) - pastedAt);
			}
		}
	} catch (err) {
		return { error: String(err) };
	}
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	return { runs, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), file };
}

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The offline engine: cold panel → first image (no panel open, model not loaded: the time from
 * the command to the image saved), then warm command → link in the document.
 */
async function benchGan(folder: vscode.Uri): Promise<
	| { coldMs: number; coldShownMs?: number; backend: string; runs: number; warmMedianMs: number; warmMinMs: number; warmReceivedMs: number; warmSaveMs: number; warmLinkMs: number }
	| undefined
> {
	await vscode.workspace.getConfiguration('imagegen').update('engine', 'gan', vscode.ConfigurationTarget.Global);
	const doc = vscode.Uri.joinPath(folder, 'bench', 'gan.md');
	await vscode.workspace.fs.writeFile(doc, Buffer.from('digit seven\n'));
	const editor = await vscode.window.showTextDocument(doc);
	const select = () => (editor.selection = new vscode.Selection(editor.document.lineAt(0).range.start, editor.document.lineAt(0).range.end));
	select();
	// The first image shown in the panel, seen by the same eye as the Markdown preview's.
	const shown = await drive({ action: 'waitImage', selector: 'img.ig-image' }).catch((err: unknown) => {
		console.log(`panel image not watched: ${String(err)}`);
		return undefined;
	});
	const t0 = performance.now();
	const cold = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
	if (!cold?.timings) {
		console.log(`offline engine unavailable: ${cold?.error?.message ?? 'no outcome'}`);
		return undefined;
	}
	const coldMs = cold.timings.savedAt - t0;
	const coldShownMs = shown ? (await shown.done.catch(() => undefined)) ?? NaN : NaN;
	const diag = await vscode.commands.executeCommand<{ backend: string }>('imagegen.previewDiagnostics');
	const runs = Number(process.env.IMAGEGEN_BENCH_RUNS || 25);
	const warm: number[] = [];
	// Where a warm run's time goes: command → the image received from the panel, → saved, → linked.
	const received: number[] = [];
	const saving: number[] = [];
	const linking: number[] = [];
	for (let i = 0; i < runs; i++) {
		select();
		const t = performance.now();
		const outcome = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
		if (!outcome?.timings?.linkedAt) {
			throw new Error(`offline run ${i} inserted no link: ${outcome?.error?.message ?? 'no outcome'}`);
		}
		warm.push(outcome.timings.linkedAt - t);
		received.push(outcome.timings.receivedAt - t);
		saving.push(outcome.timings.savedAt - outcome.timings.receivedAt);
		linking.push(outcome.timings.linkedAt - outcome.timings.savedAt);
	}
	await vscode.workspace.getConfiguration('imagegen').update('engine', undefined, vscode.ConfigurationTarget.Global);
	return { coldMs, coldShownMs: Number.isNaN(coldShownMs) ? undefined : coldShownMs - epoch(t0), backend: diag.backend, runs, warmMedianMs: median(warm), warmMinMs: Math.min(...warm), warmReceivedMs: median(received), warmSaveMs: median(saving), warmLinkMs: median(linking) };
}

/** Cold panel → first image again, after closing the panel, with whatever history the workspace has. */
async function benchGanCold(folder: vscode.Uri): Promise<{ coldMs: number } | undefined> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await vscode.workspace.getConfiguration('imagegen').update('engine', 'gan', vscode.ConfigurationTarget.Global);
	const doc = vscode.Uri.joinPath(folder, 'bench', 'gan-again.md');
	await vscode.workspace.fs.writeFile(doc, Buffer.from('a sneaker\n'));
	const editor = await vscode.window.showTextDocument(doc);
	editor.selection = new vscode.Selection(editor.document.lineAt(0).range.start, editor.document.lineAt(0).range.end);
	const t0 = performance.now();
	const outcome = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
	await vscode.workspace.getConfiguration('imagegen').update('engine', undefined, vscode.ConfigurationTarget.Global);
	return outcome?.timings ? { coldMs: outcome.timings.savedAt - t0 } : undefined;
}

export async function run(): Promise<void> {
	// Activation first, before anything opens a Markdown file: both cold, in the same host.
	const markdownMs = await timeActivation('vscode.markdown-language-features');
	const imagegenMs = await timeActivation('imagegen.imagegen');
	const extensionUri = vscode.extensions.getExtension('imagegen.imagegen')!.extensionUri;
	const folder = vscode.workspace.workspaceFolders![0].uri;
	// Both cold webviews after one plain webview, so that neither pays for the session's first.
	await warmWebviews();
	const markdownPreview = await benchMarkdownPreview(folder, extensionUri);
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	// The offline engine next, while its panel has never been opened.
	const gan = await benchGan(folder);
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');

	const server = new OpenAIWireServer();
	await server.start();
	const config = vscode.workspace.getConfiguration('imagegen');
	await config.update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
	await config.update('engine', 'openai', vscode.ConfigurationTarget.Global);
	await config.update('openai.size', '1024x1024', vscode.ConfigurationTarget.Global);
	await vscode.commands.executeCommand('imagegen.setOpenAIKey', server.apiKey);

	const doc = vscode.Uri.joinPath(folder, 'bench', 'bench.md');
	const runs = Number(process.env.IMAGEGEN_BENCH_RUNS || 25);
	await vscode.workspace.fs.writeFile(doc, Buffer.from('a lighthouse at dusk\n'));
	const editor = await vscode.window.showTextDocument(doc);
	const overheads: number[] = [];
	const saves: number[] = [];
	const links: number[] = [];
	for (let i = 0; i < runs + 2; i++) {
		const line = editor.document.lineAt(0);
		editor.selection = new vscode.Selection(line.range.start, line.range.end);
		const outcome = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
		const t = outcome?.timings;
		if (!t?.linkedAt) {
			throw new Error(`run ${i} inserted no link: ${outcome?.error?.message ?? 'no outcome'}`);
		}
		if (i >= 2) {
			overheads.push(t.linkedAt - t.receivedAt);
			saves.push(t.savedAt - t.receivedAt);
			links.push(t.linkedAt - t.savedAt);
		}
	}
	await server.stop();
	await vscode.commands.executeCommand('imagegen.clearOpenAIKey');
	await editor.document.save();
	// The built-in paste of the same PNG: file copied into the workspace and link inserted.
	const paste = server.sentImages[0] ? await benchMarkdownPaste(folder, server.sentImages[0], Math.min(runs, 10)) : { error: 'no image was served' };
	// A returning user: the panel reopens over a full history (the runs above filled it).
	const coldWithHistory = await benchGanCold(folder);

	const result = {
		vscode: vscode.version,
		activation: { markdownMs, imagegenMs },
		markdownPreview,
		markdownPaste: paste,
		gan,
		ganColdWithHistory: coldWithHistory,
		flow: { runs, imageBytes: server.sentImages[0]?.length, medianMs: median(overheads), minMs: Math.min(...overheads), maxMs: Math.max(...overheads), saveMedianMs: median(saves), linkMedianMs: median(links) },
	};
	console.log(`BENCH ${JSON.stringify(result)}`);
}
