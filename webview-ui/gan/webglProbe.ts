/**
 * The WebGL renderer, probed once per page: a throwaway context (released at once) whose renderer
 * string says whether WebGL is a GPU or a software rasterizer. The probe is synchronous and costs a
 * GL context's start-up (0.1–0.7 s on SwiftShader), so the page runs it early, while the engine's
 * chunks download, and the runner reads the kept answer. Small on purpose: the panel's first chunk
 * imports it without TF.js.
 */
let probed: { readonly renderer: string | undefined } | undefined;

export function probeWebGLRenderer(): string | undefined {
	probed ??= { renderer: probe() };
	return probed.renderer;
}

function probe(): string | undefined {
	try {
		const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
		const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
		if (gl === null) {
			return undefined;
		}
		const info = gl.getExtension('WEBGL_debug_renderer_info');
		const renderer = String(gl.getParameter(info?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER));
		gl.getExtension('WEBGL_lose_context')?.loseContext();
		return renderer;
	} catch {
		return undefined;
	}
}
