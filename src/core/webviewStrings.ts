/**
 * Every string the preview webview shows, by key, with its English text: what the
 * webview shows before the host's `init` arrives, and for a key the host left out.
 * The host localizes them in `strings.ts`, one literal `vscode.l10n.t` call per key
 * (so that `@vscode/l10n-dev export` finds them), with the same English texts.
 *
 * `{0}`, `{1}`, … are filled in by the webview (the host passes the text through
 * l10n.t without arguments, which leaves the placeholders as they are).
 * Pure: no 'vscode', no DOM — imported by both sides.
 */

export const englishWebviewStrings = {
	currentJobHeading: 'Current generation',
	historyHeading: 'History',
	historyListLabel: 'Generated images, newest first',
	historyEmpty: 'No images yet. Run “ImageGen: Generate Image” to create one.',
	engineOpenAI: 'OpenAI',
	engineGan: 'Offline GAN',
	/** {0}: seconds, already formatted ("1.2"). */
	seconds: '{0} s',
	/** {0}: a duration such as "1.2 s". */
	elapsed: 'Elapsed: {0}',
	starting: 'Starting…',
	/** {0}: the prompt. */
	partialAlt: 'Partial preview of “{0}”',
	cancel: 'Cancel',
	/** {0}: a duration such as "1.2 s". */
	jobFinished: 'Done in {0}',
	/** {0}: the error message. */
	jobFailed: 'Failed: {0}',
	jobCancelled: 'Cancelled',
	/** {0}: image number, {1}: image count, {2}: the prompt. */
	imageAlt: 'Image {0} of {1} for “{2}”',
	/** {0}: the prompt. */
	entryActionsLabel: 'Actions for “{0}”',
	/** {0}: the image's workspace path. */
	imageActionsLabel: 'Actions for {0}',
	noImages: 'No image file is left for this generation.',
	insert: 'Insert Link at Cursor',
	open: 'Open',
	reveal: 'Reveal in Explorer',
	copyLink: 'Copy Markdown Link',
	editImage: 'Edit with Prompt…',
	regenerate: 'Regenerate',
	moreLikeThis: 'More Like This',
	deleteFile: 'Delete File',
} as const;

export type WebviewStringKey = keyof typeof englishWebviewStrings;
export type WebviewStrings = Readonly<Record<WebviewStringKey, string>>;

export const webviewStringKeys = Object.keys(englishWebviewStrings) as readonly WebviewStringKey[];

/** Fills `{0}`, `{1}`, … with `args`; a placeholder without an argument stays as it is. */
export function formatString(template: string, ...args: readonly (string | number)[]): string {
	return template.replace(/\{(\d+)\}/gu, (match, index: string) => {
		const value = args[Number(index)];
		return value === undefined ? match : String(value);
	});
}
