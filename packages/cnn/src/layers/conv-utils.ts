import {
  avgPool,
  ConfigError,
  concat,
  div,
  fused,
  onesLike,
  pad,
  split,
  type Tensor,
  type Tensor4D,
  zeros,
} from '@strata/core';
import type { ActivationFunction } from '@strata/layers';

/** How a window meets the border: `'valid'` stays inside, `'same'` pads to `ceil(n / stride)`. */
export type Padding = 'same' | 'valid';

/**
 * Reads a per-axis integer option given as one number or a list of `n` (`kernelSize: 3` or
 * `[3, 5]`), checking each value is an integer ≥ `min`; throws a ConfigError naming the layer.
 */
export function normalizeTuple(
  layer: string,
  option: string,
  value: number | number[],
  n: number,
  min = 1,
): number[] {
  const values = Array.isArray(value) ? value : Array<number>(n).fill(value);
  if (values.length !== n || !values.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ConfigError({
      subject: `Layer '${layer}'`,
      expected: `${option}, ${n === 1 ? 'an integer' : `an integer or ${n} integers`} ≥ ${min}`,
      received: JSON.stringify(value),
    });
  }
  return values;
}

/** The image layout; Strata's layers are channels-last only (Keras's default). */
export type DataFormat = 'channelsLast';

/** The `dataFormat` option of the layers that Keras gives a `data_format`. */
export interface ChannelsLastConfig {
  /**
   * Only `'channelsLast'` (`[batch, …, channels]`), the default; accepted so that files that
   * spell it out (tfjs-layers and Keras write `data_format: 'channels_last'`) load, and
   * `'channelsFirst'` files are refused instead of read wrongly.
   */
  dataFormat?: DataFormat | null;
}

/** Throws a ConfigError naming the layer unless `dataFormat` is channels-last or unset. */
export function checkDataFormat(layer: string, dataFormat: unknown): void {
  if (dataFormat != null && dataFormat !== 'channelsLast') {
    throw new ConfigError({
      subject: `Layer '${layer}'`,
      expected: "dataFormat 'channelsLast' (Strata's convolution layers are channels-last)",
      received: JSON.stringify(dataFormat),
    });
  }
}

/** Checks a `padding` option; throws a ConfigError naming the layer. */
export function checkPadding(layer: string, padding: string): Padding {
  if (padding !== 'same' && padding !== 'valid') {
    throw new ConfigError({
      subject: `Layer '${layer}'`,
      expected: "padding 'same' or 'valid'",
      received: `'${padding}'`,
    });
  }
  return padding;
}

/** Throws a ConfigError when strides > 1 meet dilation > 1 (Keras forbids the mix too). */
export function checkStridesWithDilation(layer: string, strides: number[], dilation: number[]) {
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    throw new ConfigError({
      subject: `Layer '${layer}'`,
      expected: 'strides of 1 when dilationRate > 1',
      received: `strides ${JSON.stringify(strides)} with dilationRate ${JSON.stringify(dilation)}`,
    });
  }
}

/** Throws a ConfigError naming the layer unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(layer: string, option: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new ConfigError({
      subject: `Layer '${layer}'`,
      expected: `${option}, a positive integer`,
      received: String(value),
    });
  }
  return value as number;
}

/** The options every convolution layer shares (Keras names; per-axis ones as `n` or a list). */
export interface ConvOptions extends ChannelsLastConfig {
  filters?: number;
  kernelSize: number | number[];
  strides?: number | number[];
  dilationRate?: number | number[];
  padding?: Padding;
}

/** The shared convolution options, checked and normalised to one entry per spatial axis. */
export interface ParsedConvConfig {
  /** 0 where the layer has no `filters` (`DepthwiseConv2D`). */
  filters: number;
  kernelSize: number[];
  strides: number[];
  /** All ones where the layer has no `dilationRate` (`Conv2DTranspose`). */
  dilationRate: number[];
  padding: Padding;
}

/**
 * Checks and normalises the options of a convolution layer over `rank` spatial axes, in the
 * order dataFormat, filters, kernelSize, strides, dilationRate (and its mix with strides),
 * padding; each refusal a ConfigError naming the layer. `filters: false` for layers without
 * a `filters` option, `dilation: false` for layers without a `dilationRate` (it is not read).
 * Options that only some layers have (`depthMultiplier`, …) stay with those layers.
 */
export function parseConvConfig(
  layer: string,
  config: ConvOptions,
  rank: 1 | 2,
  { filters = true, dilation = true }: { filters?: boolean; dilation?: boolean } = {},
): ParsedConvConfig {
  checkDataFormat(layer, config.dataFormat);
  const filterCount = filters ? checkPositiveInteger(layer, 'filters', config.filters) : 0;
  const kernelSize = normalizeTuple(layer, 'kernelSize', config.kernelSize, rank);
  const strides = normalizeTuple(layer, 'strides', config.strides ?? 1, rank);
  const dilationRate = normalizeTuple(
    layer,
    'dilationRate',
    dilation ? (config.dilationRate ?? 1) : 1,
    rank,
  );
  checkStridesWithDilation(layer, strides, dilationRate);
  const padding = checkPadding(layer, config.padding ?? 'valid');
  return { filters: filterCount, kernelSize, strides, dilationRate, padding };
}

