import { ConfigError, type InitializerIdentifier, type Tensor, type Tensor4D } from '@strata/core';
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
  checkPositiveInteger,
  conv2dWithActivation,
  convOutputLength,
  dilateKernel,
  type Padding,
  parseConvConfig,
} from './conv-utils.js';
import { depthwiseWithActivation } from './depthwise-op.js';
import { imageShape } from './rank4-input.js';

const LINEAR = getActivation('linear');

/** Config of `SeparableConv2D` (Keras names and defaults). */
export interface SeparableConv2DConfig extends LayerConfig, ChannelsLastConfig {
  /** Number of output channels. */
  filters: number;
  /** Window size of the depthwise step, `k` or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Step of the window, `s` or `[sh, sw]`. Default 1. */
  strides?: number | [number, number];
  /** Default `'valid'`. */
  padding?: Padding;
  /** Depthwise output channels per input channel. Default 1. */
  depthMultiplier?: number;
  /** Spacing between depthwise kernel taps, `d` or `[dh, dw]`. Default 1. */
  dilationRate?: number | [number, number];
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default `'glorotUniform'`. */
  pointwiseInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/**
 * A depthwise-separable 2-D convolution: a depthwise convolution (each channel with its own
 * `depthMultiplier` filters, as `DepthwiseConv2D`) followed by a 1×1 convolution mixing the
 * channels, `y = activation(pointwise(depthwise(x)) + b)`; the pointwise step, bias and
 * activation run as one fused conv2d.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, outHeight, outWidth, filters]`
 * (output sizes as `Conv2D`); `depthwise_kernel` is `[kh, kw, channels, depthMultiplier]`,
 * `pointwise_kernel` `[1, 1, channels·depthMultiplier, filters]`, `bias` `[filters]`.
 *
 * @example
 * const conv = new SeparableConv2D({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' });
 * const y = conv.apply(x); // [8, 32, 32, 16] → [8, 32, 32, 64]
 * @see Chollet, "Xception", 2017. https://arxiv.org/abs/1610.02357
 */
export class SeparableConv2D extends Layer<SeparableConv2DConfig> {
  static override readonly className = 'SeparableConv2D';
  depthwiseKernel!: Tensor;
  pointwiseKernel!: Tensor;
  bias: Tensor | null = null;
  private readonly kernelSize: number[];
  private readonly strides: number[];
  private readonly dilationRate: number[];
  private readonly padding: Padding;
  private readonly depthMultiplier: number;
  private readonly activation: ActivationFunction;

  constructor(config: SeparableConv2DConfig) {
    super(config);
    ({
      kernelSize: this.kernelSize,
      strides: this.strides,
      dilationRate: this.dilationRate,
      padding: this.padding,
    } = parseConvConfig(this.name, config, 2));
    this.depthMultiplier = checkPositiveInteger(
      this.name,
      'depthMultiplier',
      config.depthMultiplier ?? 1,
    );
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
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [...this.kernelSize, channels, this.depthMultiplier],
      this.config.depthwiseInitializer ?? 'glorotUniform',
    );
    this.pointwiseKernel = this.addWeight(
      'pointwise_kernel',
      [1, 1, channels * this.depthMultiplier, filters],
      this.config.pointwiseInitializer ?? 'glorotUniform',
    );
    if (useBias) {
      this.bias = this.addWeight('bias', [filters], this.config.biasInitializer ?? 'zeros');
    }
    this.inputSpec = { minRank: 4, axes: { [-1]: channels } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const depthwise = depthwiseWithActivation(
      inputs as Tensor4D,
      dilateKernel(this.depthwiseKernel, this.dilationRate),
      null,
      this.strides as [number, number],
      this.padding,
      LINEAR,
    );
    return conv2dWithActivation(
      depthwise,
      this.pointwiseKernel,
      this.bias,
      [1, 1],
      'valid',
      [1, 1],
      this.activation,
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width] = imageShape(this.name, inputShape);
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
