import {
  formatShape,
  type InitializerIdentifier,
  reshape,
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

/** Config of `Conv1D` (Keras names and defaults). */
export interface Conv1DConfig extends LayerConfig, ChannelsLastConfig {
  /** Number of output channels. */
  filters: number;
  /** Window length, `k` or `[k]`. */
  kernelSize: number | [number];
  /** Step of the window. Default 1. */
  strides?: number | [number];
  /** Default `'valid'`. */
  padding?: Padding;
  /** Spacing between kernel taps. Default 1. */
  dilationRate?: number | [number];
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/**
 * A 1-D convolution over channels-last sequences,
 * `y[b, t, o] = activation(Σ_{p, c} x[b, t·s + p·d, c] · W[p, c, o] + b[o])`. Runs as a
 * conv2d over a height-1 image, fused with bias and activation where tfjs can.
 *
 * Shapes: `[batch, time, channels]` → `[batch, outTime, filters]`, with `outTime = ⌈t / s⌉`
 * for `'same'` and `⌊(t − (k − 1)·d − 1) / s⌋ + 1` for `'valid'`; `kernel` is
 * `[k, channels, filters]`, `bias` `[filters]`.
 *
 * @example
 * const conv = new Conv1D({ filters: 64, kernelSize: 5, activation: 'relu' });
 * const y = conv.apply(x); // [32, 100, 16] → [32, 96, 64]
 */
export class Conv1D extends Layer<Conv1DConfig> {
  static override readonly className = 'Conv1D';
  kernel!: Tensor;
  bias: Tensor | null = null;
  private readonly kernelSize: number;
  private readonly strides: number;
  private readonly dilationRate: number;
  private readonly padding: Padding;
  private readonly activation: ActivationFunction;

  constructor(config: Conv1DConfig) {
    super(config);
    const parsed = parseConvConfig(this.name, config, 1);
    [this.kernelSize] = parsed.kernelSize;
    [this.strides] = parsed.strides;
    [this.dilationRate] = parsed.dilationRate;
    this.padding = parsed.padding;
    this.activation = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 3 || channels == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input [batch, time, channels] with known channels',
        received: `shape ${formatShape(shape)}`,
      });
    }
    const { filters, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, channels, filters],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    if (useBias) {
      this.bias = this.addWeight('bias', [filters], this.config.biasInitializer ?? 'zeros');
    }
    this.inputSpec = { minRank: 3, axes: { [-1]: channels } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const [batch, time, channels] = inputs.shape;
    const y = conv2dWithActivation(
      reshape(inputs, [batch, 1, time, channels]) as Tensor4D,
      reshape(this.kernel, [1, ...this.kernel.shape]),
      this.bias,
      [1, this.strides],
      this.padding,
      [1, this.dilationRate],
      this.activation,
    );
    return reshape(y, [batch, y.shape[2], this.config.filters]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, time] = inputShape as Shape;
    const { kernelSize, padding, strides, dilationRate } = this;
    return [
      batch,
      convOutputLength(time, kernelSize, padding, strides, dilationRate),
      this.config.filters,
    ];
  }
}
