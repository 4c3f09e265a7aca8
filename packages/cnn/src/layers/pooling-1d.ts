import { formatShape, reshape, ShapeError, type Tensor, type Tensor4D } from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import {
  type ChannelsLastConfig,
  checkDataFormat,
  checkPadding,
  convOutputLength,
  normalizeTuple,
  type Padding,
} from './conv-utils.js';

/** Config of the 1-D pooling layers (Keras names and defaults). */
export interface Pooling1DConfig extends LayerConfig, ChannelsLastConfig {
  /** Window length. Default 2. */
  poolSize?: number | [number];
  /** Step of the window. Default: `poolSize` (non-overlapping windows). */
  strides?: number | [number] | null;
  /** Default `'valid'`. */
  padding?: Padding;
}

/**
 * The shared part of `MaxPooling1D` and `AveragePooling1D`: config, checks and shapes. The
 * pooling runs as a 2-D pooling over a height-1 image.
 */
export abstract class Pooling1D extends Layer<Pooling1DConfig> {
  protected readonly poolSize: number;
  protected readonly strides: number;
  protected readonly padding: Padding;

  constructor(config: Pooling1DConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
    [this.poolSize] = normalizeTuple(this.name, 'poolSize', config.poolSize ?? 2, 1);
    [this.strides] = normalizeTuple(this.name, 'strides', config.strides ?? this.poolSize, 1);
    this.padding = checkPadding(this.name, config.padding ?? 'valid');
  }

  /** The 2-D pooling op applied to `[batch, 1, time, channels]`. */
  protected abstract pool(x: Tensor4D, size: [number, number], strides: [number, number]): Tensor4D;

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    if (shape.length !== 3) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input [batch, time, channels]',
        received: `shape ${formatShape(shape)}`,
      });
    }
    this.inputSpec = { minRank: 3 };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const [batch, time, channels] = inputs.shape;
    const x = reshape(inputs, [batch, 1, time, channels]) as Tensor4D;
    const y = this.pool(x, [1, this.poolSize], [1, this.strides]);
    return reshape(y, [batch, y.shape[2], channels]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, time, channels] = inputShape as Shape;
    return [batch, convOutputLength(time, this.poolSize, this.padding, this.strides), channels];
  }
}
