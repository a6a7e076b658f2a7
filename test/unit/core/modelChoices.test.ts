import * as assert from 'node:assert/strict';
import { defaultModel } from '../../../src/core/modelCatalogue';
import { looksLikeImageModel, modelChoices } from '../../../src/core/modelChoices';

describe('Choose Image Model: what is offered', () => {
	const now = new Date('2026-12-02T00:00:00Z');

	it("keeps only the image models of the API's list, current first in catalogue order, then unknown, then retired", () => {
		const { choices, fromList } = modelChoices(
			['gpt-5.1', 'dall-e-3', 'gpt-image-2', 'text-embedding-3-small', 'gpt-image-3-preview', 'gpt-image-2.6-sunburst', 'whisper-1', 'gpt-image-1', 'ft:gpt-image-2:acme::abc123'],
			now,
		);
		assert.equal(fromList, true);
		assert.deepEqual(
			choices.map((c) => `${c.id}:${c.status}`),
			['gpt-image-2.6-sunburst:current', 'gpt-image-2:current', 'ft:gpt-image-2:acme::abc123:unknown', 'gpt-image-3-preview:unknown', 'gpt-image-1:retired', 'dall-e-3:retired'],
		);
		assert.ok(choices[0].entry?.summary, 'known models carry their catalogue summary');
	});

	it("offers the catalogue's current models when the listing failed or named no image model", () => {
		for (const listed of [undefined, [], ['gpt-5.1', 'tts-1']]) {
			const { choices, fromList } = modelChoices(listed, now);
			assert.equal(fromList, false);
			assert.equal(choices[0].id, defaultModel);
			assert.ok(choices.every((c) => c.status === 'current'));
			assert.ok(!choices.some((c) => c.id === 'gpt-image-1' || c.id === 'dall-e-3'), 'never a retired model');
		}
	});

	it('tells image models from the rest by name', () => {
		for (const id of ['gpt-image-4', 'dall-e-4', 'chatgpt-image-latest', 'ft:gpt-image-2:org::x', 'my-image-model']) {
			assert.ok(looksLikeImageModel(id), id);
		}
		for (const id of ['gpt-5.1', 'text-embedding-3-large', 'whisper-1', 'omni-moderation-latest', 'imagination-1']) {
			assert.ok(!looksLikeImageModel(id), id);
		}
	});
});
