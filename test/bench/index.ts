/**
 * Benchmarks that need a real extension host (run by test/bench/bench.mjs through the code-server
 * harness): activation time against the built-in Markdown extension's, and the flow's own overhead
 * from the last byte of the API's answer to the link in the document. Prints one `BENCH {json}` line.
 */
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

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The offline engine: cold panel → first image (no panel open, model not loaded: the time from
 * the command to the image saved), then warm command → link in the document.
 */
async function benchGan(folder: vscode.Uri): Promise<{ coldMs: number; backend: string; runs: number; warmMedianMs: number; warmMinMs: number } | undefined> {
	await vscode.workspace.getConfiguration('imagegen').update('engine', 'gan', vscode.ConfigurationTarget.Global);
	const doc = vscode.Uri.joinPath(folder, 'bench', 'gan.md');
	await vscode.workspace.fs.writeFile(doc, Buffer.from('digit seven\n'));
	const editor = await vscode.window.showTextDocument(doc);
	const select = () => (editor.selection = new vscode.Selection(editor.document.lineAt(0).range.start, editor.document.lineAt(0).range.end));
	select();
	const t0 = performance.now();
	const cold = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
	if (!cold?.timings) {
		console.log(`offline engine unavailable: ${cold?.error?.message ?? 'no outcome'}`);
		return undefined;
	}
	const coldMs = cold.timings.savedAt - t0;
	const diag = await vscode.commands.executeCommand<{ backend: string }>('imagegen.previewDiagnostics');
	const runs = Number(process.env.IMAGEGEN_BENCH_RUNS || 25);
	const warm: number[] = [];
	for (let i = 0; i < runs; i++) {
		select();
		const t = performance.now();
		const outcome = await vscode.commands.executeCommand<GenerateImageOutcome | undefined>('imagegen.generateImage');
		if (!outcome?.timings?.linkedAt) {
			throw new Error(`offline run ${i} inserted no link: ${outcome?.error?.message ?? 'no outcome'}`);
		}
		warm.push(outcome.timings.linkedAt - t);
	}
	await vscode.workspace.getConfiguration('imagegen').update('engine', undefined, vscode.ConfigurationTarget.Global);
	return { coldMs, backend: diag.backend, runs, warmMedianMs: median(warm), warmMinMs: Math.min(...warm) };
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
	// The offline engine next, while its panel has never been opened.
	const gan = await benchGan(vscode.workspace.workspaceFolders![0].uri);
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');

	const server = new OpenAIWireServer();
	await server.start();
	const config = vscode.workspace.getConfiguration('imagegen');
	await config.update('openai.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
	await config.update('engine', 'openai', vscode.ConfigurationTarget.Global);
	await config.update('openai.size', '1024x1024', vscode.ConfigurationTarget.Global);
	await vscode.commands.executeCommand('imagegen.setOpenAIKey', server.apiKey);

	const folder = vscode.workspace.workspaceFolders![0].uri;
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
	// A returning user: the panel reopens over a full history (the runs above filled it).
	const coldWithHistory = await benchGanCold(folder);

	const result = {
		vscode: vscode.version,
		activation: { markdownMs, imagegenMs },
		gan,
		ganColdWithHistory: coldWithHistory,
		flow: { runs, imageBytes: server.sentImages[0]?.length, medianMs: median(overheads), minMs: Math.min(...overheads), maxMs: Math.max(...overheads), saveMedianMs: median(saves), linkMedianMs: median(links) },
	};
	console.log(`BENCH ${JSON.stringify(result)}`);
}
