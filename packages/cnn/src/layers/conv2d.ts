import {
  formatShape,
  type InitializerIdentifier,
  ShapeError,
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
import {
  type ChannelsLastConfig,
  conv2dWithActivation,
  convOutputLength,
  type Padding,
  parseConvConfig,
} from './conv-utils.js';

/** Config of `Conv2D` (Keras names and defaults). */
export interface Conv2DConfig extends LayerConfig, ChannelsLastConfig {
  /** Number of output channels. */
  filters: number;
  /** Window size, `k` or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Step of the window, `s` or `[sh, sw]`. Default 1. */
  strides?: number | [number, number];
  /** Default `'valid'`. */
  padding?: Padding;
  /** Spacing between kernel taps (atrous convolution), `d` or `[dh, dw]`. Default 1. */
  dilationRate?: number | [number, number];
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/**
 * A 2-D convolution over channels-last images,
 * `y[b, i, j, o] = activation(Σ_{p, q, c} x[b, i·sh + p·dh, j·sw + q·dw, c] · W[p, q, c, o] + b[o])`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, outHeight, outWidth, filters]`, with
 * `out = ⌈n / s⌉` for `'same'` and `⌊(n − (k − 1)·d − 1) / s⌋ + 1` for `'valid'`; `kernel` is
 * `[kh, kw, channels, filters]`, `bias` `[filters]`. Runs as tfjs's fused conv2d (conv, bias
 * and activation in one kernel) where the activation has a fused form.
 *
 * @example
 * const conv = new Conv2D({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' });
 * const y = conv.apply(images); // [16, 28, 28, 1] → [16, 28, 28, 32]
 */
export class Conv2D extends Layer<Conv2DConfig> {
  static override readonly className = 'Conv2D';
  kernel!: Tensor;
  bias: Tensor | null = null;
  private readonly kernelSize: number[];
  private readonly strides: number[];
  private readonly dilationRate: number[];
  private readonly padding: Padding;
  private readonly activation: ActivationFunction;

  constructor(config: Conv2DConfig) {
    super(config);
    ({
      kernelSize: this.kernelSize,
      strides: this.strides,
      dilationRate: this.dilationRate,
      padding: this.padding,
    } = parseConvConfig(this.name, config, 2));
    this.activation = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || channels == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input [batch, height, width, channels] with known channels',
        received: `shape ${formatShape(shape)}`,
      });
    }
    const { filters, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [...this.kernelSize, channels, filters],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    if (useBias) {
      this.bias = this.addWeight('bias', [filters], this.config.biasInitializer ?? 'zeros');
    }
    this.inputSpec = { minRank: 4, axes: { [-1]: channels } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return conv2dWithActivation(
      inputs as Tensor4D,
      this.kernel,
      this.bias,
      this.strides as [number, number],
      this.padding,
      this.dilationRate,
      this.activation,
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width] = inputShape as Shape;
    const out = (n: number | null, axis: number) =>
      convOutputLength(
        n,
        this.kernelSize[axis],
        this.padding,
        this.strides[axis],
        this.dilationRate[axis],
      );
    return [batch, out(height, 0), out(width, 1), this.config.filters];
  }
}
