/**
 * The history list, newest first: one item per generation with its images and
 * their buttons. Rendering is keyed by entry id, so an update only touches the
 * entries that changed and the focused button survives it (or focus moves to the
 * neighbouring entry when its own entry went away).
 */
import type { HistoryEntry, PreviewAction } from '../../src/protocol';
import type { Strings } from '../strings';
import { el, uniqueId } from './dom';

export type ActionHandler = (action: PreviewAction, entryId: string, imageIndex: number) => void;

interface RenderedEntry {
	readonly key: string;
	readonly node: HTMLLIElement;
}

interface FocusMark {
	readonly entryId: string;
	readonly action: string;
	readonly imageIndex: string;
	/** Position of the entry in the list before the update. */
	readonly position: number;
}

const IMAGE_ACTIONS: readonly { readonly action: PreviewAction; readonly label: 'insert' | 'open' | 'reveal' | 'copyLink' | 'editImage' | 'deleteFile'; readonly primary?: boolean }[] = [
	{ action: 'insert', label: 'insert', primary: true },
	{ action: 'open', label: 'open' },
	{ action: 'reveal', label: 'reveal' },
	{ action: 'copyLink', label: 'copyLink' },
	{ action: 'edit', label: 'editImage' },
	{ action: 'delete', label: 'deleteFile' },
];

const ENTRY_ACTIONS: readonly { readonly action: PreviewAction; readonly label: 'regenerate' | 'moreLikeThis' }[] = [
	{ action: 'regenerate', label: 'regenerate' },
	{ action: 'moreLikeThis', label: 'moreLikeThis' },
];

export function formatSeconds(strings: Strings, ms: number): string {
	const seconds = ms / 1000;
	return strings.t('seconds', seconds.toLocaleString(undefined, { maximumFractionDigits: seconds < 10 ? 1 : 0, minimumFractionDigits: seconds < 10 ? 1 : 0 }));
}

export function engineName(strings: Strings, engine: HistoryEntry['engine']): string {
	return engine === 'gan' ? strings.t('engineGan') : strings.t('engineOpenAI');
}

export class HistoryView {
	readonly element: HTMLElement;
	private readonly heading: HTMLHeadingElement;
	private readonly empty: HTMLParagraphElement;
	private readonly list: HTMLUListElement;
	private readonly rendered = new Map<string, RenderedEntry>();
	private entries: readonly HistoryEntry[] = [];

	constructor(private readonly strings: Strings, private readonly onAction: ActionHandler) {
		const headingId = uniqueId('ig-history-heading');
		this.heading = el('h2', { className: 'ig-heading', attrs: { id: headingId, tabindex: '-1' } });
		this.empty = el('p', { className: 'ig-empty' });
		this.list = el('ul', { className: 'ig-history-list' });
		this.element = el('section', { className: 'ig-history', attrs: { 'aria-labelledby': headingId } }, [this.heading, this.empty, this.list]);
		this.relabel();
	}

	get history(): readonly HistoryEntry[] {
		return this.entries;
	}

	/** Re-applies the strings (after `init`) to everything already shown. */
	relabel(): void {
		this.heading.textContent = this.strings.t('historyHeading');
		this.empty.textContent = this.strings.t('historyEmpty');
		this.list.setAttribute('aria-label', this.strings.t('historyListLabel'));
		this.render(this.entries, true);
	}

	/** Shows `entries`, newest first. */
	render(entries: readonly HistoryEntry[], rebuild = false): void {
		const sorted = [...entries].sort((a, b) => b.createdAt - a.createdAt);
		const focus = this.focusMark();
		const wanted = new Set(sorted.map((e) => e.id));
		for (const [id, r] of this.rendered) {
			if (!wanted.has(id)) {
				r.node.remove();
				this.rendered.delete(id);
			}
		}
		const nodes = sorted.map((entry) => {
			const key = JSON.stringify(entry);
			const existing = this.rendered.get(entry.id);
			if (existing !== undefined && existing.key === key && !rebuild) {
				return existing.node;
			}
			const node = this.renderEntry(entry);
			existing?.node.replaceWith(node);
			this.rendered.set(entry.id, { key, node });
			return node;
		});
		let cursor = this.list.firstChild;
		for (const node of nodes) {
			if (node === cursor) {
				cursor = cursor.nextSibling;
			} else {
				this.list.insertBefore(node, cursor);
			}
		}
		this.entries = sorted;
		this.empty.hidden = sorted.length > 0;
		this.list.hidden = sorted.length === 0;
		this.restoreFocus(focus);
	}

