import * as vscode from 'vscode';
import { regenerateImageCommand, type LinkLocation } from '../commands/regenerateImage';
import type { HistoryStore } from '../preview/historyStore';
import { imageAt } from '../workspace/imageAt';

/** On an image link that ImageGen made: the prompt and engine, and a Regenerate action. */
export function registerImageHover(history: HistoryStore): vscode.Disposable {
	return vscode.languages.registerHoverProvider(['markdown', 'mdx', 'html'], {
		async provideHover(document, position) {
			const found = await imageAt(document, position, (f) => history.provenanceOf(f));
			const p = found?.provenance;
			if (!found || !p) {
				return undefined;
			}
			const location: LinkLocation = { uri: document.uri.toString(), line: position.line, character: position.character };
			const md = new vscode.MarkdownString(undefined, true);
			md.isTrusted = { enabledCommands: [regenerateImageCommand] };
			md.appendMarkdown(`**${vscode.l10n.t('ImageGen')}** $(sparkle)\n\n`);
			md.appendText(p.prompt);
			md.appendMarkdown('\n\n');
			const details = [p.engine === 'gan' ? vscode.l10n.t('offline model') : 'OpenAI', p.model, p.size, p.seed !== undefined ? vscode.l10n.t('seed {0}', p.seed) : undefined, p.date ? new Date(p.date).toLocaleString() : undefined]
				.filter((d): d is string => typeof d === 'string' && d.length > 0)
				.join(' · ');
			md.appendText(details);
			md.appendMarkdown(`\n\n[$(refresh) ${vscode.l10n.t('Regenerate')}](command:${regenerateImageCommand}?${encodeURIComponent(JSON.stringify([location]))} "${vscode.l10n.t('Make a new variation with the same prompt and parameters, and point this link at it')}")`);
			return new vscode.Hover(md, new vscode.Range(position.line, found.link.start, position.line, found.link.end));
		},
	});
}
