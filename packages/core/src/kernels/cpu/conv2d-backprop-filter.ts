import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, convGeometry, im2colTransposed } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { type CpuBackend, gemm } from './fast-mat-mul.js';

/**
 * dW [fh, fw, ci, co] = colsᵀ · dy: the transposed im2col of x [fh·fw·ci, batch·oh·ow] times
 * dy seen as [batch·oh·ow, co], in the 4×4-tiled JS GEMM. colsᵀ rows are contiguous, so the
 * GEMM's four A rows stream through memory while dy's four columns sit side by side.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs & ConvGradAttrs;
  const cpu = backend as unknown as CpuBackend;
  const info = convGeometry(
    Conv2DBackpropFilter,
    x.shape,
    a.filterShape,
    dy.shape,
    a,
    { x, dy },
    'cpu',
  );
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  const shape = [...a.filterShape];
  if (k * n * co === 0) return cpu.makeTensorInfo(shape, 'float32', new Float32Array(k * co));
  const colsT = new Float32Array(k * n);
  im2colTransposed(cpu.readSync(x.dataId), colsT, info);
  const dw = gemm(colsT, cpu.readSync(dy.dataId), k, n, co, false, false);
  return cpu.makeTensorInfo(shape, 'float32', dw);
};

/** Replaces tfjs-backend-cpu 4.22's Conv2DBackpropFilter, a direct 7-deep loop. */
export const conv2DBackpropFilterCpu: KernelGap = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: conv2DBackpropFilter,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's Conv2DBackpropFilter is a direct loop that re-reads dy for every filter tap: ≈ 9 s per call at batch 16 on a 28×28 CNN, ≈ 92 % of a training step; im2col + the tiled JS GEMM does the same sums in a fraction of that",
};
