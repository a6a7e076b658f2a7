/**
 * The repository root (the folder above the `gan` workspace), found from this
 * file wherever the command runs from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'gan', 'package.json'))) {
			return dir;
		}
		if (path.dirname(dir) === dir) {
			throw new Error(`no repository root above ${start}`);
		}
	}
}

export const REPO_ROOT = findRoot(__dirname);
