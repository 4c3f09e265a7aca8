import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseGeometry, depthwiseInputGrad } from '../depthwise.js';
import type { KernelGap } from '../index.js';
import { heapF32, makeFilled, type WasmBackend } from './heap.js';

const depthwiseBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const wasm = backend as unknown as WasmBackend;
  const info = depthwiseGeometry(
    DepthwiseConv2dNativeBackpropInput,
    'wasm',
    a.inputShape,
    filter.shape,
    dy.shape,
    a,
    { dy, filter },
  );
  return makeFilled(wasm, [...a.inputShape], (dx) =>
    depthwiseInputGrad(heapF32(wasm, dy), heapF32(wasm, filter), dx, info),
  );
};

/** tfjs-backend-wasm 4.22 lacks the input gradient of depthwiseConv2d. */
export const depthwiseConv2dBackpropInputWasm: KernelGap = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput,
  reason:
    "tfjs-backend-wasm 4.22 has no DepthwiseConv2dNativeBackpropInput, so the gradient of depthwiseConv2d throws \"Kernel 'DepthwiseConv2dNativeBackpropInput' not registered for backend 'wasm'\"",
};
