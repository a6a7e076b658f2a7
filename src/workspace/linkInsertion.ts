import * as vscode from 'vscode';
import { planInsertion, type InsertMode } from '../core/insertion';
import { OffsetTracker } from '../core/offsetTracker';

/**
 * Keeps track of where a link should go while an image is generated: the user may keep typing,
 * or close the document.
 */
export class LinkAnchor implements vscode.Disposable {
	private readonly tracker: OffsetTracker;
	private readonly subscription: vscode.Disposable;
	private closed = false;
	private readonly closeSubscription: vscode.Disposable;

	constructor(
		readonly document: vscode.TextDocument,
		range: vscode.Range,
		readonly hadSelection: boolean,
	) {
		this.tracker = new OffsetTracker(document.offsetAt(range.start), document.offsetAt(range.end));
		this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
			if (e.document === this.document) {
				this.tracker.apply(e.contentChanges);
			}
		});
		this.closeSubscription = vscode.workspace.onDidCloseTextDocument((d) => {
			if (d === this.document) {
				this.closed = true;
			}
		});
	}

	/** Closed, or no longer shown in any editor tab (VS Code may keep a closed tab's document alive for a while). */
	get isClosed(): boolean {
		return this.closed || this.document.isClosed || !isInSomeTab(this.document.uri);
	}

	/**
	 * Inserts the link as one undoable edit (a snippet with the alt text selected when the document
	 * is in a visible editor). Returns false when the document was closed meanwhile or could not be changed (read-only).
	 */
	async insert(mode: InsertMode, snippet: string, plain: string): Promise<boolean> {
		if (this.isClosed) {
			return false;
		}
		// The plan needs only the characters around the selection's end: read those, not the whole
		// document (a 100,000-line document is 4 MB of text to copy for two characters).
		const doc = this.document;
		const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
		const base = Math.max(0, Math.min(this.tracker.end, length) - 1);
		const near = doc.getText(new vscode.Range(doc.positionAt(base), doc.positionAt(Math.min(length, this.tracker.end + 1))));
		const local = planInsertion(mode, this.tracker.start - base, this.tracker.end - base, this.hadSelection, near);
		const plan = { ...local, start: local.start + base, end: local.end + base };
		const range = new vscode.Range(doc.positionAt(plan.start), doc.positionAt(plan.end));
		const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
		// A read-only editor accepts the snippet and changes nothing: only a new version is an insertion.
		const version = this.document.version;
		let applied: boolean;
		if (editor) {
			const body = new vscode.SnippetString();
			body.appendText(plan.prefix);
			body.value += snippet;
			body.appendText(plan.suffix);
			applied = await editor.insertSnippet(body, range, { undoStopBefore: true, undoStopAfter: true });
		} else {
			const edit = new vscode.WorkspaceEdit();
			edit.replace(this.document.uri, range, plan.prefix + plain + plan.suffix);
			applied = await vscode.workspace.applyEdit(edit);
		}
		return applied && this.document.version !== version;
	}

	dispose(): void {
		this.subscription.dispose();
		this.closeSubscription.dispose();
	}
}

function isInSomeTab(uri: vscode.Uri): boolean {
	const key = uri.toString();
	return vscode.window.tabGroups.all.some((g) =>
		g.tabs.some((t) => (t.input instanceof vscode.TabInputText || t.input instanceof vscode.TabInputTextDiff ? (t.input instanceof vscode.TabInputText ? t.input.uri : t.input.modified).toString() === key : false)),
	);
}
