/**
 * Whether a WebGL renderer string names a software rasterizer (SwiftShader,
 * llvmpipe, …). TF.js on such a "GPU" runs on the CPU through a shader
 * compiler: 20–30× slower than its WASM backend for this model, and seconds of
 * shader compilation on the first call. Pure: no DOM.
 */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|mesa offscreen|gdi generic/iu;

export function isSoftwareRenderer(renderer: string): boolean {
	return SOFTWARE.test(renderer);
}
