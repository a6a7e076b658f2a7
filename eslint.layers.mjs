// The layers of src/ and what each may import: arrows only point down (see DEVELOPERS.md, "The map").
// Imported by eslint.config.mjs; test/unit/lint/layers.test.ts lints an upward import with these rules.
//
//   core/, protocol.ts     pure: nothing above, no 'vscode'
//   config.ts, log.ts      core
//   providers/, workspace/ core, protocol, config, log (and not each other)
//   preview/               + providers, workspace
//   jobs/                  + preview
//   commands/, languageFeatures/, tools/   + jobs (tools and languageFeatures never import a command's code but its id)
//   extension.ts           everything: wiring only
//   webview-ui/            src/protocol.ts and the pure src/core/ only
//
// The rule matches the import as written: `(../)+name` is a folder (or file) of src/ at any depth.

const up = (names) => ({
	regex: `^(\\.\\./)+(${names.join('|')})(/|$)`,
	message: 'Layers point down: core → providers/workspace → preview → jobs → commands/languageFeatures/tools → extension.ts (DEVELOPERS.md, "The map").',
});
const noVscode = { name: 'vscode', message: 'core/ and protocol.ts are pure: no vscode (put it in workspace/, providers/ or above).' };

const above = {
	core: ['config', 'log', 'protocol', 'providers', 'workspace', 'preview', 'jobs', 'commands', 'languageFeatures', 'tools', 'extension'],
	base: ['providers', 'workspace', 'preview', 'jobs', 'commands', 'languageFeatures', 'tools', 'extension'],
	providers: ['workspace', 'preview', 'jobs', 'commands', 'languageFeatures', 'tools', 'extension'],
	workspace: ['providers', 'preview', 'jobs', 'commands', 'languageFeatures', 'tools', 'extension'],
	preview: ['jobs', 'commands', 'languageFeatures', 'tools', 'extension'],
	jobs: ['commands', 'languageFeatures', 'tools', 'extension'],
	commands: ['languageFeatures', 'tools', 'extension'],
	languageFeatures: ['tools', 'extension'],
	tools: ['commands', 'languageFeatures', 'extension'],
};

/**
 * @param {object[]} patterns
 * @param {object[]} [paths]
 * @returns {import('eslint').Linter.RulesRecord}
 */
const rule = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

/** @type {import('eslint').Linter.Config[]} */
export const layers = [
	{ files: ['src/core/**/*.ts', 'src/protocol.ts'], rules: rule([up(above.core), { regex: '^\\./(config|log|extension)$', message: up([]).message }], [noVscode]) },
	{ files: ['src/config.ts', 'src/log.ts'], rules: rule([{ regex: `^\\./(${above.base.join('|')})(/|$)`, message: up([]).message }]) },
	{ files: ['src/providers/**/*.ts'], rules: rule([up(above.providers)]) },
	{ files: ['src/workspace/**/*.ts'], rules: rule([up(above.workspace)]) },
	{ files: ['src/preview/**/*.ts'], rules: rule([up(above.preview)]) },
	{ files: ['src/jobs/**/*.ts'], rules: rule([up(above.jobs)]) },
	{ files: ['src/commands/**/*.ts'], rules: rule([up(above.commands)]) },
	{ files: ['src/languageFeatures/**/*.ts'], rules: rule([up(above.languageFeatures)]) },
	{ files: ['src/tools/**/*.ts'], rules: rule([up(above.tools)]) },
	{
		files: ['webview-ui/**/*.ts'],
		rules: rule(
			[{ regex: '^(\\.\\./)+src/(?!protocol$|core/)', message: 'webview-ui/ shares only src/protocol.ts and the pure src/core/ with the host.' }],
			[{ name: 'vscode', message: 'webview-ui/ runs in the browser: no vscode.' }],
		),
	},
];
