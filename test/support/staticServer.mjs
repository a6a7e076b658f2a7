// A tiny static server on 127.0.0.1 for the GAN benchmark and the standalone
// webview check: URL prefixes map to folders, plus a few fixed in-memory pages.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.bin': 'application/octet-stream',
	'.wasm': 'application/wasm',
	'.png': 'image/png',
	'.map': 'application/json',
};

/**
 * @param {{ roots: Record<string, string>, pages?: Record<string, { body: string, type?: string, headers?: Record<string, string> }> }} options
 *   roots: URL prefix ('/dist/') → folder; pages: exact path → content.
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export async function startServer({ roots, pages = {} }) {
	const server = createServer((req, res) => void serve(req, res, roots, pages));
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} roots
 * @param {Record<string, { body: string, type?: string, headers?: Record<string, string> }>} pages
 */
async function serve(req, res, roots, pages) {
	try {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const page = pages[url.pathname];
		if (page !== undefined) {
			res.writeHead(200, { 'content-type': page.type ?? TYPES['.html'], 'cache-control': 'no-store', ...page.headers });
			res.end(page.body);
			return;
		}
		for (const [prefix, dir] of Object.entries(roots)) {
			if (!url.pathname.startsWith(prefix)) continue;
			const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
			if (rel.startsWith('..') || rel.includes(`${sep}..`)) break;
			const file = join(dir, rel);
			if (!(await stat(file).catch(() => undefined))?.isFile()) break;
			res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
			res.end(await readFile(file));
			return;
		}
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end('not found');
	} catch (err) {
		res.writeHead(500, { 'content-type': 'text/plain' });
		res.end(String(err));
	}
}

/** Headless Debian Chromium with WebGL2 on SwiftShader. */
export async function launchChromium() {
	const { chromium } = await import('playwright-core');
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--use-angle=swiftshader',
			'--enable-unsafe-swiftshader',
			'--ignore-gpu-blocklist',
			'--disable-background-networking',
			'--disable-background-timer-throttling',
			'--disable-renderer-backgrounding',
			'--no-sandbox',
		],
	});
}
