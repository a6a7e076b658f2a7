import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateOpenAIImages, type OpenAIConnection, type PartialImage } from '../../../src/providers/openai/openaiImages';
import { OpenAIWireServer } from '../../support/openaiWireServer';
import { failureOf } from '../../support/openaiFailure';

/** Streamed generations (`stream: true`, `partial_images`): the real SDK reading real server-sent events. */
describe('OpenAI streaming against the wire-format server', () => {
	const server = new OpenAIWireServer();
	let conn: OpenAIConnection;
	const options = { model: 'gpt-image-2', prompt: 'a fox in snow', size: '1024x1024', quality: 'low', partialImages: 2 };

	before(async () => {
		await server.start();
		conn = { apiKey: server.apiKey, baseURL: server.baseUrl, timeoutMs: 10_000, maxRetries: 0 };
	});
	after(() => server.stop());
	beforeEach(() => server.reset());

	it('asks for a stream with the partial images, hands each partial over as it arrives, and returns the completed image with its usage', async () => {
		const partials: PartialImage[] = [];
		const result = await generateOpenAIImages(conn, options, { onPartial: (p) => partials.push(p) });
		assert.deepEqual(server.requests[0].body, { model: 'gpt-image-2', prompt: 'a fox in snow', size: '1024x1024', quality: 'low', stream: true, partial_images: 2 });
		assert.equal(partials.length, 2);
		assert.deepEqual(
			partials.map((p) => [p.index, p.format, Buffer.from(p.bytes).equals(Buffer.from(server.sentPartials[p.index]))]),
			[
				[0, 'png', true],
				[1, 'png', true],
			],
		);
		assert.equal(result.images.length, 1);
		assert.deepEqual(Buffer.from(result.images[0].bytes), Buffer.from(server.sentImages[0]));
		assert.equal(result.partials, 2);
		assert.equal(result.usage?.total_tokens, 1068);
		assert.ok(result.requestId?.startsWith('req_test_'));
	});

	it('sends partials before the final image, not all at the end', async () => {
		server.enqueue({ kind: 'stream', partials: 2, eventDelayMs: 150, end: 'complete' });
		const arrivals: number[] = [];
		const started = Date.now();
		const result = await generateOpenAIImages(conn, options, { onPartial: () => arrivals.push(Date.now() - started) });
		const done = Date.now() - started;
		assert.equal(arrivals.length, 2);
		assert.ok(arrivals[0] < done - 100, `the first partial (${arrivals[0]} ms) came well before the end (${done} ms)`);
		assert.equal(result.images.length, 1);
	});

	it('does not stream for several images, or when partial images are 0', async () => {
		await generateOpenAIImages(conn, { ...options, n: 2 });
		await generateOpenAIImages(conn, { ...options, partialImages: 0 });
		assert.equal((server.requests[0].body as { stream?: boolean }).stream, undefined);
		assert.equal((server.requests[1].body as { stream?: boolean }).stream, undefined);
	});

	it('reports an error event mid-stream (with an error object) with the API message, and returns nothing', async () => {
		server.enqueue({ kind: 'stream', partials: 1, end: 'error', errorMessage: 'Image generation failed mid-way.' });
		const partials: PartialImage[] = [];
		const f = await failureOf(generateOpenAIImages(conn, options, { onPartial: (p) => partials.push(p) }));
		assert.equal(f.kind, 'stream');
		assert.equal(f.apiMessage, 'Image generation failed mid-way.');
		assert.equal(partials.length, 1, 'the partial before the error was shown');
	});

	it('reports a flat error event (message at the top level) too', async () => {
		server.enqueue({ kind: 'stream', partials: 0, end: 'flatError', errorMessage: 'Something broke.' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'stream');
		assert.equal(f.apiMessage, 'Something broke.');
	});

	it('reports a moderation error event as moderation', async () => {
		server.enqueue({ kind: 'stream', partials: 1, end: 'error', errorCode: 'moderation_blocked', errorMessage: 'Your request was rejected by the safety system.' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'moderation');
	});

	it('reports a stream that breaks off', async () => {
		server.enqueue({ kind: 'stream', partials: 1, end: 'drop' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'connectionLost', 'a socket that drops mid-stream is a broken connection');
	});

	it('reports a stream that ends without a completed image', async () => {
		server.enqueue({ kind: 'stream', partials: 2, end: 'end' });
		const f = await failureOf(generateOpenAIImages(conn, options));
		assert.equal(f.kind, 'stream');
		assert.match(f.apiMessage ?? '', /without a final image/);
	});

	it('times out a stream that goes quiet for longer than the time-out', async () => {
		server.enqueue({ kind: 'stream', partials: 1, end: 'hang' });
		const partials: PartialImage[] = [];
		const f = await failureOf(generateOpenAIImages({ ...conn, timeoutMs: 400 }, options, { onPartial: (p) => partials.push(p) }));
		assert.equal(f.kind, 'timeout');
		assert.equal(partials.length, 1);
	});

	it('cancelling mid-stream ends the request as aborted, after the partials seen so far', async () => {
		server.enqueue({ kind: 'stream', partials: 1, end: 'hang' });
		const abort = new AbortController();
		const partials: PartialImage[] = [];
		const pending = generateOpenAIImages(conn, options, {
			signal: abort.signal,
			onPartial: (p) => {
				partials.push(p);
				setTimeout(() => abort.abort(), 20);
			},
		});
		const f = await failureOf(pending);
		assert.equal(f.kind, 'aborted');
		assert.equal(partials.length, 1);
	});

	it('takes a plain JSON answer from a server that does not stream, and reads a broken one as malformed', async () => {
		server.enqueue({ kind: 'noImage' }, { kind: 'malformed' });
		assert.equal((await failureOf(generateOpenAIImages(conn, options))).kind, 'noImage');
		assert.equal((await failureOf(generateOpenAIImages(conn, options))).kind, 'malformed');
	});

	it('parses events split across chunks, after a comment line, as the SSE format allows', async () => {
		// A hand-written server: the events arrive byte-split, as a proxy may deliver them.
		const png = Buffer.from(server.sentImages.length ? server.sentImages[0] : (await generateOpenAIImages(conn, { ...options, partialImages: 0 })).images[0].bytes);
		const completed = JSON.stringify({ type: 'image_generation.completed', b64_json: png.toString('base64'), created_at: 1, size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png', usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3, input_tokens_details: { text_tokens: 1, image_tokens: 0 } } });
		const text = `: keep-alive\n\nevent: image_generation.completed\ndata: ${completed}\n\n`;
		const raw = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			let i = 0;
			const step = () => {
				if (i >= text.length) {
					res.end();
					return;
				}
				res.write(text.slice(i, i + 4096));
				i += 4096;
				setImmediate(step);
			};
			step();
		});
		await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
		try {
			const port = (raw.address() as AddressInfo).port;
			const result = await generateOpenAIImages({ ...conn, baseURL: `http://127.0.0.1:${port}/v1` }, options);
			assert.deepEqual(Buffer.from(result.images[0].bytes), png);
			assert.equal(result.usage?.total_tokens, 3);
		} finally {
			raw.closeAllConnections();
			await new Promise((r) => raw.close(r));
		}
	});
});
