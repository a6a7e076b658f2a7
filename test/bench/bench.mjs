#!/usr/bin/env node
// `npm run bench`: every benchmark, in one go, printing its figures and recording them in
// BENCHMARKS.md (between the markers of each section) with the command and the machine.
//
//   1. the host bundle's size (target ≤ 400 KB minified; TF.js never in it);
//   2. one code-server run per VS Code version the tests use (test/bench/index.ts, with
//      test/bench/driver.mjs acting in the browser; IMAGEGEN_BENCH_VSCODE=floor,newest): each
//      figure beside the nearest built-in feature, as a ratio: activation against the Markdown
//      extension's, the offline engine's cold panel → first image against the built-in Markdown
//      preview opened cold on a document with one image (≤ 1.5×), the flow from the last byte of
//      the answer to the link for a 1024×1024 PNG against the built-in paste of the same PNG
//      (file copied into the workspace, link inserted; ≤ 1.0×), and the warm offline command →
//      link (≤ 300 ms, a figure);
//   3. the GAN in one Chromium run (test/bench/ganBench.mjs): time per image on each backend;
//   4. growth (test/bench/growth.ts, in code-server): cost at three workspace sizes, memory over 200 generations.
//
// Figures, never assertions: timings on a shared 2-core machine are noisy, so the
// comparisons that matter are ratios measured in the same run.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

/** Runs a node script, echoing its output, and returns the JSON after `tag` in it. */
function runForJson(args, tag, env = {}) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let out = '';
		const take = (chunk) => {
			out += chunk;
			process.stderr.write(chunk);
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('close', (code) => {
			const line = out.split('\n').find((l) => l.includes(`${tag} {`));
			if (!line) {
				console.error(`\n${args.join(' ')} exited ${code} without a ${tag} line`);
				resolve(undefined);
				return;
			}
			resolve(JSON.parse(line.slice(line.indexOf(`${tag} {`) + tag.length + 1)));
		});
	});
}

function machine() {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

const fmt = (n, digits = 1) => (typeof n === 'number' ? n.toFixed(digits) : 'n/a');

/** Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in BENCHMARKS.md. */
function record(name, body) {
	const file = path.join(root, 'BENCHMARKS.md');
	let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
	const start = `<!-- bench:${name} -->`;
	const end = `<!-- /bench:${name} -->`;
	const block = `${start}\n${body.trim()}\n${end}`;
	const i = text.indexOf(start);
	const j = text.indexOf(end);
	text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
	fs.writeFileSync(file, text);
}

const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}`;

if (want('bundle')) {
	const bundle = path.join(root, 'dist/extension.js');
	const bytes = fs.statSync(bundle).size;
	const hasTf = /@tensorflow|tfjs-core/.test(fs.readFileSync(bundle, 'utf8'));
	const webview = path.join(root, 'dist/webview.js');
	const webviewBytes = fs.existsSync(webview) ? fs.statSync(webview).size : undefined;
	console.log(`\nhost bundle: ${fmt(bytes / 1024)} KiB minified (target ≤ 400 KB), TF.js in it: ${hasTf ? 'YES' : 'no'}; webview bundle: ${fmt((webviewBytes ?? 0) / 1024)} KiB`);
	record(
		'bundle',
		`| bundle | size | target |\n|---|---|---|\n| dist/extension.js (host) | ${fmt(bytes / 1000)} kB | ≤ 400 kB, no TF.js (${hasTf ? 'TF.js FOUND' : 'none found'}) |\n| dist/webview.js (panel + TF.js) | ${webviewBytes ? fmt(webviewBytes / 1000) : 'n/a'} kB | — |\n\n\`npm run bench\` (bundle), ${stamp}.`,
	);
}

/** The VS Code versions of the host benchmarks: every version the tests use (floor and newest). */
const hostVersions = (process.env.IMAGEGEN_BENCH_VSCODE || 'floor,newest').split(',');
const load = () => os.loadavg().map((n) => n.toFixed(1)).join(' / ');

