import {
  backend_util,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { ConfigError } from '../../errors.js';
import { convGeometry } from '../im2col.js';
import type { KernelGap } from '../index.js';
import { conv2DValues } from './conv2d.js';
import type { CpuBackend } from './fast-mat-mul.js';

type Values = Float32Array;

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

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

/** `data` (of `shape`) broadcast to `target` (numpy rules, `shape` right-aligned), materialised. */
function expand(data: Values, shape: readonly number[], target: readonly number[]): Values {
  const out = new Float32Array(size(target));
  const rank = target.length;
  const offset = rank - shape.length;
  // Source stride of each target axis, 0 where the source has size 1 (or no such axis).
  const strides = new Array<number>(rank).fill(0);
  for (let i = shape.length - 1, s = 1; i >= 0; s *= shape[i], i--) {
    if (shape[i] !== 1) strides[i + offset] = s;
  }
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[src];
    for (let axis = rank - 1; axis >= 0; axis--) {
      src += strides[axis];
      if (++index[axis] < target[axis]) break;
      src -= strides[axis] * target[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/**
 * The element of an operand broadcast to `yShape` that element `i` of y sees, as
 * `⌊i / inner⌋ mod size`: that holds when the operand's non-1 axes are one contiguous run of
 * y's axes (a scalar, per-channel [co] or [co, 1, 1], a whole [oh, ow, co] map…). Null otherwise.
 */
function runIndexer(
  shape: readonly number[],
  yShape: readonly number[],
): { inner: number; size: number } | null {
  const offset = yShape.length - shape.length;
  const axes = shape.flatMap((d, i) => (d === 1 ? [] : [i + offset]));
  if (axes.length === 0) return { inner: 1, size: 1 };
  const first = axes[0];
  const last = axes[axes.length - 1];
  if (last - first + 1 !== axes.length) return null;
  return { inner: size(yShape.slice(last + 1)), size: size(yShape.slice(first, last + 1)) };
}

/**
 * Applies `op(y[i], operand[j])` in place over y, the operand broadcast to y's shape: by
 * channel or run where it can, through a materialised copy otherwise. Returns y and its shape,
 * which grows where the operand's broadcast does (as tfjs's Add and Prelu would).
 */
function withOperand(
  y: Values,
  yShape: number[],
  values: Values,
  shape: readonly number[],
  op: (y: number, v: number) => number,
): [Values, number[]] {
  const target = backend_util.assertAndGetBroadcastShape(yShape, shape as number[]);
  let out = y;
  if (target.length !== yShape.length || target.some((d, i) => d !== yShape[i])) {
    out = expand(y, yShape, target);
  }
  const run = runIndexer(shape, target);
  if (run == null) {
    const full = expand(values, shape, target);
    for (let i = 0; i < out.length; i++) out[i] = op(out[i], full[i]);
  } else if (run.inner === 1 && run.size === 1) {
    const v = values[0];
    for (let i = 0; i < out.length; i++) out[i] = op(out[i], v);
  } else if (run.inner === 1) {
    // The common case: per channel, channels last.
    for (let i = 0, j = 0; i < out.length; i++) {
      out[i] = op(out[i], values[j]);
      if (++j === run.size) j = 0;
    }
  } else {
    for (let i = 0; i < out.length; i++)
      out[i] = op(out[i], values[Math.floor(i / run.inner) % run.size]);
  }
  return [out, target];
}

/** tfjs-backend-cpu 4.22's activations, element by element (its Relu, Elu, … kernels). */
function activate(y: Values, activation: string, alpha: number): void {
  const n = y.length;
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = Math.max(0, y[i]);
      return;
    case 'relu6':
      for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(0, y[i]), 6);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) y[i] = y[i] >= 0 ? y[i] : Math.exp(y[i]) - 1;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) y[i] = y[i] < 0 ? alpha * y[i] : y[i];
      return;
  }
}

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'];

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
  const activation = a.activation as string | undefined | null;
  if (activation && !ACTIVATIONS.includes(activation)) {
    throw new ConfigError({
      subject,
      expected: `an activation among ${ACTIVATIONS.map((s) => `'${s}'`).join(', ')}`,
      received: `'${activation}'`,
    });
  }
  if (activation === 'prelu' && preluActivationWeights == null) {
    throw new ConfigError({
      subject,
      expected: "preluActivationWeights with activation 'prelu'",
      received: 'none',
    });
  }
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
  if (bias != null) {
    [y, yShape] = withOperand(y, yShape, cpu.readSync(bias.dataId), aligned(bias), (v, b) => v + b);
  }
  if (activation === 'prelu') {
    const w = preluActivationWeights as TensorInfo;
    [y, yShape] = withOperand(y, yShape, cpu.readSync(w.dataId), aligned(w), (v, p) =>
      v < 0 ? p * v : v,
    );
  } else if (activation) {
    activate(y, activation, a.leakyreluAlpha as number);
  }
  return cpu.makeTensorInfo(yShape, 'float32', y);
};

/** Replaces tfjs-backend-cpu 4.22's FusedConv2D (conv2d + bias + activation: inference). */
export const fusedConv2DCpu: KernelGap = {
  kernelName: FusedConv2D,
  backendName: 'cpu',
  kernelFunc: fusedConv2D,
  replaces: true,
  reason:
    "tfjs-backend-cpu 4.22's FusedConv2D runs its direct-loop Conv2D (≈ 0.2 GFLOP/s), then Add and the activation as separate kernels; im2col + the tiled JS GEMM with bias and activation applied in place makes the CNN bench's inference ≈ 3–4× faster (cnn-infer b1 and b256)",
};
