import * as assert from 'node:assert/strict';
import { classifyOpenAIError } from '../../src/providers/openai/openaiImages';

/** How a request that must fail failed, as the extension classifies it; fails the test if it succeeded. */
export async function failureOf(promise: Promise<unknown>): Promise<ReturnType<typeof classifyOpenAIError>> {
	try {
		await promise;
	} catch (err) {
		return classifyOpenAIError(err);
	}
	assert.fail('expected the request to fail');
}
