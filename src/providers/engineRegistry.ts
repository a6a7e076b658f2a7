import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ApiKeyStore } from './apiKeyStore';
import { EngineError } from '../core/errors';
import type { ImageEngine } from './engine';
import type { EngineId } from '../core/engines';

/**
 * Picks the engine for the next generation from `imagegen.engine`:
 * `auto` is OpenAI when a key is stored (or in OPENAI_API_KEY) and the offline model otherwise.
 */
export class EngineRegistry {
	constructor(
		private readonly keys: ApiKeyStore,
		private readonly openai: ImageEngine,
		private readonly gan: ImageEngine | undefined,
	) {}

	/** A specific engine (Regenerate uses the one that made the image). */
	get(id: EngineId): ImageEngine {
		if (id === 'openai') {
			return this.openai;
		}
		if (!this.gan) {
			throw new EngineError(vscode.l10n.t('The offline engine is not part of this build.'));
		}
		return this.gan;
	}

	async current(): Promise<ImageEngine> {
		const choice = readSettings().engine;
		if (choice === 'openai' || (choice === 'auto' && (await this.keys.has()))) {
			return this.openai;
		}
		if (this.gan) {
			return this.gan;
		}
		if (choice === 'auto') {
			// Without the offline model the key is the only way to an image.
			return this.openai;
		}
		throw new EngineError(vscode.l10n.t('The offline engine is not part of this build. Set an OpenAI API key or choose the OpenAI engine.'), [
			{ title: vscode.l10n.t('Set API Key'), command: 'imagegen.setOpenAIKey' },
		]);
	}
}
