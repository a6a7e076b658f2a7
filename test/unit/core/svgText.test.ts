import * as assert from 'node:assert/strict';
import { sniffImageFormat } from '../../../src/core/imageBytes';
import { provenanceElement, readSvgProvenance, withSvgProvenance } from '../../../src/core/svgText';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('SVG provenance', () => {
	const p = { prompt: 'a "red" <kite> & a 风筝\nover dunes', engine: 'openai', model: 'gpt-image-2.6-sunburst', size: '1024x1024', date: '2026-12-01T23:00:00.000Z' };
	const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn -->\n<svg xmlns="http://www.w3.org/2000/svg" data-note="a > b" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n';

	it('puts a <metadata> element first in the root and keeps every other byte', () => {
		const out = text(withSvgProvenance(bytes(svg), p));
		const element = provenanceElement(p);
		assert.ok(out.includes(`viewBox="0 0 8 8">${element}<rect`), out);
		assert.equal(out.replace(element, ''), svg);
		assert.equal(sniffImageFormat(bytes(out)), 'svg', 'still an SVG');
	});

	it('escapes the values, so quotes, angle brackets, ampersands and newlines cannot break the file, and reads them back', () => {
		const out = withSvgProvenance(bytes(svg), p);
		assert.ok(!text(out).includes('<kite>'));
		assert.deepEqual(readSvgProvenance(out), p);
	});

	it('opens a self-closing root to hold the element', () => {
		const out = text(withSvgProvenance(bytes('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'), p));
		assert.equal(out, `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">${provenanceElement(p)}</svg>`);
	});

	it('replaces its own earlier provenance instead of adding a second', () => {
		const once = withSvgProvenance(bytes(svg), p);
		const twice = withSvgProvenance(once, { ...p, prompt: 'again' });
		assert.equal(text(twice).match(/<metadata /g)?.length, 1);
		assert.equal(readSvgProvenance(twice)?.prompt, 'again');
	});

	it('leaves anything that is not an SVG document alone, and finds no provenance in it', () => {
		const html = bytes('<html><svg></svg></html>');
		assert.equal(withSvgProvenance(html, p), html);
		assert.equal(readSvgProvenance(bytes(svg)), undefined);
	});
});
