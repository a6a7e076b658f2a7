/**
 * The history list, newest first: one item per generation with its images and
 * their buttons. Rendering is keyed by entry id, so an update only touches the
 * entries that changed and the focused button survives it (or focus moves to the
 * neighbouring entry when its own entry went away).
 *
 * Older entries come without their pictures (`lazy`): each one is asked for when its image
 * scrolls near the view, so opening the panel over thousands of entries reads only the first
 * screen's files.
 */
import { maxPicturesPerRequest, type HistoryEntry, type PictureData, type PreviewAction } from '../../src/protocol';
import type { Strings } from '../strings';
import { el, uniqueId } from './dom';

export type ActionHandler = (action: PreviewAction, entryId: string, imageIndex: number) => void;
/** Asks the host for pictures (at most `maxPicturesPerRequest` files); `applyPictures` takes the answer. */
export type PicturesRequester = (files: readonly string[]) => void;

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
	/** Pictures of lazy images received from the host, by file ('' for a file that is gone). */
	private readonly pictures = new Map<string, string>();
	/** Lazy images on screen, by file, waiting for their picture. */
	private readonly waiting = new Map<string, Set<HTMLImageElement>>();
	private readonly requested = new Set<string>();
	private readonly wanted = new Set<string>();
	private flushQueued = false;
	private readonly observer: IntersectionObserver | undefined;

	constructor(private readonly strings: Strings, private readonly onAction: ActionHandler, private readonly requestPictures: PicturesRequester = () => undefined) {
		this.observer = typeof IntersectionObserver === 'undefined'
			? undefined
			: new IntersectionObserver((seen) => this.onSeen(seen), { rootMargin: '400px 0px' });
		const headingId = uniqueId('ig-history-heading');
		this.heading = el('h2', { className: 'ig-heading', attrs: { id: headingId, tabindex: '-1' } });
		this.empty = el('p', { className: 'ig-empty' });
		this.list = el('ul', { className: 'ig-history-list' });
		this.element = el('section', { className: 'ig-history', attrs: { 'aria-labelledby': headingId } }, [this.heading, this.empty, this.list]);
		this.relabel();
	}

	/** The entries shown, with the pictures received for lazy images. */
	get history(): readonly HistoryEntry[] {
		return this.entries.map((e) => {
			if (!e.images.some((i) => i.lazy === true && this.pictures.has(i.file))) {
				return e;
			}
			return { ...e, images: e.images.map((i) => (i.lazy === true && this.pictures.has(i.file) ? { src: this.pictures.get(i.file) ?? '', file: i.file, label: i.label } : i)) };
		});
	}

	/** The host's answer to a pictures request: shown in every image waiting for them. */
	applyPictures(pictures: readonly PictureData[]): void {
		for (const { file, src } of pictures) {
			this.pictures.set(file, src);
			this.requested.delete(file);
			for (const img of this.waiting.get(file) ?? []) {
				this.observer?.unobserve(img);
				this.showPicture(img, src);
			}
			this.waiting.delete(file);
		}
	}

	private showPicture(img: HTMLImageElement, src: string): void {
		delete img.dataset.lazy;
		if (src === '') {
			img.classList.add('ig-image-missing');
		} else {
			img.src = src;
		}
	}

	private onSeen(seen: readonly IntersectionObserverEntry[]): void {
		for (const s of seen) {
			const file = s.isIntersecting && s.target instanceof HTMLImageElement ? s.target.dataset.file : undefined;
			if (file !== undefined && !this.pictures.has(file) && !this.requested.has(file)) {
				this.wanted.add(file);
			}
		}
		if (this.wanted.size > 0 && !this.flushQueued) {
			this.flushQueued = true;
			// One request per batch of images that came into view together.
			setTimeout(() => {
				this.flushQueued = false;
				const files = [...this.wanted];
				this.wanted.clear();
				for (let i = 0; i < files.length; i += maxPicturesPerRequest) {
					const batch = files.slice(i, i + maxPicturesPerRequest);
					batch.forEach((f) => this.requested.add(f));
					this.requestPictures(batch);
				}
			}, 0);
		}
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
				this.forget(r.node);
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
			if (existing !== undefined) {
				this.forget(existing.node);
			}
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
		this.askAgain();
	}

	/** Adds or replaces one entry (a finished job). A new newest entry is put on top without going over the others. */
	upsert(entry: HistoryEntry): void {
		const newest = this.entries[0];
		if (!this.rendered.has(entry.id) && (newest === undefined || entry.createdAt >= newest.createdAt)) {
			const node = this.renderEntry(entry);
			this.rendered.set(entry.id, { key: JSON.stringify(entry), node });
			this.list.insertBefore(node, this.list.firstChild);
			this.entries = [entry, ...this.entries];
			this.empty.hidden = true;
			this.list.hidden = false;
			return;
		}
		this.render([entry, ...this.entries.filter((e) => e.id !== entry.id)]);
	}

	/** Pictures asked for and not received (the host may have dropped a request made before it was ready): asked for again if still in view. */
	private askAgain(): void {
		for (const file of [...this.requested]) {
			this.requested.delete(file);
			for (const img of this.waiting.get(file) ?? []) {
				this.observer?.unobserve(img);
				this.observer?.observe(img);
			}
		}
	}

	/** Stops watching the lazy images of a node that leaves the list. */
	private forget(node: HTMLElement): void {
		for (const img of node.querySelectorAll<HTMLImageElement>('img[data-lazy]')) {
			this.observer?.unobserve(img);
			const file = img.dataset.file;
			const set = file === undefined ? undefined : this.waiting.get(file);
			set?.delete(img);
			if (file !== undefined && set?.size === 0) {
				this.waiting.delete(file);
			}
		}
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

	/** A lazy image: its picture is asked for when it comes near the view. */
	private watch(img: HTMLImageElement, file: string): void {
		img.dataset.lazy = 'true';
		img.dataset.file = file;
		let set = this.waiting.get(file);
		if (set === undefined) {
			set = new Set();
			this.waiting.set(file, set);
		}
		set.add(img);
		if (this.observer === undefined) {
			this.wanted.add(file);
			this.onSeen([]);
		} else {
			this.observer.observe(img);
		}
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
				const received = image.lazy === true ? this.pictures.get(image.file) : undefined;
				if (image.lazy === true && received === undefined) {
					this.watch(img, image.file);
				} else {
					img.src = received ?? image.src;
				}
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
