/**
 * Follows a position in a document while the user keeps typing, so that a link lands where the
 * image was asked for even when the text around it changed during generation. Pure: works on
 * offsets and the content changes VS Code reports.
 */

export interface OffsetChange {
	readonly rangeOffset: number;
	readonly rangeLength: number;
	readonly text: string;
}

export class OffsetTracker {
	private _start: number;
	private _end: number;

	constructor(start: number, end: number = start) {
		this._start = start;
		this._end = end;
	}

	get start(): number {
		return this._start;
	}

	get end(): number {
		return this._end;
	}

	/** Applies the changes of one document event (VS Code reports them against the pre-change text, in any order). */
	apply(changes: readonly OffsetChange[]): void {
		// Apply from the back so earlier offsets stay valid.
		const sorted = [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
		for (const change of sorted) {
			this._start = mapOffset(this._start, change, 'start');
			this._end = Math.max(this._start, mapOffset(this._end, change, 'end'));
		}
	}
}

function mapOffset(offset: number, change: OffsetChange, edge: 'start' | 'end'): number {
	const changeEnd = change.rangeOffset + change.rangeLength;
	const delta = change.text.length - change.rangeLength;
	if (changeEnd < offset || (changeEnd === offset && change.rangeLength > 0)) {
		return offset + delta;
	}
	if (change.rangeOffset > offset) {
		return offset;
	}
	if (change.rangeLength === 0) {
		// Pure insertion exactly at the offset: a start stays before the typed text, an end moves after it.
		return edge === 'end' ? offset + delta : offset;
	}
	// The offset was inside replaced text: snap to the edge of the replacement.
	return edge === 'start' ? change.rangeOffset : change.rangeOffset + change.text.length;
}
