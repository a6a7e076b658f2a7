/** Small DOM helpers: elements from tag, classes and text only — never HTML strings. */

export interface ElementOptions {
	readonly className?: string;
	readonly text?: string;
	readonly attrs?: Readonly<Record<string, string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	options: ElementOptions = {},
	children: readonly (Node | null)[] = [],
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (options.className !== undefined) {
		node.className = options.className;
	}
	if (options.text !== undefined) {
		node.textContent = options.text;
	}
	for (const [name, value] of Object.entries(options.attrs ?? {})) {
		node.setAttribute(name, value);
	}
	for (const child of children) {
		if (child !== null) {
			node.append(child);
		}
	}
	return node;
}

let nextId = 0;

/** A document-unique id for aria-labelledby / aria-describedby. */
export function uniqueId(prefix: string): string {
	nextId++;
	return `${prefix}-${nextId}`;
}
