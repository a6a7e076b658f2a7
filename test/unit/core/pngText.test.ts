import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import {
	pngChunkTypes,
	provenanceEntries,
	readProvenance,
	readTextChunks,
	withProvenance,
	type ImageProvenance,
} from '../../../src/core/pngText';

/** fast-png is ESM-only; the compiled tests are CommonJS, so it is loaded with import(). */
type FastPng = typeof import('fast-png');
let fastPng: FastPng;

/** An RGBA image with a gradient, encoded by fast-png; `text` adds tEXt chunks of its own. */
function makePng(width: number, height: number, text?: Record<string, string>): Uint8Array {
	const data = new Uint8Array(width * height * 4);
	for (let i = 0; i < width * height; i++) {
		data[i * 4] = i % 256;
		data[i * 4 + 1] = (i >> 8) % 256;
		data[i * 4 + 2] = (i * 7) % 256;
		data[i * 4 + 3] = 255;
	}
	return fastPng.encode({ width, height, data, channels: 4, depth: 8, text });
}

interface RawChunk { readonly type: string; readonly data: Uint8Array; readonly bytes: Uint8Array }

/** An independent chunk walker, so the tests do not trust the code under test. */
function chunksOf(png: Uint8Array): RawChunk[] {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	const out: RawChunk[] = [];
	for (let offset = 8; offset < png.length;) {
		const length = view.getUint32(offset);
		const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1');
		const crc = view.getUint32(offset + 8 + length);
		assert.equal(crc, crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0, `bad CRC in ${type}`);
		out.push({ type, data: png.subarray(offset + 8, offset + 8 + length), bytes: png.subarray(offset, offset + 12 + length) });
		offset += 12 + length;
	}
	return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	out.set(data, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
	return out;
}

/** `png` with extra chunks put right after IHDR. */
function withChunks(png: Uint8Array, ...extra: Uint8Array[]): Uint8Array {
	const ihdrEnd = 8 + 12 + 13;
	return Buffer.concat([png.subarray(0, ihdrEnd), ...extra, png.subarray(ihdrEnd)]);
}

const provenance: ImageProvenance = {
	prompt: 'a lighthouse at dusk, oil painting',
	engine: 'openai',
	model: 'gpt-image-1',
	size: '1024x1024',
	seed: 42,
	date: '2026-09-01T12:34:56.789Z',
};

const chinese: ImageProvenance = { prompt: '一只戴帽子的猫，水彩画', engine: 'gan', date: '2026-09-01T12:34:56.789Z' };

describe('PNG provenance', () => {
	let small: Uint8Array;

	before(async () => {
		fastPng = await import('fast-png');
		small = makePng(16, 8);
	});

	it('writes the provenance under the standard keys and its own, and reads it back', () => {
		const out = withProvenance(small, provenance);
		assert.deepEqual(readTextChunks(out), {
			'Description': 'a lighthouse at dusk, oil painting',
			'Software': 'ImageGen',
			'Source': 'openai gpt-image-1',
			'Creation Time': '2026-09-01T12:34:56.789Z',
			'imagegen:prompt': 'a lighthouse at dusk, oil painting',
			'imagegen:engine': 'openai',
			'imagegen:model': 'gpt-image-1',
			'imagegen:size': '1024x1024',
			'imagegen:seed': '42',
			'imagegen:date': '2026-09-01T12:34:56.789Z',
		});
		assert.deepEqual(readProvenance(out), provenance);
	});

	it('stores ASCII in tEXt and a Chinese prompt in UTF-8 iTXt', () => {
		const ascii = chunksOf(withProvenance(small, provenance));
		assert.ok(ascii.filter(c => c.type === 'tEXt').length === provenanceEntries(provenance).length);
		assert.ok(!ascii.some(c => c.type === 'iTXt'));

		const out = withProvenance(small, chinese);
		const itxt = chunksOf(out).filter(c => c.type === 'iTXt').map(c => Buffer.from(c.data.subarray(0, c.data.indexOf(0))).toString('latin1'));
		assert.deepEqual(itxt, ['Description', 'imagegen:prompt']);
		assert.equal(readTextChunks(out)['Description'], '一只戴帽子的猫，水彩画');
		assert.equal(readProvenance(out)?.prompt, '一只戴帽子的猫，水彩画');
	});

	it('keeps accents, emoji and line breaks', () => {
		const prompt = 'Café crème ☕ 🐱\nsecond line\r\nthird';
		const out = withProvenance(small, { ...chinese, prompt });
		assert.equal(readTextChunks(out)['imagegen:prompt'], prompt);
		const multiLine = withProvenance(small, { ...chinese, prompt: 'line one\nline two' });
		assert.equal(readTextChunks(multiLine)['Description'], 'line one\nline two');
	});

	it('leaves the pixels alone: IDAT bytes and every other chunk unchanged, in order', () => {
		const out = withProvenance(small, chinese);
		const before = chunksOf(small);
		const after = chunksOf(out).filter(c => c.type !== 'tEXt' && c.type !== 'iTXt');
		assert.deepEqual(after.map(c => Buffer.from(c.bytes)), before.map(c => Buffer.from(c.bytes)));
	});

	it('puts the text after IHDR and before the first IDAT, where Pillow reads it on open', () => {
		const types = pngChunkTypes(withProvenance(small, provenance));
		const firstIdat = types.indexOf('IDAT');
		assert.equal(types[0], 'IHDR');
		assert.deepEqual(types.slice(1, firstIdat), Array(provenanceEntries(provenance).length).fill('tEXt'));
		assert.equal(types.at(-1), 'IEND');
	});

	it('gives a PNG that a decoder reads with CRCs checked, with the same pixels', () => {
		const out = withProvenance(small, chinese);
		const a = fastPng.decode(small);
		const b = fastPng.decode(out, { checkCrc: true });
		assert.deepEqual([b.width, b.height, b.channels, b.depth], [a.width, a.height, a.channels, a.depth]);
		assert.deepEqual(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength), Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength));
		assert.equal(b.text['Software'], 'ImageGen'); // fast-png reads tEXt (not iTXt)
	});

	it('replaces its own earlier chunks and keeps other text', () => {
		const withComment = makePng(4, 4, { Comment: 'kept', Description: 'old' });
		const once = withProvenance(withComment, provenance);
		const twice = withProvenance(once, chinese);
		const text = readTextChunks(twice);
		assert.equal(text['Comment'], 'kept');
		assert.equal(text['Description'], '一只戴帽子的猫，水彩画');
		assert.equal(text['imagegen:model'], 'gpt-image-1', 'a field the new provenance lacks is not removed');
		const keywords = chunksOf(twice)
			.filter(c => c.type === 'tEXt' || c.type === 'iTXt')
			.map(c => Buffer.from(c.data.subarray(0, c.data.indexOf(0))).toString('latin1'));
		assert.equal(new Set(keywords).size, keywords.length, `duplicate keywords: ${keywords.join(', ')}`);
	});

	it('writes further fields as imagegen:<key>, and skips keys that are no PNG keyword', () => {
		const out = withProvenance(small, { ...provenance, quality: 'high', 'bad key  double': 'x', ['k'.repeat(80)]: 'x', 'café': 'ok', '猫': 'no', seed: undefined });
		const text = readTextChunks(out);
		assert.equal(text['imagegen:quality'], 'high');
		assert.equal(text['imagegen:café'], 'ok');
		assert.equal(text['imagegen:seed'], undefined);
		assert.ok(!Object.keys(text).some(k => k.includes('double') || k.includes('猫') || k.length > 79));
		assert.equal(readProvenance(out)?.['quality'], 'high');
	});

	it('reads a seed back as a number, and leaves out one that is not', () => {
		assert.equal(readProvenance(withProvenance(small, { ...chinese, seed: 0 }))?.seed, 0);
		const bad = withChunks(withProvenance(small, chinese), chunk('tEXt', Buffer.from('imagegen:seed\0abc', 'latin1')));
		const read = readProvenance(bad);
		assert.ok(read && !('seed' in read));
	});

	it('returns input that is not a PNG, or a broken one, unchanged', () => {
		const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
		const truncated = small.subarray(0, small.length - 12); // no IEND
		const noIdat = Buffer.concat([small.subarray(0, 33), chunk('IEND', new Uint8Array())]);
		for (const input of [jpeg, new Uint8Array(), truncated, small.subarray(0, 20), noIdat]) {
			assert.equal(withProvenance(input, provenance), input);
		}
		assert.deepEqual(readTextChunks(jpeg), {});
		assert.equal(readProvenance(small), undefined);
		assert.deepEqual(pngChunkTypes(jpeg), []);
	});

	it('reads zTXt and compressed iTXt too', () => {
		const ztxt = chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from('zipped café', 'latin1'))]));
		const itxt = chunk('iTXt', Buffer.concat([Buffer.from('Title\0\x01\x00zh\0标题\0', 'utf8'), deflateSync(Buffer.from('压缩的标题', 'utf8'))]));
		const broken = chunk('zTXt', Buffer.from('Broken\0\0not zlib', 'latin1'));
		const proto = chunk('tEXt', Buffer.from('__proto__\0plain', 'latin1'));
		const text = readTextChunks(withChunks(small, ztxt, itxt, broken, proto));
		assert.equal(text['Comment'], 'zipped café');
		assert.equal(text['Title'], '压缩的标题');
		assert.equal(text['Broken'], undefined);
		assert.equal(Object.getOwnPropertyDescriptor(text, '__proto__')?.value, 'plain');
		assert.equal(Object.getPrototypeOf(text), Object.prototype);
	});

	it('handles a 1024×1024 image (no re-encoding: the IDAT stream is the same bytes)', () => {
		const big = makePng(1024, 1024);
		const out = withProvenance(big, chinese);
		const idat = (png: Uint8Array) => Buffer.concat(chunksOf(png).filter(c => c.type === 'IDAT').map(c => c.data));
		assert.ok(idat(out).equals(idat(big)));
		assert.equal(out.length - big.length, chunksOf(out).filter(c => c.type === 'tEXt' || c.type === 'iTXt').reduce((n, c) => n + c.bytes.length, 0));
		assert.equal(readProvenance(out)?.prompt, chinese.prompt);
	});

	describe('read by other tools', () => {
		let dir: string;
		before(() => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagegen-png-'));
		});
		after(() => {
			fs.rmSync(dir, { recursive: true, force: true });
		});

		it('Pillow reads the text, Chinese included', function () {
			// The first Python with Pillow: the one on PATH, else Debian's (python3-pil, installed by
			// scripts/install-code-server.sh), which a version manager's python3 may hide.
			const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import PIL'], { encoding: 'utf8' }).status === 0);
			if (python === undefined) {
				console.log('      skipped: no python3 with Pillow (PIL) here (Debian: python3-pil)');
				this.skip();
			}
			const file = path.join(dir, 'pillow.png');
			fs.writeFileSync(file, withProvenance(small, chinese));
			const script = 'import json, sys\nfrom PIL import Image\nim = Image.open(sys.argv[1])\nprint(json.dumps({k: str(v) for k, v in im.info.items() if isinstance(v, str)}))';
			const run = spawnSync(python, ['-c', script, file], { encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
			assert.equal(run.status, 0, run.stderr);
			const info = JSON.parse(run.stdout) as Record<string, string>;
			assert.equal(info['Description'], chinese.prompt);
			assert.equal(info['imagegen:prompt'], chinese.prompt);
			assert.equal(info['Software'], 'ImageGen');
		});

		it('exiftool reads the text, Chinese included', function () {
			const probe = spawnSync('exiftool', ['-ver'], { encoding: 'utf8' });
			if (probe.error || probe.status !== 0) {
				console.log('      skipped: exiftool is not installed here (not a dependency of this project)');
				this.skip();
			}
			const file = path.join(dir, 'exiftool.png');
			fs.writeFileSync(file, withProvenance(small, chinese));
			const run = spawnSync('exiftool', ['-json', '-charset', 'UTF8', file], { encoding: 'utf8' });
			assert.equal(run.status, 0, run.stderr);
			const [tags] = JSON.parse(run.stdout) as Record<string, unknown>[];
			assert.equal(tags['Description'], chinese.prompt);
			assert.equal(tags['Software'], 'ImageGen');
		});
	});
});
