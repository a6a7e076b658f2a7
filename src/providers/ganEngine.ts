import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ganColours } from '../core/colors';
import { latentSeedFromPrompt, matchGanClass, ganVocabularySummary } from '../core/gan/prompt';
import type { GanBackend, GanImage, GanRequest } from '../protocol';
import { EngineError, GenerationCancelled, errorText } from '../core/errors';
import type { GenerationRequest, GenerationResult, ImageEngine, ProgressUpdate } from './engine';

/** What the bundled generator gave back. */
export interface GanRun {
	readonly images: readonly GanImage[];
	readonly backend: GanBackend;
	readonly ms: number;
}

/** Where the GAN runs: the preview panel's webview (the panel implements this). */
export interface GanHost {
	/** Opens the panel without taking focus: its webview loads the model. */
	show(): void;
	runGan(request: GanRequest, token: vscode.CancellationToken): Promise<GanRun>;
}

/**
 * The bundled GAN. It runs in the preview panel's webview (TF.js on WebGL, falling back to WASM
 * or the CPU); the host picks the class, the seeds and the colours, and saves what comes back.
 */
export class GanEngine implements ImageEngine {
	readonly id = 'gan';

	constructor(private readonly panel: GanHost) {}

	promptLimit(): number {
		return 1000;
	}

	/** Opens the panel, whose webview (and the model in it) takes seconds to start: it loads while the prompt is typed and the destination planned. */
	prepare(): void {
		this.panel.show();
	}

	async generate(request: GenerationRequest, token: vscode.CancellationToken, progress: (update: ProgressUpdate) => void): Promise<GenerationResult> {
		const match = matchGanClass(request.prompt);
		if (!match) {
			throw new EngineError(
				vscode.l10n.t('The offline engine cannot draw "{0}". It draws only these; name one in the prompt (or set an OpenAI API key for anything else):\n{1}', request.prompt, ganVocabularySummary()),
				[{ title: vscode.l10n.t('Set API Key'), command: 'imagegen.setOpenAIKey' }],
				'warning',
			);
		}
		const settings = readSettings().gan;
		const colours = ganColours(request.prompt, settings.background);
		const seed = request.seed ?? 0;
		const seeds = Array.from({ length: request.count ?? 1 }, (_, i) => latentSeedFromPrompt(request.prompt, seed + i));
		// The class's name in the display language (the table has English and Chinese).
		const label = vscode.env.language.toLowerCase().startsWith('zh') ? match.labelZh : match.label;
		progress({ message: vscode.l10n.t('Drawing {0} with the offline model…', label) });
		try {
			const run = await this.panel.runGan(
				{ domain: match.domain, classIndex: match.classIndex, seeds, size: settings.size, smooth: settings.upscale === 'smooth', foreground: colours.foreground, background: colours.background },
				token,
			);
			return {
				images: run.images.map((i) => ({ bytes: new Uint8Array(Buffer.from(i.pngBase64, 'base64')), format: 'png', width: i.width, height: i.height })),
				parameters: {
					engine: 'gan',
					model: `imagegen-gan-${match.domain}`,
					size: `${settings.size}x${settings.size}`,
					seed,
					details: vscode.l10n.t('{0} · seed {1} · {2}', label, seed, run.backend),
				},
				receivedAt: performance.now(),
			};
		} catch (err) {
			if (token.isCancellationRequested || err instanceof vscode.CancellationError) {
				throw new GenerationCancelled();
			}
			throw new EngineError(vscode.l10n.t('The offline engine failed: {0}', errorText(err)), [
				{ title: vscode.l10n.t('Retry'), command: 'imagegen.generateImage' },
			]);
		}
	}
}
