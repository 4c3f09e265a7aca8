import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { depthwiseFilterGrad, depthwiseGeometry } from '../depthwise.js';
import type { KernelGap } from '../index.js';
import { heapF32, makeFilled, type WasmBackend } from './heap.js';

const depthwiseBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const wasm = backend as unknown as WasmBackend;
  const info = depthwiseGeometry(
    DepthwiseConv2dNativeBackpropFilter,
    'wasm',
    x.shape,
    a.filterShape,
    dy.shape,
    a,
    { x, dy },
  );
  return makeFilled(wasm, [...a.filterShape], (dw) =>
    depthwiseFilterGrad(heapF32(wasm, x), heapF32(wasm, dy), dw, info),
  );
};

/** tfjs-backend-wasm 4.22 lacks the filter gradient of depthwiseConv2d. */
export const depthwiseConv2dBackpropFilterWasm: KernelGap = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter,
  reason:
    "tfjs-backend-wasm 4.22 has no DepthwiseConv2dNativeBackpropFilter, so the gradient of depthwiseConv2d throws \"Kernel 'DepthwiseConv2dNativeBackpropFilter' not registered for backend 'wasm'\" (DepthwiseConv2D and SeparableConv2D could not train on wasm)",
};
