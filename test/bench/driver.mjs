// The benchmarks' hands in the browser (loaded by scripts/test-code-server.mjs --driver): what the
// extension host cannot do itself, a person's paste into the editor and an eye on a webview's
// images. The bench (test/bench/index.ts) asks by printing `BENCH_DRIVE {json}` (it reaches the
// page's console); the answer is a JSON file written where the request says (`reply`), on the same
// machine, with epoch-millisecond times (Date.now()) that both sides read on one clock:
//
//   {"action":"waitImage","selector":"img[alt=anchor]","reply":"/…/r.json"}
//       writes `<reply>.ready` once it watches, then `<reply>` with `{at}` when an image matching
//       `selector` has loaded (complete, naturalWidth > 0) in any frame of the page (webviews too);
//   {"action":"paste","file":"/…/a.png","name":"a.png","type":"image/png","reply":"/…/r.json"}
//       dispatches a `paste` event holding that file on the focused element (the editor), as a
//       person's Ctrl+V of a copied image does, and writes `<reply>` with `{at}`, the time just before.
import * as fs from 'node:fs';

const TAG = 'BENCH_DRIVE ';
const POLL_MS = 25;

/**
 * @param {import('playwright-core').Page} page
 * @param {(message: string) => void} info
 */
export function attach(page, info) {
	page.on('console', (msg) => {
		const text = msg.text();
		const i = text.indexOf(TAG);
		if (i < 0) return;
		/** @type {{ action: string, reply: string, selector?: string, file?: string, name?: string, type?: string, timeoutMs?: number }} */
		let request;
		try {
			request = JSON.parse(text.slice(i + TAG.length, text.lastIndexOf('}') + 1));
		} catch (err) {
			info(`bench driver: unreadable request ${text}: ${String(err)}`);
			return;
		}
		// Written whole, then renamed: the bench polls for the file and must never read half of it.
		const write = (/** @type {object} */ body) => {
			fs.writeFileSync(`${request.reply}.part`, JSON.stringify(body));
			fs.renameSync(`${request.reply}.part`, request.reply);
		};
		const run = request.action === 'waitImage' ? waitImage(page, request, () => fs.writeFileSync(`${request.reply}.ready`, '')) : request.action === 'paste' ? paste(page, request) : Promise.reject(new Error(`unknown action ${request.action}`));
		run.then(
			(at) => write({ at }),
			(err) => {
				info(`bench driver: ${request.action} failed: ${err instanceof Error ? err.message : String(err)}`);
				write({ error: err instanceof Error ? err.message : String(err) });
			},
		);
	});
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{ selector?: string, timeoutMs?: number }} request
 * @param {() => void} watching
 */
async function waitImage(page, request, watching) {
	const selector = String(request.selector);
	const deadline = Date.now() + (request.timeoutMs ?? 180_000);
	watching();
	while (Date.now() < deadline) {
		for (const frame of page.frames()) {
			const loaded = await frame
				.evaluate((sel) => [...document.querySelectorAll(sel)].some((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0), selector)
				.catch(() => false);
			if (loaded) return Date.now();
		}
		await new Promise((r) => setTimeout(r, POLL_MS));
	}
	throw new Error(`no loaded ${selector} in any frame`);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{ file?: string, name?: string, type?: string }} request
 */
async function paste(page, request) {
	const base64 = fs.readFileSync(String(request.file)).toString('base64');
	return page.evaluate(
		({ base64, name, type }) => {
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			const data = new DataTransfer();
			data.items.add(new File([bytes], name, { type }));
			const target = document.activeElement ?? document.body;
			const at = Date.now();
			target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
			return at;
		},
		{ base64, name: request.name ?? 'pasted.png', type: request.type ?? 'image/png' },
	);
}
