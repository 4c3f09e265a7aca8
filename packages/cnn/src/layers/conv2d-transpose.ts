import {
  add,
  ConfigError,
  conv2dTranspose,
  type InitializerIdentifier,
  type Tensor,
  type Tensor4D,
} from '@strata/core';
import {
  type ActivationFunction,
  type ActivationName,
  type CallContext,
  getActivation,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import { type ChannelsLastConfig, type Padding, parseConvConfig } from './conv-utils.js';
import { imageShape } from './rank4-input.js';

/** Config of `Conv2DTranspose` (Keras names and defaults; no `outputPadding` or dilation). */
export interface Conv2DTransposeConfig extends LayerConfig, ChannelsLastConfig {
  /** Number of output channels. */
  filters: number;
  /** Window size, `k` or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Upsampling step, `s` or `[sh, sw]`. Default 1. */
  strides?: number | [number, number];
  /** Default `'valid'`. */
  padding?: Padding;
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/** Keras's transposed-convolution output length: `n·s + max(k − s, 0)` (valid) or `n·s` (same). */
function transposedLength(n: number | null, k: number, s: number, padding: Padding) {
  if (n == null) return null;
  return padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
}

/**
 * A transposed 2-D convolution (the gradient of `Conv2D` with respect to its input, sometimes
 * called deconvolution): every input pixel adds a kernel-shaped patch to the output,
 * `y[b, i·sh + p, j·sw + q, o] += x[b, i, j, c] · W[p, q, o, c]`, then
 * `y = activation(y + b)`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, height·sh + max(kh − sh, 0),
 * width·sw + max(kw − sw, 0), filters]` for `'valid'`, `[batch, height·sh, width·sw, filters]`
 * for `'same'`; `kernel` is `[kh, kw, filters, channels]`, `bias` `[filters]`.
 *
 * @example
 * const up = new Conv2DTranspose({ filters: 32, kernelSize: 3, strides: 2, padding: 'same' });
 * const y = up.apply(x); // [8, 7, 7, 64] → [8, 14, 14, 32]
 */
export class Conv2DTranspose extends Layer<Conv2DTransposeConfig> {
  static override readonly className = 'Conv2DTranspose';
  kernel!: Tensor;
  bias: Tensor | null = null;
  private readonly kernelSize: number[];
  private readonly strides: number[];
  private readonly padding: Padding;
  private readonly activation: ActivationFunction;

  constructor(config: Conv2DTransposeConfig) {
    super(config);
    ({
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
    } = parseConvConfig(this.name, config, 2, { dilation: false }));
    this.activation = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override build(inputShape: ShapeLike): void {
    const channels = imageShape(this.name, inputShape)[3];
    if (channels == null) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'an input with a known number of channels',
        received: JSON.stringify(inputShape),
      });
    }
    const { filters, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [...this.kernelSize, filters, channels],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    if (useBias) {
      this.bias = this.addWeight('bias', [filters], this.config.biasInitializer ?? 'zeros');
    }
    this.inputSpec = { minRank: 4, axes: { [-1]: channels } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const [batch, height, width] = inputs.shape;
    const out = this.computeOutputShape([batch, height, width, null]) as number[];
    const y = conv2dTranspose(
      inputs as Tensor4D,
      this.kernel as Tensor4D,
      [batch, out[1], out[2], this.config.filters],
      this.strides as [number, number],
      this.padding,
    );
    return this.activation.apply(this.bias == null ? y : add(y, this.bias));
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width] = imageShape(this.name, inputShape);
    const [kh, kw] = this.kernelSize;
    const [sh, sw] = this.strides;
    return [
      batch,
      transposedLength(height, kh, sh, this.padding),
      transposedLength(width, kw, sw, this.padding),
      this.config.filters,
    ];
  }
}
