import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, col2im, convGeometry } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { heapF32, makeFilled, matMulWasm, viewAs, type WasmBackend } from './heap.js';

/** Wᵀ [co, fh·fw·ci] from W [fh, fw, ci, co]: small, so a JS transpose is cheap. */
function transposeFilter(w: Float32Array, wt: Float32Array, k: number, co: number): void {
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < co; c++) wt[c * k + r] = w[r * co + c];
  }
}

/**
 * dx [batch, h, w, ci]: dcols = dy · Wᵀ ([batch·oh·ow, co] · [co, fh·fw·ci]) in one XNNPACK
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
  const wt = makeFilled(wasm, [1, co, k], (out) =>
    transposeFilter(heapF32(wasm, filter), out, k, co),
  );
  let dcols: TensorInfo;
  try {
    dcols = matMulWasm(wasm, viewAs(dy, [1, n, co]), wt);
  } finally {
    wasm.disposeData(wt.dataId);
  }
  const { padInfo: p } = info;
  const unpadded = p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0;
  const pointwise = info.filterHeight === 1 && info.filterWidth === 1;
  if (pointwise && unpadded && info.strideHeight === 1 && info.strideWidth === 1) {
    // A 1×1 convolution with stride 1 maps output positions 1:1 onto input pixels: dcols
    // already is dx, so skip the scatter.
    return { dataId: dcols.dataId, shape: inputShape, dtype: 'float32' };
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
    "tfjs-backend-wasm 4.22's Conv2DBackpropInput is a direct loop that does not use XNNPACK: ≈ 210 ms against ≈ 32 ms here for dy [64, 14, 14, 64] through a 3×3×32×64 filter (im2col GEMM + col2im), so a conv net's backward pass on wasm spent most of its time in it",
};
