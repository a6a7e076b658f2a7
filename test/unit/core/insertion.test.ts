import * as assert from 'node:assert/strict';
import { planInsertion } from '../../../src/core/insertion';
import { OffsetTracker } from '../../../src/core/offsetTracker';

describe('where the link goes', () => {
	const text = '# Title\n\nA red sneaker on grass\nmore text';
	const selStart = text.indexOf('A red');
	const selEnd = selStart + 'A red sneaker on grass'.length;

	it('after a selection that ends its line: a new paragraph below', () => {
		assert.deepEqual(planInsertion('afterSelection', selStart, selEnd, true, text), { start: selEnd, end: selEnd, prefix: '\n\n', suffix: '' });
	});

	it('after a selection that ends mid-line: after a space', () => {
		const end = selStart + 'A red sneaker'.length;
		assert.deepEqual(planInsertion('afterSelection', selStart, end, true, text), { start: end, end, prefix: ' ', suffix: '' });
		const beforeWord = selStart + 'A red'.length + 1;
		assert.deepEqual(planInsertion('afterSelection', selStart, beforeWord, true, text), { start: beforeWord, end: beforeWord, prefix: '', suffix: ' ' });
	});

	it('replacing the selection', () => {
		assert.deepEqual(planInsertion('replaceSelection', selStart, selEnd, true, text), { start: selStart, end: selEnd, prefix: '', suffix: '' });
	});

	it('at the cursor when the prompt was typed', () => {
		assert.deepEqual(planInsertion('afterSelection', 3, 3, false, text), { start: 3, end: 3, prefix: '', suffix: '' });
		assert.deepEqual(planInsertion('replaceSelection', 3, 3, false, text), { start: 3, end: 3, prefix: '', suffix: '' });
	});

	it('after a selection that is a whole line including its newline: its own paragraph before the next line', () => {
		const lineEnd = selEnd + 1;
		assert.deepEqual(planInsertion('afterSelection', selStart, lineEnd, true, text), { start: lineEnd, end: lineEnd, prefix: '\n', suffix: '\n\n' });
	});
});

describe('following the anchor while the user types', () => {
	it('shifts with text typed before it', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([{ rangeOffset: 0, rangeLength: 0, text: 'abc' }]);
		assert.deepEqual([t.start, t.end], [13, 23]);
	});

	it('ignores text typed after it', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([{ rangeOffset: 25, rangeLength: 2, text: '' }]);
		assert.deepEqual([t.start, t.end], [10, 20]);
	});

	it('shrinks when text before it is deleted', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([{ rangeOffset: 2, rangeLength: 5, text: '' }]);
		assert.deepEqual([t.start, t.end], [5, 15]);
	});

	it('keeps the end after words typed right at the end of the selection', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([{ rangeOffset: 20, rangeLength: 0, text: ' more' }]);
		assert.deepEqual([t.start, t.end], [10, 25]);
	});

	it('applies several changes of one event, reported against the old text', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([
			{ rangeOffset: 0, rangeLength: 0, text: 'xx' },
			{ rangeOffset: 30, rangeLength: 0, text: 'yy' },
			{ rangeOffset: 5, rangeLength: 1, text: '' },
		]);
		assert.deepEqual([t.start, t.end], [11, 21]);
	});

	it('snaps to the edges when the selected text itself is replaced', () => {
		const t = new OffsetTracker(10, 20);
		t.apply([{ rangeOffset: 8, rangeLength: 15, text: 'new' }]);
		assert.deepEqual([t.start, t.end], [8, 11]);
	});
});
