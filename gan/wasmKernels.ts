/**
 * Gradient kernels that `@tensorflow/tfjs-backend-wasm@4.22` lacks (or implements
 * slowly) in Node, written in terms of kernels it does have.
 *
 * - `Conv2DBackpropFilter`: the filter gradient of a convolution is itself a
 *   convolution of the input with `dy`, with the batch and channel axes swapped
 *   and the forward stride used as a dilation.
 * - `Conv2DBackpropInput`: the input gradient is a stride-1 convolution of the
 *   zero-upsampled, padded `dy` with the spatially flipped, in/out-swapped filter.
 *   WASM 4.22 ships one written as a scalar loop; ours goes through XNNPACK's conv.
 * - `UnsortedSegmentSum` (the gradient of `gather`): a one-hot matrix product.
 *
 * Each kernel runs ordinary tfjs ops inside a `tidy`; the engine does not record
 * nested kernels on the gradient tape, and accepts a `Tensor` as a kernel output.
 * `backendName` must be the active backend when the kernels run (they dispatch
 * through it).
 */
import * as tf from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface ConvBackpropAttrs {
	readonly strides: number | [number, number];
	readonly pad: Pad;
	readonly dataFormat: 'NHWC' | 'NCHW';
	readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface FilterAttrs extends ConvBackpropAttrs {
	readonly filterShape: [number, number, number, number];
}

interface InputAttrs extends ConvBackpropAttrs {
	readonly inputShape: [number, number, number, number];
}

/**
 * A `Tensor` view of a kernel input. The engine does not take a backend reference
 * for it, so we take one: disposing the view (when the surrounding `tidy` ends)
 * then gives back only our own reference and leaves the caller's input alive.
 */
function view(info: tf.TensorInfo | undefined): tf.Tensor {
	if (info === undefined) {
		throw new Error('missing kernel input');
	}
	const t = tf.engine().makeTensorFromTensorInfo(info);
	tf.backend().incRef(info.dataId);
	return t;
}

function asTensor4D(info: tf.TensorInfo | undefined): tf.Tensor4D {
	return view(info) as tf.Tensor4D;
}

function pair(v: number | [number, number]): [number, number] {
	return typeof v === 'number' ? [v, v] : v;
}

/** Pads (or, for negative amounts, crops) the two spatial axes of an NHWC tensor. */
function padOrCrop(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
	const [n, h, w, c] = x.shape;
	const cropped = x.slice(
		[0, Math.max(0, -top), Math.max(0, -left), 0],
		[n, h - Math.max(0, -top) - Math.max(0, -bottom), w - Math.max(0, -left) - Math.max(0, -right), c],
	);
	return cropped.pad([[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]) as tf.Tensor4D;
}

/** Inserts `s - 1` zeros between neighbouring rows and columns. */
function zeroUpsample(x: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
	if (sh === 1 && sw === 1) {
		return x;
	}
	const [n, h, w, c] = x.shape;
	const spread = x.reshape([n, h, 1, w, 1, c]).pad([[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
	return spread.reshape([n, h * sh, w * sw, c]).slice([0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]) as tf.Tensor4D;
}

function checkFormat(attrs: ConvBackpropAttrs, kernel: string): void {
	if (attrs.dataFormat !== 'NHWC') {
		throw new Error(`${kernel}: only NHWC is supported by the WASM fallback`);
	}
}

export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: FilterAttrs): tf.Tensor4D {
	checkFormat(attrs, 'Conv2DBackpropFilter');
	return tf.tidy(() => {
		const [fh, fw] = attrs.filterShape;
		const [sh, sw] = pair(attrs.strides);
		const info = tf.backend_util.computeConv2DInfo(
			x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
		const { top, left } = info.padInfo;
		const [, outH, outW] = dy.shape;
		// Rows of x a valid stride-1 conv with dilation s needs to produce fh outputs.
		const needH = fh - 1 + (outH - 1) * sh + 1;
		const needW = fw - 1 + (outW - 1) * sw + 1;
		const padded = padOrCrop(x, top, needH - x.shape[1] - top, left, needW - x.shape[2] - left);
		// [C, H, W, N] * [outH, outW, N, O] -> [C, fh, fw, O]
		const xT = padded.transpose([3, 1, 2, 0]);
		const dyT = dy.transpose([1, 2, 0, 3]);
		const dw = tf.conv2d(xT as tf.Tensor4D, dyT as tf.Tensor4D, 1, 'valid', 'NHWC', [sh, sw]);
		return dw.transpose([1, 2, 0, 3]) as tf.Tensor4D;
	});
}

export function conv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: InputAttrs): tf.Tensor4D {
	checkFormat(attrs, 'Conv2DBackpropInput');
	return tf.tidy(() => {
		const [, inH, inW] = attrs.inputShape;
		const [fh, fw] = filter.shape;
		const [sh, sw] = pair(attrs.strides);
		const info = tf.backend_util.computeConv2DInfo(
			attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
		const { top, left } = info.padInfo;
		const up = zeroUpsample(dy, sh, sw);
		const padTop = fh - 1 - top;
		const padLeft = fw - 1 - left;
		const padded = padOrCrop(up, padTop, inH + fh - 1 - padTop - up.shape[1], padLeft, inW + fw - 1 - padLeft - up.shape[2]);
		const flipped = filter.reverse([0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
		return tf.conv2d(padded, flipped, 1, 'valid');
	});
}

export function unsortedSegmentSum(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
	return tf.tidy(() => {
		const n = x.shape[0] ?? 1;
		const rest = x.shape.slice(1);
		const width = rest.reduce((a, b) => a * b, 1);
		const oneHot = tf.oneHot(segmentIds.reshape([n]).toInt(), numSegments).toFloat();
		const flat = x.reshape([n, width]).toFloat();
		const summed = tf.matMul(oneHot, flat, true, false).reshape([numSegments, ...rest]);
		return x.dtype === 'int32' ? summed.round().toInt() : summed;
	});
}

/** Which kernels `registerWasmGradientKernels` installed or replaced. */
export const WASM_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum'] as const;

/**
 * Registers the three kernels for `backendName` (default `wasm`), replacing any
 * built-in implementation. Safe to call more than once.
 */
export function registerWasmGradientKernels(backendName = 'wasm'): void {
	const configs: tf.KernelConfig[] = [
		{
			kernelName: 'Conv2DBackpropFilter',
			backendName,
			kernelFunc: ({ inputs, attrs }) => tf.tidy(() =>
				conv2dBackpropFilter(asTensor4D(inputs['x']), asTensor4D(inputs['dy']), attrs as unknown as FilterAttrs)),
		},
		{
			kernelName: 'Conv2DBackpropInput',
			backendName,
			kernelFunc: ({ inputs, attrs }) => tf.tidy(() =>
				conv2dBackpropInput(asTensor4D(inputs['dy']), asTensor4D(inputs['filter']), attrs as unknown as InputAttrs)),
		},
		{
			kernelName: 'UnsortedSegmentSum',
			backendName,
			kernelFunc: ({ inputs, attrs }) => tf.tidy(() => {
				const x = view(inputs['x']);
				const ids = view(inputs['segmentIds']);
				return unsortedSegmentSum(x, ids, (attrs as unknown as { numSegments: number }).numSegments);
			}),
		},
	];
	for (const config of configs) {
		if (tf.getKernel(config.kernelName, backendName) !== undefined) {
			tf.unregisterKernel(config.kernelName, backendName);
		}
		tf.registerKernel(config);
	}
}
