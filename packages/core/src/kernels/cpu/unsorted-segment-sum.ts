import {
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  util,
} from '@tensorflow/tfjs-core';
import type { KernelGap } from '../index.js';

interface CpuBackend {
  readSync(dataId: object): Float32Array | Int32Array;
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): TensorInfo;
}

/**
 * `out[segmentIds[i], …] += x[i, …]` in one pass over `x`; ids outside [0, numSegments) are
 * dropped, as in TensorFlow. tfjs-cpu builds a `[numSegments, rows]` equality mask and sums it
 * per segment — O(numSegments · size of x) — which for an embedding gradient (a vocabulary of
 * thousands) takes tens of seconds a step.
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const cpu = backend as unknown as CpuBackend;
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = util.sizeFromShape(innerShape);
  const rows = util.sizeFromShape(segmentIds.shape);
  const xValues = cpu.readSync(x.dataId);
  const ids = cpu.readSync(segmentIds.dataId);
  const out =
    x.dtype === 'int32'
      ? new Int32Array(numSegments * inner)
      : new Float32Array(numSegments * inner);
  for (let row = 0; row < rows; row++) {
    const segment = ids[row];
    if (segment < 0 || segment >= numSegments) continue;
    const src = row * inner;
    const dst = segment * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += xValues[src + j];
  }
  return cpu.makeTensorInfo([numSegments, ...innerShape], x.dtype, out);
};

export const unsortedSegmentSumCpu: KernelGap = {
  kernelName: UnsortedSegmentSum,
  backendName: 'cpu',
  kernelFunc: unsortedSegmentSum,
  replaces: true,
  reason:
    "tfjs-cpu 4.22's UnsortedSegmentSum is O(numSegments × size of x): the gradient of an embedding of [2560, 64] rows into 1,000 segments took 50 s",
};
