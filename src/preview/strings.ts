import * as vscode from 'vscode';
import type { WebviewStrings } from '../core/webviewStrings';

/**
 * The webview's strings, localized on the host and sent in `init`.
 *
 * Each text is a literal `vscode.l10n.t` call so that `@vscode/l10n-dev export` finds it;
 * the English texts must stay equal to `englishWebviewStrings` (the webview's fallback before
 * `init`), which a unit test checks against `l10n/bundle.l10n.json`. Placeholders (`{0}`, …)
 * are filled in by the webview: `l10n.t` without arguments leaves them as they are.
 */
export function webviewStrings(): WebviewStrings {
	return {
		currentJobHeading: vscode.l10n.t('Current generation'),
		historyHeading: vscode.l10n.t('History'),
		historyListLabel: vscode.l10n.t('Generated images, newest first'),
		historyEmpty: vscode.l10n.t('No images yet. Run “ImageGen: Generate Image” to create one.'),
		engineOpenAI: vscode.l10n.t('OpenAI'),
		engineGan: vscode.l10n.t('Offline GAN'),
		seconds: vscode.l10n.t('{0} s'),
		elapsed: vscode.l10n.t('Elapsed: {0}'),
		starting: vscode.l10n.t('Starting…'),
		partialAlt: vscode.l10n.t('Partial preview of “{0}”'),
		cancel: vscode.l10n.t('Cancel'),
		jobFinished: vscode.l10n.t('Done in {0}'),
		jobFailed: vscode.l10n.t('Failed: {0}'),
		jobCancelled: vscode.l10n.t('Cancelled'),
		imageAlt: vscode.l10n.t('Image {0} of {1} for “{2}”'),
		entryActionsLabel: vscode.l10n.t('Actions for “{0}”'),
		imageActionsLabel: vscode.l10n.t('Actions for {0}'),
		noImages: vscode.l10n.t('No image file is left for this generation.'),
		insert: vscode.l10n.t('Insert Link at Cursor'),
		open: vscode.l10n.t('Open'),
		reveal: vscode.l10n.t('Reveal in Explorer'),
		copyLink: vscode.l10n.t('Copy Markdown Link'),
		editImage: vscode.l10n.t('Edit with Prompt…'),
		regenerate: vscode.l10n.t('Regenerate'),
		moreLikeThis: vscode.l10n.t('More Like This'),
		deleteFile: vscode.l10n.t('Delete File'),
	};
}
