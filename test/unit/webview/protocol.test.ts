import * as assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage, isWebviewState, maxPicturesPerRequest, previewActions, type HistoryEntry } from '../../../src/protocol';

// The guards are the panel's boundary: whatever the other side sends is `unknown` until they accept
// it, and a message they reject is dropped. Each case is a message that can arrive, or one that must not.

const entry: HistoryEntry = {
	id: 'e1',
	prompt: 'a red sneaker',
	engine: 'gan',
	details: 'offline model · seed 3',
	createdAt: 1,
	elapsedMs: 20,
	link: '![a red sneaker](images/a-red-sneaker.png)',
	images: [{ src: 'data:image/png;base64,AAAA', file: 'file:///w/images/a-red-sneaker.png', label: 'images/a-red-sneaker.png' }],
};

describe('webview → host messages', () => {
	const accepted: [string, unknown][] = [
		['ready', { type: 'ready' }],
		...previewActions.map((action): [string, unknown] => [`the ${action} button`, { type: 'action', action, entryId: 'e1', imageIndex: 0 }]),
		['a generated image', { type: 'ganResult', requestId: 3, images: [{ pngBase64: 'iVBORw0K', width: 256, height: 256 }], backend: 'wasm', ms: 4.2 }],
		['a generator error', { type: 'ganError', requestId: 3, message: 'WebGL context lost' }],
		['diagnostics without partials', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, partialPreviews: [], historyFiles: [] }],
		['diagnostics with partials', { type: 'diagnosticsResult', requestId: 1, backend: 'webgl', numTensors: 12, modelLoaded: true, partialPreviews: [{ jobId: 'j', width: 32, height: 32 }], historyFiles: ['file:///w/images/a.png'] }],
		['diagnostics with the saved state\'s size', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, partialPreviews: [], historyFiles: [], savedStateChars: 1200 }],
		['a request for older pictures', { type: 'picturesRequest', requestId: 4, files: ['file:///w/images/a.png', 'file:///w/images/b.png'] }],
	];
	for (const [name, message] of accepted) {
		it(`accepts ${name}`, () => assert.equal(isWebviewMessage(message), true));
	}

	const rejected: [string, unknown][] = [
		['nothing', undefined],
		['a string', 'ready'],
		['an array', [{ type: 'ready' }]],
		['an unknown type', { type: 'runCommand', command: 'workbench.action.quit' }],
		['an unknown action', { type: 'action', action: 'deleteWorkspace', entryId: 'e1', imageIndex: 0 }],
		['an action with a negative image index', { type: 'action', action: 'insert', entryId: 'e1', imageIndex: -1 }],
		['an action with a fractional image index', { type: 'action', action: 'insert', entryId: 'e1', imageIndex: 0.5 }],
		['an action without an entry', { type: 'action', action: 'edit', imageIndex: 0 }],
		['a result from an unknown backend', { type: 'ganResult', requestId: 3, images: [], backend: 'webgpu', ms: 1 }],
		['a result with a malformed image', { type: 'ganResult', requestId: 3, images: [{ pngBase64: 'x', width: '256', height: 256 }], backend: 'cpu', ms: 1 }],
		['a result with a non-finite time', { type: 'ganResult', requestId: 3, images: [], backend: 'cpu', ms: Number.NaN }],
		['diagnostics without the partials', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, historyFiles: [] }],
		['diagnostics with a malformed partial', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, partialPreviews: [{ jobId: 'j', width: 32 }], historyFiles: [] }],
		['diagnostics without the history files', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, partialPreviews: [] }],
		['diagnostics with a non-string history file', { type: 'diagnosticsResult', requestId: 1, backend: 'none', numTensors: 0, modelLoaded: false, partialPreviews: [], historyFiles: [3] }],
		['a request for no pictures', { type: 'picturesRequest', requestId: 4, files: [] }],
		['a request for more pictures than one answer carries', { type: 'picturesRequest', requestId: 4, files: Array.from({ length: maxPicturesPerRequest + 1 }, (_, i) => `file:///w/${i}.png`) }],
		['a request for pictures without an id', { type: 'picturesRequest', files: ['file:///w/a.png'] }],
		['a request naming a non-string file', { type: 'picturesRequest', requestId: 4, files: [{ path: '/etc/passwd' }] }],
	];
	for (const [name, message] of rejected) {
		it(`rejects ${name}`, () => assert.equal(isWebviewMessage(message), false));
	}
});