/**
 * The output length of a window sliding over `length`: `⌊(n − k_eff) / s⌋ + 1` for `'valid'`,
 * `⌈n / s⌉` for `'same'`, with `k_eff = (k − 1)·d + 1`; null stays null.
 */
export function convOutputLength(
  length: number | null,
  kernel: number,
  padding: Padding,
  stride: number,
  dilation = 1,
): number | null {
  if (length == null) return null;
  const effective = (kernel - 1) * dilation + 1;
  return padding === 'same'
    ? Math.ceil(length / stride)
    : Math.max(0, Math.floor((length - effective) / stride) + 1);
}

/** Spreads `kernel` along `axis` by inserting `rate − 1` zeros between its taps. */
function dilateAxis(kernel: Tensor, axis: number, rate: number): Tensor {
  if (rate === 1) return kernel;
  // Split and concat, not a rank-5 pad + reshape: WebGL fails to compile that pad's shader
  // and WebGPU returns zeros for it.
  const taps = split(kernel, kernel.shape[axis], axis);
  const gap = zeros(kernel.shape.map((d, i) => (i === axis ? rate - 1 : d)));
  return concat(
    taps.flatMap((tap, i) => (i === 0 ? [tap] : [gap, tap])),
    axis,
  );
}

/**
 * A `[kh, kw, …]` kernel with zeros inserted between its taps, so that a dilated (atrous)
 * convolution runs as a plain one. tfjs has no gradient for dilated conv2d; split and
 * concat have gradients on every backend, so this form trains everywhere.
 */
export function dilateKernel(kernel: Tensor, rates: number[]): Tensor {
  return dilateAxis(dilateAxis(kernel, 0, rates[0]), 1, rates[1]);
}

/**
 * `activation(conv2d(x, kernel) + bias)` for channels-last `x`, dilation applied to the kernel.
 * Uses tfjs's fused conv2d (one kernel for conv, bias and activation) where the activation
 * has a fused form; tfjs itself unfuses non-linear activations while gradients are recorded.
 */
export function conv2dWithActivation(
  x: Tensor4D,
  kernel: Tensor,
  bias: Tensor | null,
  strides: [number, number],
  padding: Padding,
  dilation: number[],
  activation: ActivationFunction,
): Tensor4D {
  const filter = dilateKernel(kernel, dilation) as Tensor4D;
  const fusedName = activation.fused;
  const y = fused.conv2d({
    x,
    filter,
    strides,
    pad: padding,
    bias: bias ?? undefined,
    activation: fusedName ?? 'linear',
  });
  return fusedName == null ? (activation.apply(y) as Tensor4D) : y;
}

/** TensorFlow's `'same'` padding of one axis: `[before, after]`, the odd one after. */
export function samePadding(length: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(length / stride);
  const total = Math.max((out - 1) * stride + kernel - length, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Average pooling of channels-last `x`. For `'same'` the border windows average only the
 * values inside the input, computed as the valid average of the zero-padded input divided by
 * the (constant) fraction of each window inside the input: tfjs 4.22's AvgPoolGrad divides
 * by the full window size there on every backend, so its own `'same'` gradient is wrong.
 */
export function averagePool(
  x: Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: Padding,
): Tensor4D {
  if (padding === 'valid') return avgPool(x, size, strides, 'valid');
  const [, height, width] = x.shape;
  const paddings: [number, number][] = [
    [0, 0],
    samePadding(height, size[0], strides[0]),
    samePadding(width, size[1], strides[1]),
    [0, 0],
  ];
  const sums = avgPool(pad(x, paddings), size, strides, 'valid');
  const inside = avgPool(pad(onesLike(x), paddings), size, strides, 'valid');
  return div(sums, inside);
}

/** Per-side amounts of a 2-D border: `[[top, bottom], [left, right]]`. */
export type Border2D = [[number, number], [number, number]];

/**
 * Reads a Keras 2-D border option (ZeroPadding2D's `padding`, Cropping2D's `cropping`): `n`
 * on every side, `[h, w]` symmetric per axis, or `[[top, bottom], [left, right]]`.
 */
export function normalizeBorder2D(
  layer: string,
  option: string,
  value: number | [number, number] | Border2D,
): Border2D {
  const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (ok(value)) {
    const n = value as number;
    return [
      [n, n],
      [n, n],
    ];
  }
  if (Array.isArray(value) && value.length === 2) {
    if (value.every(ok)) {
      const [h, w] = value as [number, number];
      return [
        [h, h],
        [w, w],
      ];
    }
    if (value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(ok))) {
      return value as Border2D;
    }
  }
  throw new ConfigError({
    subject: `Layer '${layer}'`,
    expected: `${option}, an integer ≥ 0, [height, width] or [[top, bottom], [left, right]]`,
    received: JSON.stringify(value),
  });
}
