import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../../..');
const fixtures = path.join(root, 'test/fixtures/layers');

/** A file of the folder the fixture's name gives, so that that folder's rules apply (`core--x.ts.txt` → `src/core/<existing file>`). */
const standIns: Record<string, string> = {
	core: 'src/core/prompt.ts',
	workspace: 'src/workspace/links.ts',
	providers: 'src/providers/engineRegistry.ts',
	tools: 'src/tools/toolConfirmation.ts',
	'webview-ui': 'webview-ui/strings.ts',
};

/**
 * The layering rule of eslint.config.mjs (eslint.layers.mjs), run through ESLint's Node API with the
 * project's own configuration, as `npm run lint` runs it: an import that points up a layer fails.
 */
describe('layers (npm run lint)', function () {
	this.timeout(180_000);
	const eslint = new ESLint({ cwd: root });

	for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.ts.txt'))) {
		const folder = name.slice(0, name.indexOf('--'));
		it(`refuses ${name.replace('.ts.txt', '').replace('--', ': ')}`, async () => {
			const filePath = path.join(root, standIns[folder]);
			const [result] = await eslint.lintText(readFileSync(path.join(fixtures, name), 'utf8'), { filePath });
			const layering = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
			assert.equal(layering.length, 1, JSON.stringify(result.messages));
			assert.equal(layering[0].severity, 2);
		});
	}

	it('accepts the imports the layers allow (the stand-in files as they are)', async () => {
		for (const file of Object.values(standIns)) {
			const filePath = path.join(root, file);
			const [result] = await eslint.lintText(readFileSync(filePath, 'utf8'), { filePath });
			assert.deepEqual(result.messages, [], file);
		}
	});
});
