import * as vscode from 'vscode';
import { ganVocabularySummary } from '../core/gan/prompt';
import type { OptionProblem } from '../core/openaiOptions';
import type { ToolInputProblem } from '../core/toolInput';
import { problemError } from '../providers/openaiEngine';

/**
 * What was wrong with a tool call's input and what is allowed, in words a model can act on. The
 * options the call sets are named by their input field; the rest come from the user's settings,
 * and are worded as the commands word them (with the setting to change).
 */
export function problemText(p: ToolInputProblem): string {
	switch (p.kind) {
		case 'notObject':
			return vscode.l10n.t('The input must be a JSON object with the fields of the input schema.');
		case 'missing':
			return vscode.l10n.t('"{0}" is required.', p.field);
		case 'type':
			return p.expected === 'string'
				? vscode.l10n.t('"{0}" must be a string.', p.field)
				: p.expected === 'integer'
					? vscode.l10n.t('"{0}" must be a whole number.', p.field)
					: vscode.l10n.t('"{0}" must be an array of strings.', p.field);
		case 'unknownField':
			return vscode.l10n.t('"{0}" is not an input of this tool; the inputs are {1}.', p.field, p.allowed.join(', '));
		case 'emptyPrompt':
			return vscode.l10n.t('"prompt" is empty: describe the image.');
		case 'promptTooLong':
			return vscode.l10n.t('"prompt" has {0} characters; this model accepts at most {1}. Shorten it.', p.length, p.limit);
		case 'enum':
			return vscode.l10n.t('"{0}" is "{1}"; it must be one of {2}.', p.field, p.value, p.allowed.join(', '));
		case 'count':
			return vscode.l10n.t('"count" is {0}; it must be from 1 to {1}.', p.value, p.max);
		case 'sizeAndRatio':
			return vscode.l10n.t('Give "size" or "aspectRatio", not both.');
		case 'ratio':
			return vscode.l10n.t('{0} has no size for aspect ratio {1}; its ratios are {2}. Or give "size".', p.model, p.ratio, p.allowed.join(', ') || '-');
		case 'option':
			return optionText(p.problem);
		case 'offlineOption':
			return p.field === 'format'
				? vscode.l10n.t('The offline engine makes PNG images only; "{0}" cannot be used with it. Omit "format" (or use png), or use engine "openai".', p.value)
				: vscode.l10n.t('The offline engine makes square images of the size in the user\'s setting imagegen.gan.size and takes no "{0}". Omit it, or use engine "openai".', p.field);
		case 'noFolder':
			return vscode.l10n.t('No folder is open in VS Code, and ImageGen\'s tools write only into the workspace. Ask the user to open a folder.');
		case 'pathOutside':
			return vscode.l10n.t('"{0}" ({1}) is outside every workspace folder; ImageGen reads and writes only inside the workspace. Give a path relative to the workspace folder.', p.field, p.value);
		case 'pathInvalid':
			return vscode.l10n.t('"{0}" ({1}) is not a workspace path. Give a path relative to the workspace folder, such as docs/images/ or docs/images/logo.png.', p.field, p.value);
		case 'targetExtension':
			return vscode.l10n.t('"target" ({0}) names a file that is not an image; end it in one of {1}, or end it in / for a folder.', p.value, p.allowed.join(', '));
		case 'targetFormat':
			return vscode.l10n.t('"target" ({0}) has the extension of another format than {1}; make the two agree (or omit "format").', p.value, p.format);
		case 'tooManyReferences':
			return vscode.l10n.t('{0} takes at most {1} reference image(s) with the image; {2} were given.', p.model, p.max, p.count);
		default: {
			const never: never = p;
			throw new Error(`unhandled tool input problem ${JSON.stringify(never)}`);
		}
	}
}

/** An OpenAI option problem: in the tool's own field names for what a call sets, in the commands' words for the settings. */
function optionText(p: OptionProblem): string {
	switch (p.kind) {
		case 'size':
			return vscode.l10n.t('{0} does not make {1} images; "size" must be one of {2} (or give "aspectRatio").', p.model, p.size, p.allowed.join(', '));
		case 'quality':
			return vscode.l10n.t('{0} does not take quality "{1}"; "quality" must be one of {2}.', p.model, p.quality, p.allowed.join(', '));
		case 'n':
			return vscode.l10n.t('{0} makes 1 to {1} image(s) per request; "count" is {2}.', p.model, p.max, p.n);
		case 'transparentModel':
			return vscode.l10n.t('{0} does not make transparent backgrounds; use "background" auto or opaque.', p.model);
		case 'transparentFormat':
			return vscode.l10n.t('A transparent background needs format png or webp, not {0}.', p.format);
		case 'value':
			if (p.option === 'background' || p.option === 'outputFormat') {
				return vscode.l10n.t('"{0}" is "{1}"; it must be one of {2}.', p.option === 'outputFormat' ? 'format' : p.option, p.value, p.allowed.join(', '));
			}
			return problemError(p, true).message;
		case 'unsupported':
			if (p.option === 'background' || p.option === 'outputFormat') {
				return vscode.l10n.t('{0} takes no "{1}" ("{2}"); omit it, or ask the user to choose a GPT image model in imagegen.openai.model.', p.model, p.option === 'outputFormat' ? 'format' : p.option, p.value);
			}
			return problemError(p, true).message;
		case 'customSize':
		case 'retired':
		case 'formatN':
		case 'frameCount':
		case 'frameDuration':
		case 'gifMask':
		case 'mask':
		case 'compressionFormat':
		case 'compressionRange':
		case 'editModel':
		case 'editImages':
			return problemError(p, true).message;
		default: {
			const never: never = p;
			throw new Error(`unhandled option problem ${JSON.stringify(never)}`);
		}
	}
}

/** The text a refused call answers with: every problem, and that nothing was spent or written. */
export function refusalText(problems: readonly ToolInputProblem[]): string {
	return [vscode.l10n.t('Nothing was generated: the input was not accepted.'), ...problems.map((p) => `- ${problemText(p)}`), vscode.l10n.t('Correct the input and call the tool again.')].join('\n');
}

/** The answer when OpenAI is asked for but no key is stored: what the user can do, and the keyless engine. */
export function noKeyText(azure: boolean, canUseOffline: boolean): string {
	const lines = [
		azure
			? vscode.l10n.t('No Azure OpenAI API key is set, so nothing was generated. Ask the user to run "ImageGen: Set Azure OpenAI API Key" from the Command Palette (the key is kept in VS Code\'s secret storage).')
			: vscode.l10n.t('No OpenAI API key is set, so nothing was generated. Ask the user to run "ImageGen: Set OpenAI API Key" from the Command Palette (the key is kept in VS Code\'s secret storage, never in settings).'),
	];
	if (canUseOffline) {
		lines.push(vscode.l10n.t('Without a key, generate with engine "offline": the bundled offline model needs no key and no network, and draws only these subjects:\n{0}', ganVocabularySummary()));
	}
	return lines.join('\n');
}
