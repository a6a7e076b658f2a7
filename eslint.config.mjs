import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layers } from './eslint.layers.mjs';

/**
 * The rules every file gets, TypeScript or JavaScript.
 * @type {import('eslint').Linter.RulesRecord}
 */
const rules = {
	'@typescript-eslint/no-explicit-any': 'error',
	'@typescript-eslint/no-floating-promises': 'error',
	'@typescript-eslint/no-misused-promises': 'error',
	'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
	eqeqeq: ['error', 'smart'],
	curly: ['error', 'multi-line'],
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', '.cache/**', '**/node_modules/**', '.test-work/**', 'test-results/**', 'media/**', 'gan/checkpoints/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		// The extension, its tests and the GAN workspace: each file's nearest tsconfig.json.
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: {
				projectService: {
					allowDefaultProject: [],
				},
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules,
	},
	{
		// Build and lint configuration, launchers and setup (scripts/), the harness (test/): Node.js
		// ES modules, type-checked through tsconfig.tools.json (checkJs).
		files: ['**/*.mjs', '**/*.d.mts'],
		languageOptions: {
			globals: globals.node,
			parserOptions: {
				project: './tsconfig.tools.json',
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules,
	},
	{
		// Suites that drive a browser: their page.evaluate callbacks run in the page.
		files: ['test/e2e/**/*.mjs', 'test/webview/**/*.mjs', 'test/bench/**/*.mjs', 'scripts/test-code-server.mjs'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
	},
	// Arrows only point down: what each folder of src/ may import.
	...layers,
);
