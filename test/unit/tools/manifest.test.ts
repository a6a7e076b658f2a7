import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelCatalogue } from '../../../src/core/modelCatalogue';
import type { ImageOptions } from '../../../src/core/openaiOptions';
import { checkEditInput, checkGenerateInput, editFields, generateFields, maxToolCount, type ToolWorkspace } from '../../../src/core/toolInput';

interface SchemaProperty {
	readonly type: string;
	readonly enum?: readonly string[];
	readonly minimum?: number;
	readonly maximum?: number;
	readonly pattern?: string;
}
interface ToolContribution {
	readonly name: string;
	readonly toolReferenceName: string;
	readonly canBeReferencedInPrompt: boolean;
	readonly displayName: string;
	readonly userDescription: string;
	readonly modelDescription: string;
	readonly inputSchema: { readonly properties: Readonly<Record<string, SchemaProperty>>; readonly required: readonly string[]; readonly additionalProperties: boolean };
}

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { languageModelTools: ToolContribution[] } };
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const tool = (name: string) => {
	const t = manifest.contributes.languageModelTools.find((x) => x.name === name);
	assert.ok(t, `${name} is contributed`);
	return t;
};

const workspace: ToolWorkspace = { folders: [{ name: 'w', path: '/w' }], allowOutside: false };
const base: ImageOptions = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png', moderation: 'auto', style: 'vivid', partialImages: 2 };
const models = modelCatalogue.map((m) => m.id);
/** Whether some model the catalogue knows accepts this one input. */
const acceptedBySomeModel = (field: string, value: unknown) =>
	models.some((model) => checkGenerateInput({ prompt: 'a red fox', [field]: value }, { defaultEngine: 'openai', settings: { ...base, model, size: model.startsWith('dall-e') ? '1024x1024' : 'auto' }, promptLimit: () => 1000, workspace }).ok);

describe('manifest: the language model tools', () => {
	it('contributes both tools with reference names, descriptions and localized user strings', () => {
		for (const [name, ref] of [['imagegen_generateImage', 'generateImage'], ['imagegen_editImage', 'editImage']]) {
			const t = tool(name);
			assert.equal(t.toolReferenceName, ref);
			assert.equal(t.canBeReferencedInPrompt, true);
			assert.ok(t.modelDescription.length > 200, 'the model is told when and how to call it');
			for (const s of [t.displayName, t.userDescription]) {
				const key = /^%(.+)%$/.exec(s)?.[1];
				assert.ok(key && nls[key], `${s} is a package.nls.json key`);
			}
		}
	});

	it('the generate schema lists exactly the validator\'s inputs, and every enum value is one the validator accepts', () => {
		const schema = tool('imagegen_generateImage').inputSchema;
		assert.deepEqual(Object.keys(schema.properties).sort(), [...generateFields].sort());
		assert.deepEqual(schema.required, ['prompt']);
		assert.equal(schema.additionalProperties, false);
		for (const [field, property] of Object.entries(schema.properties)) {
			for (const value of property.enum ?? []) {
				assert.ok(acceptedBySomeModel(field, value), `${field}: "${value}" is accepted for some model`);
			}
		}
		assert.ok(!acceptedBySomeModel('format', 'bmp'), 'a value outside the enum is refused');
		const count = schema.properties.count;
		assert.equal(count.maximum, maxToolCount);
		assert.ok(acceptedBySomeModel('count', count.minimum) && acceptedBySomeModel('count', count.maximum));
		assert.ok(!acceptedBySomeModel('count', (count.maximum ?? 0) + 1) && !acceptedBySomeModel('count', (count.minimum ?? 0) - 1));
		// The size pattern admits what the catalogue's models make.
		const pattern = new RegExp(schema.properties.size.pattern ?? '');
		for (const size of ['auto', '1024x1024', '1536x1024', '1792x1024', '256x256', '3840x2160']) {
			assert.ok(pattern.test(size) && acceptedBySomeModel('size', size), size);
		}
	});

	it('the edit schema lists exactly the validator\'s inputs', () => {
		const schema = tool('imagegen_editImage').inputSchema;
		assert.deepEqual(Object.keys(schema.properties).sort(), [...editFields].sort());
		assert.deepEqual(schema.required, ['image', 'prompt']);
		assert.ok(checkEditInput({ image: 'a.png', prompt: 'x', mask: 'm.png', referenceImages: ['b.png'], target: 'out/' }, { settings: base, promptLimit: 1000, workspace }).ok);
	});
});
