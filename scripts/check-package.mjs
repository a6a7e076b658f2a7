#!/usr/bin/env node
// Package check: `npm run package` must produce a .vsix that vsce builds without a warning, that
// holds everything the extension needs at run time (bundles, manifest and its translations, media
// the manifest names) and nothing else: no sources, tests, source maps, caches or test hooks, and
// under 3 MB. `npm run test:package` (part of npm test).
//
//   node scripts/check-package.mjs [--keep]   --keep: leave the .vsix in test-results/
//
// Prints the package's files with their sizes, then "N passed, N failed".
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const maxBytes = 3 * 1024 * 1024;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-package-'));
const vsix = path.join(tmp, 'imagegen.vsix');

/**
 * What must never ship, and why. Paths are inside the package's `extension/` folder.
 * @type {[RegExp, string][]}
 */
const forbidden = [
	[/^(src|webview-ui|scripts|test|out|docs|gan)\//u, 'sources, tests or tools (gan/: the GAN trainer, its own workspace)'],
	[/\.(ts|tsx|mts|cts)$/u, 'TypeScript source'],
	[/\.map$/u, 'source map'],
	[/(^|\/)(\.cache|node_modules|test-results|\.test-work|\.vscode-test|\.git|\.ci)\//u, 'cache, dependency or CI folder'],
	[/\.(vsix|log|tsbuildinfo)$/u, 'build artefact'],
	[/(^|\/)(tsconfig|eslint\.config|esbuild|\.mocharc)[^/]*$/u, 'build configuration'],
	[/(^|\/)[^/]*(\.test\.|\.spec\.|wireserver|fixture)[^/]*$/iu, 'test hook or fixture'],
];
/** Strings that only test code has: a bundle holding one ships a test hook. */
const testOnlyCode = ['OpenAIWireServer', 'openaiWireServer', 'mocha', 'extensionTestsPath'];

let passed = 0;
let failed = 0;
function check(name, problems) {
	if (problems.length === 0) {
		passed++;
		console.log(`  ✔ ${name}`);
	} else {
		failed++;
		console.log(`  ✖ ${name}\n${problems.map((p) => `    ${p}`).join('\n')}`);
	}
}

function readVsix(file) {
	return new Promise((resolve, reject) => {
		yauzl.open(file, { lazyEntries: true }, (err, zip) => {
			if (err) return reject(err);
			const entries = new Map();
			zip.on('entry', (entry) => {
				if (entry.fileName.endsWith('/')) return zip.readEntry();
				zip.openReadStream(entry, (e, stream) => {
					if (e) return reject(e);
					const chunks = [];
					stream.on('data', (c) => chunks.push(c));
					stream.on('end', () => {
						entries.set(entry.fileName, Buffer.concat(chunks));
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(entries));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

try {
	// The project's own package script, with the output redirected.
	const run = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: root, encoding: 'utf8' });
	const output = `${run.stdout}\n${run.stderr}`;
	if (run.status !== 0 || !fs.existsSync(vsix)) {
		console.log(output);
		check('npm run package builds the .vsix', [`exit code ${run.status}`]);
		throw new Error('no package');
	}
	check('npm run package builds the .vsix', []);
	check('vsce reports no warning', output.split('\n').filter((l) => /\bWARN(ING)?\b/u.test(l)).map((l) => l.trim()));

	const entries = await readVsix(vsix);
	const files = [...entries.keys()].filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length)).sort();
	for (const f of files) console.log(`    ${f} ${(entries.get(`extension/${f}`).length / 1024).toFixed(1)} KB`);
	const size = fs.statSync(vsix).size;
	console.log(`    ${files.length} files, ${(size / 1024 / 1024).toFixed(2)} MB`);

	check('nothing that should not ship', files.flatMap((f) => forbidden.filter(([re]) => re.test(f)).map(([, why]) => `${f}: ${why}`)));
	check('no test code inside the bundles', files.filter((f) => f.endsWith('.js')).flatMap((f) => {
		const text = entries.get(`extension/${f}`).toString('utf8');
		return testOnlyCode.filter((s) => text.includes(s)).map((s) => `${f} contains ${s}`);
	}));
	check(`the .vsix is under ${maxBytes / 1024 / 1024} MB`, size > maxBytes ? [`${size} bytes`] : []);

	// Everything the manifest points at is there: main, icon, l10n, translations, walkthrough media.
	const manifest = JSON.parse(entries.get('extension/package.json').toString('utf8'));
	const nls = JSON.parse(entries.get('extension/package.nls.json')?.toString('utf8') ?? '{}');
	const zh = JSON.parse(entries.get('extension/package.nls.zh-cn.json')?.toString('utf8') ?? '{}');
	const resolve = (v, table) => (typeof v === 'string' && /^%.+%$/u.test(v) ? table[v.slice(1, -1)] : v);
	const needed = new Set(['package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'dist/webview.js', 'readme.md', 'changelog.md', 'LICENSE.txt']);
	needed.add(path.posix.normalize(manifest.main));
	needed.add(manifest.icon);
	for (const w of manifest.contributes?.walkthroughs ?? []) {
		for (const step of w.steps) {
			for (const table of [nls, zh]) {
				const media = step.media?.svg ?? step.media?.image ?? step.media?.markdown;
				if (media) needed.add(resolve(media, table));
			}
		}
	}
	check('everything the manifest refers to is in the package', [...needed].filter((f) => !f || !files.includes(f)).map((f) => `missing ${f}`));

	const icon = entries.get(`extension/${manifest.icon}`);
	const iconSize = icon && icon.toString('latin1', 12, 16) === 'IHDR' ? `${icon.readUInt32BE(16)}x${icon.readUInt32BE(20)}` : 'not a PNG';
	check('the icon is a 256x256 PNG', iconSize === '256x256' ? [] : [`${manifest.icon}: ${iconSize}`]);
	// Test hooks are registered only when the extension runs its tests (extensionMode Test): the
	// manifest never offers them (no command, menu item, keybinding or activation event).
	const testHooks = ['imagegen.previewDiagnostics', 'imagegen.test.'];
	const contributed = JSON.stringify([manifest.contributes?.commands, manifest.contributes?.menus, manifest.contributes?.keybindings, manifest.activationEvents]);
	check('no test hook in the manifest', testHooks.filter((id) => contributed.includes(id)).map((id) => `${id} is contributed`));

	if (process.argv.includes('--keep')) {
		fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
		fs.copyFileSync(vsix, path.join(root, 'test-results', 'imagegen.vsix'));
	}
} catch (err) {
	if (!(err instanceof Error && err.message === 'no package')) {
		failed++;
		console.log(`  ✖ ${err instanceof Error ? err.stack : String(err)}`);
	}
} finally {
	fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
