/**
 * The one `acquireVsCodeApi()` of the page, typed with the protocol: outgoing
 * messages are `WebviewMessage`s, the saved state is a `WebviewState` once
 * `isWebviewState` accepts it.
 */
import { isWebviewState, type WebviewMessage, type WebviewState } from '../src/protocol';

interface VsCodeApi {
	postMessage(message: unknown): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
	post(message: WebviewMessage): void;
	/** The state saved before a reload, if it is one this version understands. */
	savedState(): WebviewState | undefined;
	saveState(state: WebviewState): void;
	/** Characters of the state saved last (diagnostics). */
	readonly savedStateChars: number;
}

export function connectToHost(): Host {
	const api = acquireVsCodeApi();
	let savedStateChars = 0;
	return {
		post: (message) => api.postMessage(message),
		savedState: () => {
			const state = api.getState();
			return isWebviewState(state) ? state : undefined;
		},
		saveState: (state) => {
			savedStateChars = JSON.stringify(state).length;
			api.setState(state);
		},
		get savedStateChars() {
			return savedStateChars;
		},
	};
}
