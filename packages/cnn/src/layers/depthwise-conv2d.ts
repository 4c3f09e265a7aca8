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
  convOutputLength,
  dilateKernel,
  type Padding,
  parseConvConfig,
} from './conv-utils.js';
import { depthwiseWithActivation } from './depthwise-op.js';
import { imageShape } from './rank4-input.js';

/** Config of `DepthwiseConv2D` (Keras names and defaults). */
export interface DepthwiseConv2DConfig extends LayerConfig, ChannelsLastConfig {
  /** Window size, `k` or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Step of the window, `s` or `[sh, sw]`. Default 1. */
  strides?: number | [number, number];
  /** Default `'valid'`. */
  padding?: Padding;
  /** Output channels per input channel. Default 1. */
  depthMultiplier?: number;
  /** Spacing between kernel taps, `d` or `[dh, dw]`. Default 1. */
  dilationRate?: number | [number, number];
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/**
 * A depthwise 2-D convolution: each input channel gets its own `depthMultiplier` filters,
 * `y[b, i, j, c·m + k] = activation(Σ_{p, q} x[b, i·sh + p·dh, j·sw + q·dw, c] · W[p, q, c, k] + b[c·m + k])`.
 *
 * Shapes: `[batch, height, width, channels]` →
 * `[batch, outHeight, outWidth, channels·depthMultiplier]` (output sizes as `Conv2D`);
 * `depthwise_kernel` is `[kh, kw, channels, depthMultiplier]`, `bias` `[channels·depthMultiplier]`.
 *
 * @example
 * const dw = new DepthwiseConv2D({ kernelSize: 3, padding: 'same' });
 * const y = dw.apply(x); // [8, 32, 32, 16] → [8, 32, 32, 16]
 */
export class DepthwiseConv2D extends Layer<DepthwiseConv2DConfig> {
  static override readonly className = 'DepthwiseConv2D';
  depthwiseKernel!: Tensor;
  bias: Tensor | null = null;
  private readonly kernelSize: number[];
  private readonly strides: number[];
  private readonly dilationRate: number[];
  private readonly padding: Padding;
  private readonly depthMultiplier: number;
  private readonly activation: ActivationFunction;

  constructor(config: DepthwiseConv2DConfig) {
    super(config);
    ({
      kernelSize: this.kernelSize,
      strides: this.strides,
      dilationRate: this.dilationRate,
      padding: this.padding,
    } = parseConvConfig(this.name, config, 2, { filters: false }));
    this.depthMultiplier = checkPositiveInteger(
      this.name,
      'depthMultiplier',
      config.depthMultiplier ?? 1,
    );
    this.activation = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override build(inputShape: ShapeLike): void {
    const channels = imageShape(this.name, inputShape)[3];
    if (channels == null) throw imageShapeError(this.name, inputShape);
    const { useBias = true } = this.config;
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [...this.kernelSize, channels, this.depthMultiplier],
      this.config.depthwiseInitializer ?? 'glorotUniform',
    );
    if (useBias) {
      this.bias = this.addWeight(
        'bias',
        [channels * this.depthMultiplier],
        this.config.biasInitializer ?? 'zeros',
      );
    }
    this.inputSpec = { minRank: 4, axes: { [-1]: channels } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return depthwiseWithActivation(
      inputs as Tensor4D,
      dilateKernel(this.depthwiseKernel, this.dilationRate),
      this.bias,
      this.strides as [number, number],
      this.padding,
      this.activation,
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = imageShape(this.name, inputShape);
    const out = (n: number | null, axis: number) =>
      convOutputLength(
        n,
        this.kernelSize[axis],
        this.padding,
        this.strides[axis],
        this.dilationRate[axis],
      );
    return [
      batch,
      out(height, 0),
      out(width, 1),
      channels == null ? null : channels * this.depthMultiplier,
    ];
  }
}

function imageShapeError(layer: string, shape: ShapeLike): ConfigError {
  return new ConfigError({
    subject: `Layer '${layer}'`,
    expected: 'an input with a known number of channels',
    received: JSON.stringify(shape),
  });
}