if (want('host')) {
	const hostBlocks = [];
	const anchorRows = [];
	for (const version of hostVersions) {
		const loadBefore = load();
		const host = await runForJson(['scripts/test-code-server.mjs', '--vscode', version, '--tests', 'out/test/bench/index.js', '--driver', 'test/bench/driver.mjs'], 'BENCH');
		if (!host) continue;
		const loadAfter = load();
		const a = host.activation;
		const f = host.flow;
		const g = host.gan;
		const mp = host.markdownPreview;
		const paste = host.markdownPaste;
		console.log(`\n[VS Code ${host.vscode}] load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after`);
		console.log(`activation: ImageGen ${fmt(a.imagegenMs)} ms, built-in Markdown ${fmt(a.markdownMs)} ms (ratio ${fmt(a.imagegenMs / a.markdownMs, 2)})`);
		console.log(`flow overhead (answer → link, ${f.runs} runs, ${fmt(f.imageBytes / 1024, 0)} KiB PNG): median ${fmt(f.medianMs)} ms, min ${fmt(f.minMs)}, max ${fmt(f.maxMs)}; of which saving ${fmt(f.saveMedianMs)} ms, linking ${fmt(f.linkMedianMs)} ms (medians)`);
		if (g) {
			console.log(`offline engine: cold panel → first image saved ${fmt(g.coldMs, 0)} ms, shown ${fmt(g.coldShownMs, 0)} ms (${g.backend}), warm command → link median ${fmt(g.warmMedianMs, 0)} ms (of which command → image received ${fmt(g.warmReceivedMs, 0)}, saving ${fmt(g.warmSaveMs, 0)}, linking ${fmt(g.warmLinkMs, 0)} ms, medians)`);
		}
		console.log(`built-in Markdown preview, cold → its image loaded: ${fmt(mp?.coldMs, 0)} ms (ratio ours shown / theirs ${fmt(g?.coldShownMs / mp?.coldMs, 2)}, ours saved / theirs ${fmt(g?.coldMs / mp?.coldMs, 2)})`);
		console.log(`built-in Markdown paste of the PNG → file copied and link: ${paste?.error ? `not measured: ${paste.error}` : `median ${fmt(paste.medianMs)} ms of ${paste.runs} (ratio ours / theirs ${fmt(f.medianMs / paste.medianMs, 2)})`}`);
		const h = host.ganColdWithHistory;
		if (h) {
			console.log(`offline engine: panel reopened over a full history (30 entries) → first image ${fmt(h.coldMs, 0)} ms`);
		}
		anchorRows.push(
			`| ${host.vscode} | ${fmt(a.imagegenMs)} / ${fmt(a.markdownMs)} ms = **${fmt(a.imagegenMs / a.markdownMs, 2)}×** | ${fmt(g?.coldShownMs, 0)} / ${fmt(mp?.coldMs, 0)} ms = **${fmt(g?.coldShownMs / mp?.coldMs, 2)}×** (saved: ${fmt(g?.coldMs, 0)} ms, ${fmt(g?.coldMs / mp?.coldMs, 2)}×) | ${paste?.error ? `not measured: ${paste.error}` : `${fmt(f.medianMs)} / ${fmt(paste.medianMs)} ms = **${fmt(f.medianMs / paste.medianMs, 2)}×**`} | ${fmt(g?.warmMedianMs, 0)} ms | ${loadBefore} → ${loadAfter} |`,
		);
		hostBlocks.push(
			[
				`Measured inside VS Code ${host.vscode} (code-server), one run; load average (1 / 5 / 15 min) ${loadBefore} before, ${loadAfter} after.`,
				'',
				'| figure | value | target |',
				'|---|---|---|',
				`| activation, ImageGen | ${fmt(a.imagegenMs)} ms | ≤ the built-in Markdown extension's |`,
				`| activation, built-in Markdown (same run) | ${fmt(a.markdownMs)} ms | — |`,
				`| flow overhead, last byte of the answer → link in the document (1024×1024 PNG, ${fmt(f.imageBytes / 1024, 0)} KiB), median of ${f.runs} | ${fmt(f.medianMs)} ms (min ${fmt(f.minMs)}, max ${fmt(f.maxMs)}) | ≤ 1.0× the built-in paste |`,
				`| … of which saving the file (folder, free name, write) / inserting the link, medians | ${fmt(f.saveMedianMs)} ms / ${fmt(f.linkMedianMs)} ms | — |`,
				...(paste && !paste.error ? [`| built-in Markdown paste of the same PNG → file copied into the workspace and link inserted, median of ${paste.runs} | ${fmt(paste.medianMs)} ms (min ${fmt(paste.minMs)}, max ${fmt(paste.maxMs)}) | — |`] : []),
				...(mp ? [`| built-in Markdown preview opened cold (to the side) on a document with one image → that image loaded in its webview | ${fmt(mp.coldMs, 0)} ms | — |`] : []),
				...(g
					? [
							`| offline engine, cold panel → first image shown in the panel (${g.backend}) | ${fmt(g.coldShownMs, 0)} ms | ≤ 1.5× the Markdown preview's cold open |`,
							`| offline engine, cold panel → first image saved | ${fmt(g.coldMs, 0)} ms | — |`,
							`| offline engine, warm command → link in the document, median of ${g.runs} | ${fmt(g.warmMedianMs, 0)} ms | ≤ 300 ms |`,
							`| … of which command → image received from the panel / saving / inserting the link, medians | ${fmt(g.warmReceivedMs, 0)} / ${fmt(g.warmSaveMs, 0)} / ${fmt(g.warmLinkMs, 0)} ms | — |`,
						]
					: []),
				...(h ? [`| offline engine, panel closed and reopened over a full history (30 entries, most of them the ${fmt(f.imageBytes / 1024, 0)} KiB PNG above) → first image | ${fmt(h.coldMs, 0)} ms | — |`] : []),
			].join('\n'),
		);
	}
	if (hostBlocks.length > 0) {
		record('host', `${hostBlocks.join('\n\n')}\n\n\`npm run bench\` (host), ${stamp}.`);
		record(
			'anchors',
			[
				'| VS Code | activation: ImageGen / Markdown | cold: our panel → first image shown / Markdown preview → its image (target ≤ 1.5×) | answer → link: our flow / built-in paste → file + link (target ≤ 1.0×) | warm offline command → link, median (≤ 300 ms) | load average before → after |',
				'|---|---|---|---|---|---|',
				...anchorRows,
				'',
				`\`npm run bench host\` (\`node scripts/test-code-server.mjs --vscode <version> --tests out/test/bench/index.js --driver test/bench/driver.mjs\` per version), ${stamp}.`,
			].join('\n'),
		);
	}
}

