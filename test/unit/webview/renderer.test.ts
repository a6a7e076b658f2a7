import * as assert from 'node:assert/strict';
import { isSoftwareRenderer } from '../../../webview-ui/gan/renderer';

describe('software WebGL renderers', () => {
	const software = [
		'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
		'Google SwiftShader',
		'llvmpipe (LLVM 15.0.6, 256 bits)',
		'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
		'GDI Generic',
	];
	const hardware = [
		'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)',
		'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
		'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
		'AMD Radeon Pro 5500M OpenGL Engine',
		'WebKit WebGL',
	];
	for (const r of software) {
		it(`software: ${r}`, () => assert.equal(isSoftwareRenderer(r), true));
	}
	for (const r of hardware) {
		it(`hardware: ${r}`, () => assert.equal(isSoftwareRenderer(r), false));
	}
});
