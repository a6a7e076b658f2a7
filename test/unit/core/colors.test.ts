import * as assert from 'node:assert/strict';
import { colourFromPrompt, ganColours } from '../../../src/core/colors';

describe('colour words for the offline engine', () => {
	const table: [string, string | undefined][] = [
		['a red dress', 'red'],
		['A RED sneaker', 'red'],
		['a navy blue coat', 'navy blue'],
		['light blue shirt', 'light blue'],
		['一件红色的连衣裙', '红色'],
		['蓝色运动鞋', '蓝色'],
		['a bluebird bag', undefined],
		['a reddish bag', undefined],
		['a bag', undefined],
		['a green bag with a red strap', 'green'],
	];
	for (const [prompt, word] of table) {
		it(`"${prompt}" → ${word ?? 'no colour'}`, () => assert.equal(colourFromPrompt(prompt)?.word, word));
	}

	it('draws in ink colour on white without a colour word', () => {
		assert.deepEqual(ganColours('a sneaker', 'white'), { foreground: [25, 25, 25], background: [255, 255, 255] });
		assert.deepEqual(ganColours('a sneaker', 'black'), { foreground: [245, 245, 245], background: [0, 0, 0] });
	});

	it('uses the colour word as the foreground', () => {
		assert.deepEqual(ganColours('a red dress', 'white'), { foreground: [200, 30, 40], background: [255, 255, 255] });
	});

	it('switches the background when the colour would vanish into it', () => {
		assert.deepEqual(ganColours('a white shirt', 'white').background, [0, 0, 0]);
		assert.deepEqual(ganColours('a black boot', 'black').background, [255, 255, 255]);
	});

	it('leaves the background out when transparent', () => {
		assert.equal(ganColours('a red bag', 'transparent').background, null);
	});
});
