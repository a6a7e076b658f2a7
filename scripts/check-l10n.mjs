#!/usr/bin/env node
// Checks the localization: the English bundle is what `@vscode/l10n-dev export` extracts from the
// sources today, every English string (bundle and package.nls.json) has a Simplified Chinese entry
// with the same placeholders, no Chinese entry is left over, and every vscode.l10n.t call has a
// literal first argument (the extractor silently skips the others).
//
//   node scripts/check-l10n.mjs           check (run by npm run lint)
//   npm run l10n:export                   regenerate l10n/bundle.l10n.json after changing strings
//
// On failure it prints exactly the keys to add or remove, as JSON lines ready to paste.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const languages = ['zh-cn'];
const problems = [];

function readJson(file) {
	return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

function sourceFiles(dir) {
	return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && /\.tsx?$/u.test(e.name) && !e.name.endsWith('.d.ts'))
		.map((e) => path.relative(root, path.join(e.parentPath, e.name)))
		.sort();
}

/** A bundle value is a string or { message, comment }. */
function messageOf(value) {
	return typeof value === 'string' ? value : value?.message;
}

function placeholders(text) {
	return [...String(text).matchAll(/\{(\d+)\}/gu)].map((m) => m[1]).sort().join(',');
}

function report(title, keys, hint) {
	if (keys.length === 0) return;
	problems.push(`${title} (${keys.length})${hint ? `: ${hint}` : ''}\n${keys.map((k) => `  ${JSON.stringify(k)}`).join('\n')}`);
}

/** Compares an English table with its translation: missing, empty, unused and placeholder mismatches. */
function compare(englishFile, english, translatedFile) {
	const translated = fs.existsSync(path.join(root, translatedFile)) ? readJson(translatedFile) : {};
	const missing = [];
	const mismatched = [];
	for (const [key, value] of Object.entries(english)) {
		const t = messageOf(translated[key]);
		if (typeof t !== 'string' || t.trim() === '') {
			missing.push(key);
		} else if (placeholders(t) !== placeholders(messageOf(value))) {
			mismatched.push(key);
		}
	}
	report(`${translatedFile}: keys of ${englishFile} without a translation`, missing, 'add them');
	report(`${translatedFile}: translations whose {n} placeholders differ from the English`, mismatched);
	report(`${translatedFile}: keys no longer in ${englishFile}`, Object.keys(translated).filter((k) => !(k in english)), 'remove them (or translate the new English text)');
}

// 1. Every l10n.t call is extractable.
const sources = sourceFiles('src');
const nonLiteral = [];
for (const file of sources) {
	const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
	lines.forEach((line, i) => {
		for (const m of line.matchAll(/\bl10n\.t\(\s*(.?)/gu)) {
			const first = m[1];
			const rest = line.slice(m.index + m[0].length - 1);
			if (!['\'', '"', '`', '{'].includes(first) || (first === '`' && /^`[^`]*\$\{/u.test(rest))) {
				nonLiteral.push(`${file}:${i + 1}: ${line.trim()}`);
			}
		}
	});
}
report('vscode.l10n.t calls whose first argument is not a literal (extraction cannot see them)', nonLiteral);

// 2. The committed English bundle is what the extractor finds now.
let extracted;
try {
	extracted = await getL10nJson(sources.map((file) => ({ contents: fs.readFileSync(path.join(root, file), 'utf8'), extension: path.extname(file) })));
} catch (error) {
	console.error(problems.concat(`@vscode/l10n-dev could not extract the strings: ${error instanceof Error ? error.message : String(error)}`).join('\n\n'));
	process.exit(1);
}
const bundleFile = 'l10n/bundle.l10n.json';
const committed = fs.existsSync(path.join(root, bundleFile)) ? readJson(bundleFile) : {};
const stale = [
	...Object.keys(extracted).filter((k) => !(k in committed)).map((k) => `+ ${k}`),
	...Object.keys(committed).filter((k) => !(k in extracted)).map((k) => `- ${k}`),
	...Object.keys(extracted).filter((k) => k in committed && JSON.stringify(extracted[k]) !== JSON.stringify(committed[k])).map((k) => `~ ${k}`),
];
report(`${bundleFile} is stale (+ in the sources only, - in the bundle only)`, stale, 'run npm run l10n:export');

// 3. The manifest: every %key% exists in package.nls.json.
const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const nls = readJson('package.nls.json');
const used = [...manifest.matchAll(/"%([^"%]+)%"/gu)].map((m) => m[1]);
report('package.json: %keys% missing from package.nls.json', [...new Set(used.filter((k) => !(k in nls)))]);
report('package.nls.json: keys package.json does not use', Object.keys(nls).filter((k) => !used.includes(k)));

// 4. Every English string has a translation.
for (const language of languages) {
	compare(bundleFile, extracted, `l10n/bundle.l10n.${language}.json`);
	compare('package.nls.json', nls, `package.nls.${language}.json`);
}

if (problems.length > 0) {
	console.error(problems.join('\n\n'));
	console.error(`\ncheck-l10n: ${problems.length} problem(s)`);
	process.exit(1);
}
console.log(`check-l10n: ${Object.keys(extracted).length} bundle strings and ${Object.keys(nls).length} manifest strings, all translated into ${languages.join(', ')}`);
