import * as assert from 'node:assert/strict';
import { classifyOpenAIError, editOpenAIImages, type OpenAIConnection, type PartialImage } from '../../../src/providers/openai/openaiImages';
import { imageDimensions, maskPng, OpenAIWireServer, testPng, type MultipartBody } from '../../support/openaiWireServer';

/** `images.edit` through the real SDK: multipart bodies parsed by the server with the platform's own form-data parser. */
describe('OpenAI edits against the wire-format server', () => {
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;
	const original = testPng(64, 48, 7);

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 };
	});
	after(() => server.stop());
	beforeEach(() => server.reset());

	it('sends the image as a multipart file with the prompt and model, and returns the edited image', async () => {
		const result = await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'as a watercolor' }, { images: [{ name: 'photo.png', bytes: original }] });
		const req = server.requests[0];
		assert.equal(req.path, '/v1/images/edits');
		assert.match(String(req.headers['content-type']), /^multipart\/form-data; boundary=/);
		const body = req.body as MultipartBody;
		assert.equal(body.prompt, 'as a watercolor');
		assert.equal(body.model, 'gpt-image-2');
		assert.equal(body.image?.length, 1);
		assert.equal(body.image?.[0].filename, 'photo.png');
		assert.equal(body.image?.[0].type, 'image/png');
		assert.deepEqual(Buffer.from(body.image![0].bytes), Buffer.from(original));
		assert.equal(body.mask, undefined);
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.deepEqual(imageDimensions(result.images[0].bytes), [64, 48], 'the edit keeps the original size');
	});

	it('sends reference images after the original, and a mask of the same size', async () => {
		const reference = testPng(32, 32, 9);
		await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'put the hat on the cat' }, { images: [{ name: 'cat.png', bytes: original }, { name: 'hat.png', bytes: reference }], mask: { name: 'mask.png', bytes: maskPng(64, 48) } });
		const body = server.requests[0].body as MultipartBody;
		assert.deepEqual(body.image?.map((f) => f.filename), ['cat.png', 'hat.png']);
		assert.deepEqual(Buffer.from(body.image![1].bytes), Buffer.from(reference));
		assert.equal(body.mask?.filename, 'mask.png');
		assert.deepEqual(imageDimensions(body.mask!.bytes), [64, 48]);
	});

	it('passes the API’s answer on when the mask does not match the image', async () => {
		try {
			await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'x' }, { images: [{ name: 'a.png', bytes: original }], mask: { name: 'mask.png', bytes: maskPng(10, 10) } });
			assert.fail('expected a 400');
		} catch (err) {
			const f = classifyOpenAIError(err);
			assert.equal(f.kind, 'badRequest');
			assert.match(f.apiMessage ?? '', /same dimensions/);
		}
	});

	it('streams an edit: image_edit partials, then the completed image', async () => {
		const partials: PartialImage[] = [];
		const result = await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'x', partialImages: 1 }, { images: [{ name: 'a.png', bytes: original }] }, { onPartial: (p) => partials.push(p) });
		const body = server.requests[0].body as MultipartBody;
		assert.equal(body.stream, 'true');
		assert.equal(body.partial_images, '1');
		assert.equal(partials.length, 1);
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.equal(result.usage?.total_tokens, 1068);
	});

	it('sends JPEG and WebP originals with their own content type', async () => {
		const jpegish = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
		await editOpenAIImages(conn, { model: 'gpt-image-2', prompt: 'x', size: '1024x1024' }, { images: [{ name: 'photo.JPG', bytes: jpegish }] });
		assert.equal((server.requests[0].body as MultipartBody).image?.[0].type, 'image/jpeg');
	});
});
