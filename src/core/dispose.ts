/** Anything with a `dispose()` (a `vscode.Disposable`, an event subscription). Pure: no 'vscode'. */
export interface IDisposable {
	dispose(): void;
}

/**
 * The base of every object that owns other disposables (as in VS Code's own code and the extension
 * samples): what `_register` was given is disposed with it, newest first, once.
 */
export abstract class Disposable implements IDisposable {
	private readonly registered: IDisposable[] = [];
	private disposed = false;

	protected get isDisposed(): boolean {
		return this.disposed;
	}

	protected _register<T extends IDisposable>(value: T): T {
		if (this.disposed) {
			value.dispose();
		} else {
			this.registered.push(value);
		}
		return value;
	}

	dispose(): void {
		this.disposed = true;
		disposeAll(this.registered);
	}
}

/** Disposes every item and empties the list (newest first). */
export function disposeAll(items: IDisposable[]): void {
	while (items.length > 0) {
		items.pop()?.dispose();
	}
}
