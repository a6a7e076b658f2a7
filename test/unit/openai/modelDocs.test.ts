import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestWithModels, nlsWithModels, readmeWithTable, tab } from '../../../scripts/docs/models';
import { modelCatalogue } from '../../../src/core/modelCatalogue';

// mocha runs from the repository root.
const read = (name: string) => fs.readFileSync(path.join(process.cwd(), name), 'utf8');

describe('Model catalogue: generated documentation and settings', () => {
	it('the README model table is the catalogue’s (run npm run docs:models when this fails)', () => {
		const readme = read('README.md');
		assert.equal(readme, readmeWithTable(readme));
		for (const m of modelCatalogue) {
			assert.ok(readme.includes(`| \`${m.id}\` |`), `${m.id} has a row`);
		}
	});

	it('the manifest’s model suggestions and option enums are the catalogue’s', () => {
		const manifest = read('package.json');
		assert.equal(manifest, tab(manifestWithModels(JSON.parse(manifest) as Record<string, unknown>)));
	});

	it('package.nls.json describes every model, and nothing else under the models’ keys', () => {
		const nls = read('package.nls.json');
		assert.equal(nls, tab(nlsWithModels(JSON.parse(nls) as Record<string, string>)));
	});

	it('every %key% the manifest uses is in package.nls.json', () => {
		const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
		const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
		assert.deepEqual(keys.filter((k) => !(k in nls)), []);
	});
});
