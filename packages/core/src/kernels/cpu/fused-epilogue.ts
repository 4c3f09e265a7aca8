/**
 * The bias + activation half of the cpu fused conv kernels (FusedConv2D,
 * FusedDepthwiseConv2D), applied in place on the conv's output with tfjs-backend-cpu 4.22's
 * semantics: Add's broadcasting, then its activation kernels, each rounding to float32.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { ConfigError } from '../../errors.js';
import type { CpuBackend } from './fast-mat-mul.js';

type Values = Float32Array;

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

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

const add = (v: number, b: number) => v + b;
const prelu = (v: number, p: number) => (v < 0 ? p * v : v);

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
  } else if (run.inner === 1 && op === add) {
    // The common case, per channel, channels last, without a call per element.
    for (let i = 0, j = 0; i < out.length; i++) {
      out[i] += values[j];
      if (++j === run.size) j = 0;
    }
  } else if (run.inner === 1) {
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

/** The fused kernels' inputs and attrs beyond the conv's own. */
export interface Epilogue {
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
  activation?: string | null;
  leakyreluAlpha?: number;
}

/** Throws unless the activation is one tfjs-cpu's fused kernels know, with its weights for prelu. */
export function checkEpilogue(subject: string, e: Epilogue): void {
  if (e.activation && !ACTIVATIONS.includes(e.activation)) {
    throw new ConfigError({
      subject,
      expected: `an activation among ${ACTIVATIONS.map((s) => `'${s}'`).join(', ')}`,
      received: `'${e.activation}'`,
    });
  }
  if (e.activation === 'prelu' && e.preluActivationWeights == null) {
    throw new ConfigError({
      subject,
      expected: "preluActivationWeights with activation 'prelu'",
      received: 'none',
    });
  }
}

/**
 * `activation(y + bias)` in place over y (of `yShape`), bias and PReLU weights broadcast as
 * tfjs's Add and Prelu do, `align` first mapping their shapes (NCHW's 1-D ones to [c, 1, 1]).
 * Returns y and its shape, both grown where a broadcast grows them.
 */
export function applyEpilogue(
  cpu: CpuBackend,
  y: Values,
  yShape: number[],
  e: Epilogue,
  align: (t: TensorInfo) => readonly number[] = (t) => t.shape,
): [Values, number[]] {
  let out: [Values, number[]] = [y, yShape];
  if (e.bias != null) {
    out = withOperand(...out, cpu.readSync(e.bias.dataId), align(e.bias), add);
  }
  if (e.activation === 'prelu') {
    const w = e.preluActivationWeights as TensorInfo;
    out = withOperand(...out, cpu.readSync(w.dataId), align(w), prelu);
  } else if (e.activation) {
    activate(out[0], e.activation, e.leakyreluAlpha as number);
  }
  return out;
}