if (want('growth')) {
	// Cost as the workspace grows, and memory over a long run (test/bench/growth.ts), in each VS Code asked for.
	const versions = (process.env.IMAGEGEN_GROWTH_VSCODE || 'floor').split(',');
	const rows = [];
	for (const version of versions) {
		// The third size (10,000 images, 3,000 entries, a 4 MB document) and the 200-generation run take
		// longer than the tests' 25-minute limit on a loaded 2-core machine.
		const g = await runForJson(['scripts/test-code-server.mjs', '--vscode', version, '--tests', 'out/test/bench/growth.js'], 'BENCH_GROWTH', { IMAGEGEN_INTEGRATION_TIMEOUT_S: process.env.IMAGEGEN_INTEGRATION_TIMEOUT_S || '5400' });
		if (g) rows.push(g);
	}
	const kb = (n) => (typeof n === 'number' ? `${fmt(n / 1000)} kB` : 'n/a');
	const ms = (n) => (typeof n === 'number' ? `${fmt(n, 0)} ms` : 'n/a');
	const body = rows.map((g) => {
		const head = `| figure (VS Code ${g.vscode}) | ${g.sizes.map((s) => `${s.images} images, ${s.entries} entries, ${s.lines} lines`).join(' | ')} |`;
		const line = (name, f) => `| ${name} | ${g.sizes.map(f).join(' | ')} |`;
		const table = [
			head,
			`|---|${g.sizes.map(() => '---').join('|')}|`,
			line(`save one image under a new name, median of ${g.runs}`, (s) => ms(s.saveNewMs)),
			line(`… under a taken name (a few stats sent together, no listing), median of ${g.runs - 1}`, (s) => ms(s.saveTakenMs)),
			line(`insert its link, median of ${g.runs}`, (s) => ms(s.linkMs)),
			line('open the panel cold until it lists the whole history', (s) => ms(s.openPanelMs)),
			line('… pictures it held then (read by the host)', (s) => String(s.picturesOnOpen)),
			line('… scrolled to the end: the oldest picture shown after', (s) => ms(s.scrolledPictureMs)),
			line('`workspaceState` (history, no pictures) / written by the last job', (s) => `${kb(s.workspaceStateChars)} / ${kb(s.lastWriteChars)}`),
			line('the webview\'s saved state', (s) => kb(s.webviewStateChars)),
			line(`hover on an image link, median of ${g.runs}`, (s) => ms(s.hoverMs)),
			line(`host heap before → after ${g.generations} generations (after a GC)`, (s) => `${fmt(s.heapBeforeMiB)} → ${fmt(s.heapAfterMiB)} MiB`),
			line(`… one generation, median`, (s) => ms(s.generationMedianMs)),
		];
		const m = g.memory;
		const mem = m
			? [
					'',
					`| ${m.points.at(-1).generations} generations in a row, panel open (VS Code ${g.vscode}, ${m.backend}, median ${ms(m.medianMs)} each) | ${m.points.map((p) => `after ${p.generations}`).join(' | ')} |`,
					`|---|${m.points.map(() => '---').join('|')}|`,
					`| webview TF.js tensors | ${m.points.map((p) => p.tensors).join(' | ')} |`,
					`| host heap (after a GC) | ${m.points.map((p) => `${fmt(p.heapMiB)} MiB`).join(' | ')} |`,
				]
			: [];
		return [...table, ...mem, ...(g.error ? ['', `Stopped early: ${g.error}`] : [])].join('\n');
	});
	if (body.length > 0) {
		record('growth', `${body.join('\n\n')}\n\n\`npm run bench growth\` (IMAGEGEN_GROWTH_VSCODE=${versions.join(',')}), ${stamp}.`);
	}
}

if (want('gan') && fs.existsSync(path.join(root, 'test/bench/ganBench.mjs'))) {
	const gan = await runForJson(['test/bench/ganBench.mjs'], 'BENCH_GAN');
	if (gan?.markdown) {
		record('gan', `${gan.markdown.trim()}\n\n\`npm run bench\` (gan), ${stamp}.`);
	}
}
