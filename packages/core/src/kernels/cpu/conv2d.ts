import {
  type backend_util,
  Conv2D,
  type Conv2DAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, im2col } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { type CpuBackend, gemm } from './fast-mat-mul.js';

/** A 1×1 filter at stride 1 without padding: every output reads exactly its own input pixel. */
function isPointwise(info: backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth
  );
}

/**
 * y [batch, oh, ow, co] = cols · W: the im2col matrix of `x` [batch·oh·ow, fh·fw·ci] times the
 * filter seen as [fh·fw·ci, co], in the 4×4-tiled JS GEMM. Channels-last; shared with FusedConv2D.
 */
export function conv2DValues(
  x: Float32Array,
  filter: Float32Array,
  info: backend_util.Conv2DInfo,
): Float32Array {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  if (k * n * co === 0) return new Float32Array(n * co);
  if (isPointwise(info)) return gemm(x, filter, n, k, co, false, false); // x is its own im2col
  const cols = new Float32Array(n * k);
  im2col(x, cols, info);
  return gemm(cols, filter, n, k, co, false, false);
}

const conv2D: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DAttrs;
  const cpu = backend as unknown as CpuBackend;
  const info = convGeometry(Conv2D, x.shape, filter.shape, null, a, { x, filter }, 'cpu');
  const y = conv2DValues(cpu.readSync(x.dataId), cpu.readSync(filter.dataId), info);
  return cpu.makeTensorInfo(info.outShape, 'float32', y);
};

/** Replaces tfjs-backend-cpu 4.22's Conv2D (the forward pass while training; FusedConv2D, inference, is in fused-conv2d.ts). */
export const conv2DCpu: KernelGap = {
  kernelName: Conv2D,
  backendName: 'cpu',
  kernelFunc: conv2D,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's Conv2D is a direct loop at ≈ 0.2 GFLOP/s (≈ 2 s for the CNN bench's conv2 at batch 64); im2col + the tiled JS GEMM runs ≈ 5–10× faster",
};
