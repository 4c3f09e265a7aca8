import {
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelGap } from '../index.js';
import { maxPoolBackprop, maxPoolGradGeometry } from '../max-pool-backprop.js';
import { heapF32, makeFilled, type WasmBackend } from './heap.js';

/** dx of max pooling on the wasm heap (see `maxPoolBackprop`). */
const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const wasm = backend as unknown as WasmBackend;
  const info = maxPoolGradGeometry('wasm', dy, input, attrs as unknown as MaxPoolGradAttrs);
  return makeFilled(wasm, [...input.shape], (dx) =>
    maxPoolBackprop(heapF32(wasm, input), heapF32(wasm, dy), dx, info),
  );
};

/**
 * Replaces tfjs-backend-wasm 4.22's MaxPoolGrad, which gives no gradient to a window whose
 * maximum is negative (as if its running maximum started at 0 instead of −∞): on
 * x = [0.52, −0.28, −0.40, −0.24] with pool [1, 2] it returns dx = [dy₀, 0, 0, 0] where
 * tfjs-cpu returns [dy₀, 0, 0, dy₁] (see max-pool-grad.test.ts).
 */
export const maxPoolGradWasm: KernelGap = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
  replaces: true,
  reason:
    "tfjs-backend-wasm 4.22's MaxPoolGrad drops the gradient of every pooling window whose maximum is negative (dx stays 0 there; tfjs-cpu sends it to the window's largest element), so max pooling of signed inputs trained wrongly on wasm",
};