describe('host → webview messages', () => {
	const request = { domain: 'digits', classIndex: 7, seeds: [1, 2], size: 256, smooth: true, foreground: [255, 255, 255], background: null };
	const accepted: [string, unknown][] = [
		['init', { type: 'init', strings: { cancel: 'Cancel' }, ganModelBase: 'https://x/media/gan', wasmBase: 'https://x/dist/' }],
		['a job start', { type: 'jobStarted', job: { id: 'j', prompt: 'p', engine: 'openai', details: 'gpt-image-1', startedAt: 5 } }],
		['progress with a partial preview', { type: 'jobProgress', jobId: 'j', message: 'Rendering…', partialSrc: 'data:image/png;base64,AAAA' }],
		['progress without one', { type: 'jobProgress', jobId: 'j', message: '' }],
		['a finished job', { type: 'jobFinished', jobId: 'j', entry }],
		['a cancelled job', { type: 'jobFailed', jobId: 'j', message: '', cancelled: true }],
		['the history', { type: 'history', history: [entry, { ...entry, id: 'e2', engine: 'openai', images: [] }] }],
		['a generator request', { type: 'ganGenerate', requestId: 2, request }],
		['a tinted generator request', { type: 'ganGenerate', requestId: 2, request: { ...request, background: [0, 0, 128] } }],
		['a diagnostics request', { type: 'diagnostics', requestId: 9 }],
		['a diagnostics request that scrolls to the end', { type: 'diagnostics', requestId: 9, scroll: 'end' }],
		['an older entry without its picture', { type: 'history', history: [{ ...entry, images: [{ src: '', lazy: true, file: 'file:///w/a.png', label: 'a.png' }] }] }],
		['the pictures asked for, one of them gone', { type: 'pictures', requestId: 4, pictures: [{ file: 'file:///w/a.png', src: 'data:image/png;base64,AAAA' }, { file: 'file:///w/b.png', src: '' }] }],
	];
	for (const [name, message] of accepted) {
		it(`accepts ${name}`, () => assert.equal(isHostMessage(message), true));
	}

	const rejected: [string, unknown][] = [
		['init with a non-string string', { type: 'init', strings: { cancel: 3 }, ganModelBase: '', wasmBase: '' }],
		['a job from an unknown engine', { type: 'jobStarted', job: { id: 'j', prompt: 'p', engine: 'midjourney', details: '', startedAt: 5 } }],
		['a history entry without images', { type: 'history', history: [{ ...entry, images: undefined }] }],
		['a history entry with a malformed image', { type: 'jobFinished', jobId: 'j', entry: { ...entry, images: [{ src: 'x', file: 'y' }] } }],
		['a failure without its cancelled flag', { type: 'jobFailed', jobId: 'j', message: 'x' }],
		['a request for an unknown domain', { type: 'ganGenerate', requestId: 2, request: { ...request, domain: 'faces' } }],
		['a request without seeds', { type: 'ganGenerate', requestId: 2, request: { ...request, seeds: [] } }],
		['a request for a 10 000-pixel image', { type: 'ganGenerate', requestId: 2, request: { ...request, size: 10_000 } }],
		['a request with an out-of-range colour', { type: 'ganGenerate', requestId: 2, request: { ...request, foreground: [256, 0, 0] } }],
		['a webview message', { type: 'ready' }],
		['a diagnostics request with an unknown scroll', { type: 'diagnostics', requestId: 9, scroll: 'left' }],
		['a picture that is not a data: image', { type: 'pictures', requestId: 4, pictures: [{ file: 'file:///w/a.png', src: 'https://example.com/a.png' }] }],
		['pictures without an id', { type: 'pictures', pictures: [] }],
	];
	for (const [name, message] of rejected) {
		it(`rejects ${name}`, () => assert.equal(isHostMessage(message), false));
	}
});

describe('the webview state restored after a reload', () => {
	it('accepts a saved history and rejects anything else', () => {
		assert.equal(isWebviewState({ history: [entry] }), true);
		assert.equal(isWebviewState({ history: [{ ...entry, createdAt: 'yesterday' }] }), false);
		assert.equal(isWebviewState(undefined), false);
	});
});
