// Where the benchmark and the webview check get their generators from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A folder holding `<domain>/model.json` for one or both domains: `explicit` if given,
 * else the trained models in media/gan/, else random-weight generators of the same
 * architecture written to a temp folder (never committed).
 * `trained`: metadata.json says the weights had training steps.
 * @returns {{ dir: string, trained: boolean }}
 */
export function modelDir(explicit) {
	if (explicit) return { dir: resolve(explicit), trained: isTrained(resolve(explicit)) };
	const media = join(ROOT, 'media', 'gan');
	if (['digits', 'fashion'].some((d) => existsSync(join(media, d, 'model.json')))) return { dir: media, trained: isTrained(media) };
	const tmp = mkdtempSync(join(tmpdir(), 'imagegen-gan-'));
	for (const domain of ['digits', 'fashion']) {
		execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'gan', 'randomModel.ts'), tmp, domain], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	return { dir: tmp, trained: false };
}

function isTrained(dir) {
	return ['digits', 'fashion'].some((domain) => {
		try {
			return JSON.parse(readFileSync(join(dir, domain, 'metadata.json'), 'utf8')).trainingSteps > 0;
		} catch {
			return false;
		}
	});
}

/** The domain to run: fashion when its model is there, else digits. */
export function pickDomain(dir) {
	return existsSync(join(dir, 'fashion', 'model.json')) ? 'fashion' : 'digits';
}
