import {
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  util,
} from '@tensorflow/tfjs-core';
import type { KernelGap } from '../index.js';

/** The part of the wasm backend's API this kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * `out[segmentIds[i], …] += x[i, …]` over the wasm heap; ids outside [0, numSegments) are
 * dropped, as in TensorFlow. A JS loop over the heap beats a one-hot matMul here: it is
 * O(size of x) with no `[numSegments, n]` temporary, which for an embedding of a large
 * vocabulary would not fit.
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const wasm = backend as unknown as WasmBackend;
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = util.sizeFromShape(innerShape);
  const rows = util.sizeFromShape(segmentIds.shape);
  const out = wasm.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views are taken after makeOutput: allocating may grow (and detach) the heap.
  const outValues = wasm.typedArrayFromHeap(out);
  const xValues = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  outValues.fill(0);
  for (let row = 0; row < rows; row++) {
    const segment = ids[row];
    if (segment < 0 || segment >= numSegments) continue;
    const src = row * inner;
    const dst = segment * inner;
    for (let j = 0; j < inner; j++) outValues[dst + j] += xValues[src + j];
  }
  return out;
};

export const unsortedSegmentSumWasm: KernelGap = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
  reason:
    "tfjs-backend-wasm 4.22 has no UnsortedSegmentSum, so the gradient of gather (an embedding lookup) throws \"Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'\"",
};
