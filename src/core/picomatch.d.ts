/*---------------------------------------------------------------------------------------------
 *  The part of picomatch 2.x that src/core/destination.ts uses. picomatch is what VS Code's
 *  Markdown extension matches `markdown.copyFiles.destination` globs with; it ships no types.
 *  If `@types/picomatch` is ever added to the project, delete this file.
 *--------------------------------------------------------------------------------------------*/

declare module 'picomatch' {
	namespace picomatch {
		interface PicomatchOptions {
			/** Let wildcards match dot files and dot folders. */
			readonly dot?: boolean;
			/** Treat `\` as a path separator; defaults to true on Windows. */
			readonly windows?: boolean;
		}
		function isMatch(str: string, patterns: string | readonly string[], options?: PicomatchOptions): boolean;
	}
	function picomatch(glob: string | readonly string[], options?: picomatch.PicomatchOptions): (test: string) => boolean;
	export = picomatch;
}
