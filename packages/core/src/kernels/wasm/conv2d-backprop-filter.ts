import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, convGeometry, im2colTransposed } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { heapF32, makeFilled, matMulWasm, type WasmBackend } from './heap.js';

/**
 * dW [fh, fw, ci, co] = colsᵀ · dy, with colsᵀ [fh·fw·ci, batch·oh·ow] the transposed im2col
 * of x and dy seen as [batch·oh·ow, co]: one XNNPACK GEMM does all the arithmetic, and
 * JS only moves memory (one pass to build colsᵀ, one to copy dy).
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs & ConvGradAttrs;
  const wasm = backend as unknown as WasmBackend;
  const info = convGeometry(Conv2DBackpropFilter, x.shape, a.filterShape, dy.shape, a, { x, dy });
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  if (k * n * co === 0) {
    return makeFilled(wasm, [...a.filterShape], (out) => out.fill(0));
  }
  const colsT = makeFilled(wasm, [1, k, n], (cols) =>
    im2colTransposed(heapF32(wasm, x), cols, info),
  );
  let dy2d: TensorInfo;
  try {
    // A copy, not a view of dy: XNNPACK caches b's packed weights by data id (see matMulWasm).
    dy2d = makeFilled(wasm, [1, n, co], (out) => out.set(heapF32(wasm, dy)));
  } catch (error) {
    wasm.disposeData(colsT.dataId);
    throw error;
  }
  try {
    const dw = matMulWasm(wasm, colsT, dy2d);
    return { dataId: dw.dataId, shape: [...a.filterShape], dtype: 'float32' };
  } finally {
    wasm.disposeData(colsT.dataId);
    wasm.disposeData(dy2d.dataId);
  }
};

/** tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter: the gradient of conv2d's filter. */
export const conv2DBackpropFilterWasm: KernelGap = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
  reason:
    "tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so the gradient of conv2d throws \"Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'\" and no conv net trains on wasm",
};
