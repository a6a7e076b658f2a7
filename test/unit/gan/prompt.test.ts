import * as assert from 'node:assert/strict';
import { GAN_CLASSES, ganClassesOf } from '../../../src/core/gan/classes';
import {
	ganVocabulary, ganVocabularySummary, latentFromSeed, latentSeedFromPrompt, matchGanClass, normalizePrompt,
} from '../../../src/core/gan/prompt';

type Expect = readonly [prompt: string, id: string | undefined];

const CASES: readonly Expect[] = [
	// digits: English, numerals, Chinese
	['seven', 'digit-7'],
	['a handwritten 7', 'digit-7'],
	['7', 'digit-7'],
	['Draw a 7!', 'digit-7'],
	['七', 'digit-7'],
	['写一个七', 'digit-7'],
	['数字七', 'digit-7'],
	['zero', 'digit-0'],
	['零', 'digit-0'],
	['〇', 'digit-0'],
	['the number three', 'digit-3'],
	['digit 9 in ink', 'digit-9'],
	['NINE', 'digit-9'],
	['两', 'digit-2'],
	// numerals inside other tokens do not count
	['1024', undefined],
	['a 7px border', undefined],
	['version 3.7', undefined],
	['someone', undefined],
	['eighteen', undefined],
	// fashion: English synonyms
	['a sneaker', 'sneaker'],
	['Running shoes on white', 'sneaker'],
	['trainer', 'sneaker'],
	['ankle boot', 'ankle-boot'],
	['a leather boot', 'ankle-boot'],
	['pair of ankle-boots', 'ankle-boot'],
	['T-shirt', 'tshirt'],
	['a white t shirt', 'tshirt'],
	['tee', 'tshirt'],
	['shirt', 'shirt'],
	['a dress shirt', 'shirt'],
	['red dress', 'dress'],
	['jeans', 'trouser'],
	['pants', 'trouser'],
	['sweater', 'pullover'],
	['jumper', 'pullover'],
	['winter coat', 'coat'],
	['jacket', 'coat'],
	['sandals', 'sandal'],
	['handbag', 'bag'],
	['purse', 'bag'],
	['a bag', 'bag'],
	// fashion: Chinese
	['运动鞋', 'sneaker'],
	['一双球鞋', 'sneaker'],
	['靴子', 'ankle-boot'],
	['短靴', 'ankle-boot'],
	['裤子', 'trouser'],
	['毛衣', 'pullover'],
	['包', 'bag'],
	['一个包', 'bag'],
	['T恤', 'tshirt'],
	['白色Ｔ恤', 'tshirt'],
	['衬衫', 'shirt'],
	['连衣裙', 'dress'],
	['外套', 'coat'],
	['凉鞋', 'sandal'],
	// precedence: specific beats generic, class words beat bare numerals
	['one sneaker', 'sneaker'],
	['7 bags', 'bag'],
	['一件外套', 'coat'],
	['digit one next to a shoe', 'digit-1'],
	// nothing the offline engine can draw
	['', undefined],
	['a cat on a sofa', undefined],
	['sunset over mountains', undefined],
	['bootstrap logo', undefined],
	['一只猫', undefined],
	['一些面包', undefined],
	['a shoebox', undefined],
];

describe('GAN prompt → class', () => {
	for (const [prompt, id] of CASES) {
		it(`${JSON.stringify(prompt)} → ${id ?? 'nothing'}`, () => {
			const m = matchGanClass(prompt);
			assert.equal(m?.classId, id);
			if (m !== undefined) {
				const cls = GAN_CLASSES.find((c) => c.id === id);
				assert.equal(m.domain, cls?.domain);
				assert.equal(m.classIndex, cls?.index);
				assert.equal(m.label, cls?.label);
				assert.ok(normalizePrompt(prompt).includes(m.matched), m.matched);
			}
		});
	}

	it('has 10 classes per domain, indexed 0..9, unique ids and words', () => {
		for (const domain of ['digits', 'fashion'] as const) {
			assert.deepEqual(ganClassesOf(domain).map((c) => c.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		}
		assert.equal(new Set(GAN_CLASSES.map((c) => c.id)).size, 20);
		const words = GAN_CLASSES.flatMap((c) => c.words);
		assert.equal(new Set(words).size, words.length, 'a word names two classes');
		for (const w of words) {
			assert.equal(w, w.toLowerCase(), w);
		}
	});

	it('every class is reachable by each of its own words', () => {
		for (const cls of GAN_CLASSES) {
			for (const w of cls.words) {
				assert.equal(matchGanClass(w)?.classId, cls.id, w);
			}
		}
	});
});

describe('GAN match names', () => {
	it('names the class in English and in Chinese, whichever language the prompt was in', () => {
		for (const prompt of ['一只红色的运动鞋', 'a red sneaker']) {
			const m = matchGanClass(prompt);
			assert.equal(m?.label, 'Sneaker', prompt);
			assert.equal(m?.labelZh, '运动鞋', prompt);
		}
	});
});

describe('GAN latent seed', () => {
	it('is stable, normalises the prompt and depends on the seed', () => {
		const a = latentSeedFromPrompt('a red sneaker', 42);
		assert.equal(a, latentSeedFromPrompt('  A   Red SNEAKER ', 42));
		assert.notEqual(a, latentSeedFromPrompt('a red sneaker', 43));
		assert.notEqual(a, latentSeedFromPrompt('a blue sneaker', 42));
		assert.ok(Number.isInteger(a) && a >= 0 && a < 2 ** 32);
		// Pinned: changing the hash would change every user's images.
		assert.equal(latentSeedFromPrompt('seven', 0), 661826191);
	});

	it('gives standard normal latents, the same for the same seed', () => {
		const z = latentFromSeed(123, 64);
		assert.equal(z.length, 64);
		assert.deepEqual(z, latentFromSeed(123, 64));
		assert.notDeepEqual(z, latentFromSeed(124, 64));
		const big = latentFromSeed(7, 20000);
		const mean = big.reduce((s, v) => s + v, 0) / big.length;
		const variance = big.reduce((s, v) => s + (v - mean) ** 2, 0) / big.length;
		assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
		assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
		assert.equal(latentFromSeed(1, 3).length, 3);
	});
});

describe('GAN vocabulary', () => {
	it('lists both domains and all 20 classes in English and Chinese', () => {
		const v = ganVocabulary();
		assert.deepEqual(v.map((d) => d.domain), ['digits', 'fashion']);
		assert.equal(v.reduce((n, d) => n + d.classes.length, 0), 20);
		const text = ganVocabularySummary();
		for (const c of GAN_CLASSES) {
			assert.ok(text.includes(c.label), c.label);
			assert.ok(text.includes(c.labelZh), c.labelZh);
		}
	});
});
