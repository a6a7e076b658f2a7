/** The image engines ImageGen has: OpenAI's Images API and the bundled offline GAN. */
export type EngineId = 'openai' | 'gan';

export function isEngineId(v: unknown): v is EngineId {
	return v === 'openai' || v === 'gan';
}
