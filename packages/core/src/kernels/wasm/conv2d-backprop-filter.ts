import {
  type backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelFunc,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, convGeometry, im2col, im2colTransposed } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { heapF32, makeFilled, matMulWasm, runWasmKernel, type WasmBackend } from './heap.js';

/**
 * dW as one XNNPACK convolution, for stride 1 and dilation 1: with the batch as channels,
 * `xᵀ` [ci, h, w, batch] convolved with `dyᵀ` [oh, ow, batch, co] as its filter (padded as
 * the forward pass) gives [ci, fh, fw, co], i.e. dW up to a transpose. Three tfjs-wasm
 * Transposes and one Conv2D; `dyᵀ` is a temporary, so XNNPACK's cache of it dies with it.
 */
function filterGradAsConv(
  wasm: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  const temps: TensorInfo[] = [];
  try {
    const xT = runWasmKernel(wasm, Transpose, { x }, { perm: [3, 1, 2, 0] });
    temps.push(xT);
    const dyT = runWasmKernel(wasm, Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
    temps.push(dyT);
    const dwT = runWasmKernel(
      wasm,
      Conv2D,
      { x: xT, filter: dyT },
      {
        strides: 1,
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dilations: 1,
        dataFormat: 'NHWC',
      },
    );
    temps.push(dwT);
    return runWasmKernel(wasm, Transpose, { x: dwT }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
}

/**
 * Whether `filterGradAsConv` applies and pays: stride and dilation 1 (so the convolution's
 * output is exactly fh × fw), and more than a few input channels. Measured on the CNN bench:
 * ≈ 1.35× faster than the GEMM for conv2 (32 channels), slower for conv1 (1 channel), where
 * the GEMM's operands are small and the transposes dominate.
 */
function convPays(info: backend_util.Conv2DInfo): boolean {
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.inChannels >= 8
  );
}

/**
 * dWᵀ [co, fh·fw·ci] = dyᵀ · cols, transposed back in JS: for filters with fewer taps × input
 * channels than output channels (a first layer on 1–3 channels). XNNPACK re-packs the GEMM's
 * right operand on every call (it is new each time), at a cost that grows with its size, so
 * the narrower of cols [n, k] and dy [n, co] goes there: measured ≈ 1.2× faster than colsᵀ · dy
 * for the CNN bench's conv1 (k = 9, co = 32, batch 64; 60–73 against 72–92 ms on a loaded
 * machine).
 */
function filterGradNarrowCols(
  wasm: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  filterShape: number[],
): TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  const temps: TensorInfo[] = [];
  try {
    temps.push(makeFilled(wasm, [1, n, k], (cols) => im2col(heapF32(wasm, x), cols, info)));
    const dyT = runWasmKernel(
      wasm,
      Transpose,
      { x: { dataId: dy.dataId, shape: [n, co], dtype: 'float32' } },
      { perm: [1, 0] },
    );
    temps.push(dyT);
    const dwT = matMulWasm(
      wasm,
      { dataId: dyT.dataId, shape: [1, co, n], dtype: 'float32' },
      temps[0],
    );
    temps.push(dwT);
    return makeFilled(wasm, filterShape, (dw) => {
      const src = heapF32(wasm, dwT);
      for (let o = 0; o < co; o++) {
        for (let r = 0; r < k; r++) dw[r * co + o] = src[o * k + r];
      }
    });
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
}

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
  if (convPays(info)) {
    const dw = filterGradAsConv(wasm, x, dy, info);
    return { dataId: dw.dataId, shape: [...a.filterShape], dtype: 'float32' };
  }
  if (k < co) return filterGradNarrowCols(wasm, x, dy, info, [...a.filterShape]);
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
