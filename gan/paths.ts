/**
 * The repository root, found from this file whether it runs as TypeScript
 * (`scripts/gan/`, through tsx) or compiled (`out/scripts/gan/`, in the tests).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'scripts', 'gan'))) {
			return dir;
		}
		if (path.dirname(dir) === dir) {
			throw new Error(`no repository root above ${start}`);
		}
	}
}

export const REPO_ROOT = findRoot(__dirname);
