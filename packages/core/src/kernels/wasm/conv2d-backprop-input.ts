import {
  type backend_util,
  Conv2D,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, col2im, convGeometry } from '../im2col.js';
import type { KernelGap } from '../index.js';
import {
  heapF32,
  makeFilled,
  matMulWasm,
  runWasmKernel,
  viewAs,
  type WasmBackend,
} from './heap.js';

/** Wᵀ [co, fh·fw·ci] from W [fh, fw, ci, co]: small, so a JS transpose is cheap. */
function transposeFilter(w: Float32Array, wt: Float32Array, k: number, co: number): void {
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < co; c++) wt[c * k + r] = w[r * co + c];
  }
}

/**
 * W' [fh, fw, co, ci] from W [fh, fw, ci, co]: the filter turned by 180° with its channel
 * axes swapped, so that a stride-1 convolution of dy with W' (padded by f − 1 − pad) is dx.
 */
function flipFilter(w: Float32Array, out: Float32Array, info: backend_util.Conv2DInfo): void {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      const src = ((fh - 1 - ky) * fw + (fw - 1 - kx)) * ci * co;
      const dst = (ky * fw + kx) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) out[dst + o * ci + c] = w[src + c * co + o];
      }
    }
  }
}

/**
 * The explicit padding of the stride-1 convolution dy ⊛ W' that yields dx, or null when the
 * geometry has none (strides or dilations > 1, or a padding wider than the filter).
 */
function transposedPadding(info: backend_util.Conv2DInfo): backend_util.ExplicitPadding | null {
  const { filterHeight: fh, filterWidth: fw, padInfo: p } = info;
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const pads = [fh - 1 - p.top, fh - 1 - p.bottom, fw - 1 - p.left, fw - 1 - p.right];
  if (pads.some((v) => v < 0)) return null;
  if (info.outHeight + pads[0] + pads[1] - fh + 1 !== info.inHeight) return null;
  if (info.outWidth + pads[2] + pads[3] - fw + 1 !== info.inWidth) return null;
  return [
    [0, 0],
    [pads[0], pads[1]],
    [pads[2], pads[3]],
    [0, 0],
  ];
}

/**
 * dx [batch, h, w, ci]. With stride 1 it is a convolution of dy with the flipped filter,
 * which tfjs-wasm's XNNPACK Conv2D runs ≈ 1.7× faster than the GEMM + col2im below (the
 * CNN bench's conv2); the filter is a temporary, so XNNPACK's cache of it dies with it.
 * Otherwise dcols = dy · Wᵀ ([batch·oh·ow, co] · [co, fh·fw·ci]) in one XNNPACK
 * GEMM, then col2im adds each window's gradient back onto the pixels it read. dy is only
 * the GEMM's left operand, which XNNPACK does not cache, so a view of it is safe.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs & ConvGradAttrs;
  const wasm = backend as unknown as WasmBackend;
  const info = convGeometry(Conv2DBackpropInput, a.inputShape, filter.shape, dy.shape, a, {
    dy,
    filter,
  });
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  const inputShape = [...a.inputShape];
  if (k * n * co === 0) return makeFilled(wasm, inputShape, (out) => out.fill(0));
  const pad = transposedPadding(info);
  if (pad != null) {
    const flipped = makeFilled(
      wasm,
      [info.filterHeight, info.filterWidth, co, info.inChannels],
      (out) => flipFilter(heapF32(wasm, filter), out, info),
    );
    try {
      return runWasmKernel(
        wasm,
        Conv2D,
        { x: dy, filter: flipped },
        {
          strides: 1,
          pad,
          dilations: 1,
          dataFormat: 'NHWC',
        },
      );
    } finally {
      wasm.disposeData(flipped.dataId);
    }
  }
  const wt = makeFilled(wasm, [1, co, k], (out) =>
    transposeFilter(heapF32(wasm, filter), out, k, co),
  );
  let dcols: TensorInfo;
  try {
    dcols = matMulWasm(wasm, viewAs(dy, [1, n, co]), wt);
  } finally {
    wasm.disposeData(wt.dataId);
  }
  try {
    return makeFilled(wasm, inputShape, (dx) => {
      dx.fill(0);
      col2im(heapF32(wasm, dcols), dx, info);
    });
  } finally {
    wasm.disposeData(dcols.dataId);
  }
};

/**
 * Replaces tfjs-backend-wasm 4.22's Conv2DBackpropInput (conv2d's input gradient and the
 * forward pass of conv2dTranspose), a direct C++ loop with no GEMM.
 */
export const conv2DBackpropInputWasm: KernelGap = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
  replaces: true,
  reason:
    "tfjs-backend-wasm 4.22's Conv2DBackpropInput is a direct loop that does not use XNNPACK: ≈ 210 ms against ≈ 32 ms with an im2col GEMM + col2im for dy [64, 14, 14, 64] through a 3×3×32×64 filter, and ≈ 1.7× less again as an XNNPACK convolution with the flipped filter (stride 1), so a conv net's backward pass on wasm spent most of its time in it",
};
