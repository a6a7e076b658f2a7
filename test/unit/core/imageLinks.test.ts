import * as assert from 'node:assert/strict';
import { imageLinkAt, isRemotePath } from '../../../src/core/imageLinks';

describe('finding the image link under the cursor', () => {
	const cases: { line: string; at: string; path?: string; form?: string }[] = [
		{ line: 'See ![a cat](images/a-cat.png) here', at: 'cat]', path: 'images/a-cat.png', form: 'plain' },
		{ line: 'See ![a cat](images/a-cat.png) here', at: 'a-cat.png', path: 'images/a-cat.png', form: 'plain' },
		{ line: '![x](<my images/a (1).png>)', at: 'my images', path: 'my images/a (1).png', form: 'angle' },
		{ line: '![x](images/a.png "a title")', at: 'title', path: 'images/a.png', form: 'plain' },
		{ line: '![\\[esc\\]](a%20b.png)', at: 'esc', path: 'a b.png', form: 'plain' },
		{ line: '![x](C%23/a.png)', at: 'x]', path: 'C#/a.png', form: 'plain' },
		{ line: '<img src="images/b.png" alt="b" />', at: 'alt', path: 'images/b.png', form: 'html' },
		{ line: 'Text ![a](one.png) and ![b](two.png)', at: 'two', path: 'two.png', form: 'plain' },
		{ line: 'No image [a link](page.md) here', at: 'link', path: undefined },
		{ line: '![a](one.png) then text', at: 'text', path: undefined },
	];
	for (const c of cases) {
		it(`${JSON.stringify(c.line)} at "${c.at}" → ${c.path ?? 'nothing'}`, () => {
			const found = imageLinkAt(c.line, c.line.indexOf(c.at));
			assert.equal(found?.path, c.path);
			if (found) {
				assert.equal(found.form, c.form);
				const written = c.line.slice(found.pathStart, found.pathEnd);
				assert.ok(c.line.slice(found.start, found.end).includes(written));
			}
		});
	}

	it('gives the exact range of the path, so the link can be pointed at a new file', () => {
		const line = 'x ![a](<my images/a.png>) y';
		const f = imageLinkAt(line, 5)!;
		assert.equal(line.slice(0, f.pathStart) + 'new.png' + line.slice(f.pathEnd), 'x ![a](<new.png>) y');
	});

	it('tells web images from files', () => {
		assert.equal(isRemotePath('https://example.com/a.png'), true);
		assert.equal(isRemotePath('data:image/png;base64,xx'), true);
		assert.equal(isRemotePath('images/a.png'), false);
		assert.equal(isRemotePath('file:///tmp/a.png'), false);
	});
});