	/** Adds or replaces one entry (a finished job). */
	upsert(entry: HistoryEntry): void {
		this.render([entry, ...this.entries.filter((e) => e.id !== entry.id)]);
	}

	/** Moves focus to the first button of an entry. */
	focusEntry(entryId: string): void {
		const node = this.rendered.get(entryId)?.node;
		(node?.querySelector('button') ?? this.heading).focus();
	}

	private focusMark(): FocusMark | undefined {
		const active = document.activeElement;
		if (!(active instanceof HTMLElement) || !this.list.contains(active) || active.dataset.entryId === undefined) {
			return undefined;
		}
		return {
			entryId: active.dataset.entryId,
			action: active.dataset.action ?? '',
			imageIndex: active.dataset.imageIndex ?? '',
			position: this.entries.findIndex((e) => e.id === active.dataset.entryId),
		};
	}

	private restoreFocus(mark: FocusMark | undefined): void {
		if (mark === undefined) {
			return;
		}
		const active = document.activeElement;
		if (active instanceof HTMLElement && active !== document.body && active.isConnected) {
			return;
		}
		const same = this.rendered.get(mark.entryId)?.node;
		if (same !== undefined) {
			const buttons = [...same.querySelectorAll('button')];
			const match = buttons.find((b) => b.dataset.action === mark.action && b.dataset.imageIndex === mark.imageIndex);
			(match ?? buttons[0] ?? this.heading).focus();
			return;
		}
		const neighbour = this.entries[Math.min(mark.position, this.entries.length - 1)];
		if (neighbour !== undefined) {
			this.focusEntry(neighbour.id);
		} else {
			this.heading.focus();
		}
	}

	private button(text: string, action: PreviewAction, entryId: string, imageIndex: number, describedBy: string, primary = false): HTMLButtonElement {
		const button = el('button', {
			className: primary ? 'ig-button' : 'ig-button ig-button-secondary',
			text,
			attrs: { type: 'button', 'aria-describedby': describedBy },
		});
		button.dataset.entryId = entryId;
		button.dataset.action = action;
		button.dataset.imageIndex = String(imageIndex);
		button.addEventListener('click', () => this.onAction(action, entryId, imageIndex));
		return button;
	}

	private renderEntry(entry: HistoryEntry): HTMLLIElement {
		const s = this.strings;
		const promptId = uniqueId('ig-entry-prompt');
		const when = new Date(entry.createdAt);
		const meta = el('p', { className: 'ig-meta' }, [
			el('span', { className: 'ig-engine', text: engineName(s, entry.engine) }),
			entry.details.length > 0 ? el('span', { text: entry.details }) : null,
			el('span', { text: formatSeconds(s, entry.elapsedMs) }),
			el('time', { text: when.toLocaleString(), attrs: { datetime: when.toISOString() } }),
		]);

		const images = entry.images.length === 0
			? el('p', { className: 'ig-empty', text: s.t('noImages') })
			: el('ul', { className: 'ig-images' }, entry.images.map((image, index) => {
				const captionId = uniqueId('ig-image-label');
				const img = el('img', {
					className: 'ig-image',
					attrs: { alt: s.t('imageAlt', index + 1, entry.images.length, entry.prompt), loading: 'lazy', decoding: 'async' },
				});
				if (image.width !== undefined && image.height !== undefined) {
					img.width = image.width;
					img.height = image.height;
				}
				img.addEventListener('error', () => img.classList.add('ig-image-missing'), { once: true });
				img.src = image.src;
				return el('li', { className: 'ig-image-item' }, [
					el('figure', { className: 'ig-figure' }, [
						img,
						el('figcaption', { className: 'ig-caption', text: image.label, attrs: { id: captionId } }),
					]),
					el('div', { className: 'ig-actions', attrs: { role: 'group', 'aria-label': s.t('imageActionsLabel', image.label) } },
						IMAGE_ACTIONS.map((a) => this.button(s.t(a.label), a.action, entry.id, index, captionId, a.primary))),
				]);
			}));

		const entryActions = el('div', { className: 'ig-actions ig-entry-actions', attrs: { role: 'group', 'aria-label': s.t('entryActionsLabel', entry.prompt) } },
			ENTRY_ACTIONS.map((a) => this.button(s.t(a.label), a.action, entry.id, 0, promptId)));

		const item = el('li', { className: 'ig-entry', attrs: { 'aria-labelledby': promptId } }, [
			el('h3', { className: 'ig-prompt', text: entry.prompt, attrs: { id: promptId } }),
			meta,
			images,
			entryActions,
		]);
		item.dataset.entryId = entry.id;
		return item;
	}
}
