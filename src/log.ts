import * as vscode from 'vscode';

/** The "ImageGen" output channel. Lines pass through `redact` so a key can never be logged. */
export class Log implements vscode.Disposable {
	private readonly channel: vscode.LogOutputChannel;

	constructor() {
		this.channel = vscode.window.createOutputChannel('ImageGen', { log: true });
	}

	info(line: string): void {
		this.channel.info(redact(line));
	}

	warn(line: string): void {
		this.channel.warn(redact(line));
	}

	error(line: string): void {
		this.channel.error(redact(line));
	}

	show(): void {
		this.channel.show(true);
	}

	dispose(): void {
		this.channel.dispose();
	}
}

/** Removes anything shaped like an API key or a bearer token. */
export function redact(text: string): string {
	return text.replace(/\b(sk-[A-Za-z0-9_-]{4})[A-Za-z0-9_-]+/g, '$1…').replace(/(Bearer\s+)\S+/gi, '$1…');
}
