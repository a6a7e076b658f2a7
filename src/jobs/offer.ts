import * as vscode from 'vscode';

/** How the message after a job offers its image: the copy button's label, and which button comes first. */
export interface Offer {
	readonly copy: string;
	readonly openFirst: boolean;
}

/** Says where an image went, with buttons to copy its link or open it. */
export async function offerImage(message: string, file: vscode.Uri, link: string, offer: Offer): Promise<void> {
	const open = vscode.l10n.t('Open Image');
	const choice = await vscode.window.showInformationMessage(message, ...(offer.openFirst ? [open, offer.copy] : [offer.copy, open]));
	if (choice === offer.copy) {
		await vscode.env.clipboard.writeText(link);
	} else if (choice === open) {
		await vscode.commands.executeCommand('vscode.open', file);
	}
}
