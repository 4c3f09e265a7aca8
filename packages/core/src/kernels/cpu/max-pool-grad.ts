import {
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelGap } from '../index.js';
import { maxPoolBackprop, maxPoolGradGeometry } from '../max-pool-backprop.js';
import type { CpuBackend } from './fast-mat-mul.js';

/** dx of max pooling over cpu's arrays (see `maxPoolBackprop`). */
const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const cpu = backend as unknown as CpuBackend;
  const info = maxPoolGradGeometry('cpu', dy, input, attrs as unknown as MaxPoolGradAttrs);
  const dx = new Float32Array(input.shape.reduce((p, d) => p * d, 1));
  maxPoolBackprop(cpu.readSync(input.dataId), cpu.readSync(dy.dataId), dx, info);
  return cpu.makeTensorInfo([...input.shape], 'float32', dx);
};

/**
 * Replaces tfjs-backend-cpu 4.22's MaxPoolGrad, which is right but slow: it recomputes every
 * window's argmax into a buffer through per-element `get`/`set` calls, then loops over dx
 * gathering the windows that chose each pixel.
 */
export const maxPoolGradCpu: KernelGap = {
  kernelName: MaxPoolGrad,
  backendName: 'cpu',
  kernelFunc: maxPoolGrad,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's MaxPoolGrad takes ≈ 1.6 s for a 2×2 pool over [64, 28, 28, 32] (the CNN bench's first pool; ≈ 25 % of a training step); one pass over the windows takes a few tens of ms",
};
