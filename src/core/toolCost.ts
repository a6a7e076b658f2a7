/**
 * A cost estimate before an image is made, for the tools' confirmation: the output tokens an
 * image takes, priced with the user's own table (`imagegen.openai.prices`). Pure.
 *
 * Output tokens per image from OpenAI's image generation guide, "Cost and latency"
 * (https://platform.openai.com/docs/guides/image-generation#cost-and-latency), for the GPT image
 * models of the gpt-image-1 generation at their three fixed sizes. Other models (gpt-image-2 bills
 * by area), `auto` sizes and `auto` quality have no figure before the answer: no estimate then.
 */
import { estimateCost, type ModelPrices } from './openaiOptions';

const outputTokens: Readonly<Record<string, Readonly<Record<string, number>>>> = {
	low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
	medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
	high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};
const modelsWithTable: readonly string[] = ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini'];

/** The output tokens of one image, when the guide gives them for this model, size and quality. */
export function outputTokensPerImage(model: string, size: string, quality: string): number | undefined {
	return modelsWithTable.includes(model) ? outputTokens[quality]?.[size] : undefined;
}

/**
 * US dollars for `count` images of this kind, output tokens only (the prompt's few text tokens are
 * left out: the estimate is a lower bound), or undefined without a figure or a price.
 */
export function estimateImagesCost(model: string, size: string, quality: string, count: number, prices: ModelPrices | undefined): number | undefined {
	const tokens = outputTokensPerImage(model, size, quality);
	if (tokens === undefined) {
		return undefined;
	}
	const n = tokens * count;
	return estimateCost({ input_tokens: 0, output_tokens: n, total_tokens: n }, prices);
}
