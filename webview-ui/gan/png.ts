/**
 * RGBA bytes → PNG bytes (base64) with the browser's own encoder: one reusable
 * canvas, `putImageData`, `toBlob('image/png')`.
 */

let canvas: HTMLCanvasElement | undefined;

export async function encodePng(rgba: Uint8ClampedArray, width: number, height: number): Promise<Uint8Array> {
	canvas ??= document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (ctx === null) {
		throw new Error('no 2D canvas context');
	}
	const pixels = new Uint8ClampedArray(width * height * 4);
	pixels.set(rgba);
	ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
	const blob = await new Promise<Blob>((resolve, reject) => {
		canvas?.toBlob((b) => (b === null ? reject(new Error('PNG encoding failed')) : resolve(b)), 'image/png');
	});
	return new Uint8Array(await blob.arrayBuffer());
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	const chunk = 0x8000;
	for (let i = 0; i < bytes.length; i += chunk) {
		binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return btoa(binary);
}
