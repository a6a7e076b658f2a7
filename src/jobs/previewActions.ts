import * as vscode from 'vscode';
import { Disposable } from '../core/dispose';
import { formatImageLink, formatImageLinkSnippet } from '../core/linkSyntax';
import type { PreviewAction } from '../protocol';
import { historyMessage, type HistoryStore, type StoredEntry } from '../preview/historyStore';
import type { PreviewPanel } from '../preview/previewPanel';
import { linkRequestFor } from '../workspace/links';
import type { Generator } from './generate';
import type { Jobs } from './jobs';

/**
 * What the preview panel's buttons do. The panel takes focus when clicked, so "the editor" is
 * the text editor that was active last.
 */
export class PreviewActions extends Disposable {
	private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

	constructor(
		private readonly generator: Generator,
		private readonly jobs: Jobs,
		private readonly history: HistoryStore,
		private readonly panel: PreviewPanel,
		/** Edit Image with Prompt… on a file (the command, which asks for the change). */
		private readonly editFile: (file: string) => Thenable<unknown>,
	) {
		super();
		this._register(
			vscode.window.onDidChangeActiveTextEditor((e) => {
				if (e) {
					this.lastEditor = e;
				}
			}),
		);
	}

	private targetEditor(): vscode.TextEditor | undefined {
		const editor = vscode.window.activeTextEditor ?? this.lastEditor;
		return editor && !editor.document.isClosed ? editor : undefined;
	}

	async run(action: PreviewAction, entryId: string, imageIndex: number): Promise<void> {
		if (action === 'cancel') {
			this.jobs.cancelAll();
			return;
		}
		const entry = this.history.get(entryId);
		const file = entry?.files[imageIndex];
		if (!entry || !file) {
			return;
		}
		const uri = vscode.Uri.parse(file);
		switch (action) {
			case 'insert':
				return this.insert(entry, uri);
			case 'open':
				await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: this.targetEditor()?.viewColumn ?? vscode.ViewColumn.Active });
				return;
			case 'reveal':
				await vscode.commands.executeCommand('revealInExplorer', uri);
				return;
			case 'copyLink': {
				const editor = this.targetEditor();
				await vscode.env.clipboard.writeText(editor ? formatImageLink(linkRequestFor(editor.document, uri, entry.prompt)) : entry.link);
				void vscode.window.setStatusBarMessage(vscode.l10n.t('Image link copied.'), 3000);
				return;
			}
			case 'edit':
				// Asks for the change like the Explorer's Edit Image with Prompt…; the edited image joins
				// the history (where Insert Link puts it at the cursor), and no document changes by itself.
				await this.editFile(file);
				return;
			case 'regenerate':
			case 'moreLikeThis':
				await this.generator.generate({ prompt: entry.prompt, engine: entry.engine, count: action === 'moreLikeThis' ? 4 : 1, insertLink: false, document: this.targetEditor()?.document });
				return;
			case 'delete':
				return this.delete(entryId, file, uri);
			default: {
				const never: never = action;
				return never;
			}
		}
	}

	private async insert(entry: StoredEntry, uri: vscode.Uri): Promise<void> {
		const editor = this.targetEditor();
		if (!editor) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Open a document to insert the link into.'));
			return;
		}
		const request = linkRequestFor(editor.document, uri, entry.prompt);
		await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
		await editor.insertSnippet(new vscode.SnippetString(formatImageLinkSnippet(request)), editor.selection);
	}

	private async delete(entryId: string, file: string, uri: vscode.Uri): Promise<void> {
		const yes = vscode.l10n.t('Delete');
		const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0}?', vscode.workspace.asRelativePath(uri)), { modal: true }, yes);
		if (choice !== yes) {
			return;
		}
		try {
			await vscode.workspace.fs.delete(uri, { useTrash: true });
		} catch {
			// No trash on this file system (remote, virtual): delete for good, as confirmed.
			await vscode.workspace.fs.delete(uri, { useTrash: false });
		}
		await this.history.removeFile(entryId, file);
		this.panel.post(await historyMessage(this.history));
	}
}
