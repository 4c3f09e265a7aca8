import {
  type backend_util,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { conv2DValues } from './conv2d.js';
import type { CpuBackend } from './fast-mat-mul.js';
import { applyEpilogue, checkEpilogue } from './fused-epilogue.js';

type Values = Float32Array;

const _size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** `x` [n, c, h, w] → [n, h, w, c], or back with `toFirst`: [n, h, w, c] → [n, c, h, w]. */
function transposeChannels(x: Values, shape: readonly number[], toFirst: boolean): Values {
  // `shape` is the layout of `x`; hw is the spatial size, c the channel count either way.
  const [n, c, hw] = toFirst
    ? [shape[0], shape[3], shape[1] * shape[2]]
    : [shape[0], shape[1], shape[2] * shape[3]];
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) {
    const base = b * c * hw;
    for (let p = 0; p < hw; p++) {
      for (let ch = 0; ch < c; ch++) {
        if (toFirst) out[base + ch * hw + p] = x[base + p * c + ch];
        else out[base + p * c + ch] = x[base + ch * hw + p];
      }
    }
  }
  return out;
}

/** NCHW explicit padding as the NHWC one. */
function nhwcPad(pad: backend_util.ExplicitPadding): backend_util.ExplicitPadding {
  return [pad[0], pad[2], pad[3], pad[1]];
}

/**
 * conv2d + bias + activation, as tfjs-backend-cpu 4.22's FusedConv2D computes it (Conv2D, then
 * Add, then the activation kernel, each rounding to float32), with the conv as im2col + GEMM
 * and bias and activation applied in place. NCHW input is transposed to channels-last for the
 * conv and back; a 1-D bias or PReLU weights then align with the channels, as in tfjs.
 */
const fusedConv2D: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, filter, bias, preluActivationWeights } = inputs as {
    x: TensorInfo;
    filter: TensorInfo;
    bias?: TensorInfo;
    preluActivationWeights?: TensorInfo;
  };
  const a = attrs as unknown as FusedConv2DAttrs;
  const cpu = backend as unknown as CpuBackend;
  const subject = `Kernel '${FusedConv2D}' (cpu)`;
  checkEpilogue(subject, { ...a, preluActivationWeights });
  const channelsFirst = a.dataFormat === 'NCHW';
  const pad = a.pad;
  const xShape = channelsFirst ? [x.shape[0], x.shape[2], x.shape[3], x.shape[1]] : x.shape;
  const info = convGeometry(
    FusedConv2D,
    xShape,
    filter.shape,
    null,
    // NCHW explicit padding is [[0, 0], [0, 0], [top, bottom], [left, right]].
    { ...a, dataFormat: 'NHWC', pad: channelsFirst && Array.isArray(pad) ? nhwcPad(pad) : pad },
    { x, filter },
    'cpu',
  );
  const xValues = cpu.readSync(x.dataId);
  let y = conv2DValues(
    channelsFirst ? transposeChannels(xValues, x.shape, false) : xValues,
    cpu.readSync(filter.dataId),
    info,
  );
  let yShape = info.outShape as number[];
  if (channelsFirst) {
    y = transposeChannels(y, yShape, true);
    yShape = [yShape[0], yShape[3], yShape[1], yShape[2]];
  }
  // tfjs reshapes a 1-D NCHW bias or PReLU weights of more than 1 element to [c, 1, 1].
  const aligned = (t: TensorInfo) =>
    channelsFirst && t.shape.length === 1 && t.shape[0] !== 1 ? [t.shape[0], 1, 1] : t.shape;
  [y, yShape] = applyEpilogue(cpu, y, yShape, { ...a, bias, preluActivationWeights }, aligned);
  return cpu.makeTensorInfo(yShape, 'float32', y);
};

/** Replaces tfjs-backend-cpu 4.22's FusedConv2D (conv2d + bias + activation: inference). */
export const fusedConv2DCpu: KernelGap = {
  kernelName: FusedConv2D,
  backendName: 'cpu',
  kernelFunc: fusedConv2D,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's FusedConv2D runs its direct-loop Conv2D (≈ 0.2 GFLOP/s), then Add and the activation as separate kernels; im2col + the tiled JS GEMM with bias and activation applied in place makes the CNN bench's inference ≈ 2.8–3.9× faster (cnn-infer b1 and b256)",
};
