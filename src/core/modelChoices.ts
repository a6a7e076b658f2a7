/**
 * What **Choose Image Model…** offers: the image models a key can use (from the API's model list), each
 * annotated from the catalogue. Pure: never imports 'vscode'.
 */
import { currentModels, findModel, isRetired, modelCatalogue, type ModelEntry } from './modelCatalogue';

export type ModelStatus = 'current' | 'retired' | 'unknown';

export interface ModelChoice {
	readonly id: string;
	readonly status: ModelStatus;
	/** The catalogue's entry; undefined for a model this version does not know. */
	readonly entry?: ModelEntry;
}

/**
 * An id that names an image model although the catalogue does not know it: a newer GPT Image or DALL·E
 * model, a snapshot, or a fine-tune of one (`ft:gpt-image-2:org::id`). The API's list mixes in chat,
 * embedding and audio models, which are left out.
 */
export function looksLikeImageModel(id: string): boolean {
	return /(^|[:/-])(gpt-image|dall-e|chatgpt-image)([-:.]|$)/i.test(id) || /(^|[-_])image([-_]|$)/i.test(id);
}

/**
 * The choices, best first: current models in catalogue order (the default first), then models unknown to
 * this version (by name), then retired ones (catalogue order). `listed` undefined (the listing failed) or
 * without any image model: the catalogue's current models, so a choice is always possible.
 */
export function modelChoices(listed: readonly string[] | undefined, now: Date = new Date()): { readonly choices: readonly ModelChoice[]; readonly fromList: boolean } {
	const ids = new Set((listed ?? []).map((id) => id.trim()).filter((id) => id !== '' && (findModel(id) !== undefined || looksLikeImageModel(id))));
	if (ids.size === 0) {
		return { choices: currentModels(now).map((entry) => ({ id: entry.id, status: 'current', entry })), fromList: false };
	}
	const known = modelCatalogue.filter((m) => ids.has(m.id));
	const current = known.filter((m) => !isRetired(m, now)).map((entry): ModelChoice => ({ id: entry.id, status: 'current', entry }));
	const retired = known.filter((m) => isRetired(m, now)).map((entry): ModelChoice => ({ id: entry.id, status: 'retired', entry }));
	const unknown = [...ids]
		.filter((id) => findModel(id) === undefined)
		.sort((a, b) => a.localeCompare(b))
		.map((id): ModelChoice => ({ id, status: 'unknown' }));
	return { choices: [...current, ...unknown, ...retired], fromList: true };
}
