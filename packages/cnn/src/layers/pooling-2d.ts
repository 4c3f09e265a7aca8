import { formatShape, ShapeError, type Tensor, type Tensor4D } from '@strata/core';
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

/** Config of the 2-D pooling layers (Keras names and defaults). */
export interface Pooling2DConfig extends LayerConfig, ChannelsLastConfig {
  /** Window size, `p` or `[ph, pw]`. Default 2. */
  poolSize?: number | [number, number];
  /** Step of the window. Default: `poolSize` (non-overlapping windows). */
  strides?: number | [number, number] | null;
  /** Default `'valid'`. */
  padding?: Padding;
}

/** The shared part of `MaxPooling2D` and `AveragePooling2D`: config, checks and shapes. */
export abstract class Pooling2D extends Layer<Pooling2DConfig> {
  protected readonly poolSize: [number, number];
  protected readonly strides: [number, number];
  protected readonly padding: Padding;

  constructor(config: Pooling2DConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
    this.poolSize = normalizeTuple(this.name, 'poolSize', config.poolSize ?? 2, 2) as [
      number,
      number,
    ];
    this.strides = normalizeTuple(this.name, 'strides', config.strides ?? this.poolSize, 2) as [
      number,
      number,
    ];
    this.padding = checkPadding(this.name, config.padding ?? 'valid');
  }

  /** The pooling op on `[batch, height, width, channels]`. */
  protected abstract pool(x: Tensor4D): Tensor4D;

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    if (shape.length !== 4) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input [batch, height, width, channels]',
        received: `shape ${formatShape(shape)}`,
      });
    }
    this.inputSpec = { minRank: 4 };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return this.pool(inputs as Tensor4D);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = inputShape as Shape;
    const out = (n: number | null, axis: number) =>
      convOutputLength(n, this.poolSize[axis], this.padding, this.strides[axis]);
    return [batch, out(height, 0), out(width, 1), channels];
  }
}
