import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGradAttrs, col2im, convGeometry } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { type CpuBackend, gemm } from './fast-mat-mul.js';

/**
 * dx [batch, h, w, ci]: dcols = dy · Wᵀ ([batch·oh·ow, co] · [co, fh·fw·ci], Wᵀ read through
 * strides by the tiled JS GEMM), then col2im adds each window's gradient back onto the pixels
 * it read.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs & ConvGradAttrs;
  const cpu = backend as unknown as CpuBackend;
  const info = convGeometry(
    Conv2DBackpropInput,
    a.inputShape,
    filter.shape,
    dy.shape,
    a,
    { dy, filter },
    'cpu',
  );
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  const shape = [...a.inputShape];
  const dx = new Float32Array(shape.reduce((p, d) => p * d, 1));
  if (k * n * co === 0) return cpu.makeTensorInfo(shape, 'float32', dx);
  const dcols = gemm(cpu.readSync(dy.dataId), cpu.readSync(filter.dataId), n, co, k, false, true);
  col2im(dcols, dx, info);
  return cpu.makeTensorInfo(shape, 'float32', dx);
};

/**
 * Replaces tfjs-backend-cpu 4.22's Conv2DBackpropInput (conv2d's input gradient and
 * conv2dTranspose's forward pass), a direct loop.
 */
export const conv2DBackpropInputCpu: KernelGap = {
  kernelName: Conv2DBackpropInput,
  backendName: 'cpu',
  kernelFunc: conv2DBackpropInput,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's Conv2DBackpropInput is a direct loop (≈ 2 s for the CNN bench's conv2 at batch 64); one tiled JS GEMM + col2im runs several times faster",
};
