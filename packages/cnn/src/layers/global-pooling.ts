import { formatShape, ShapeError, type Tensor } from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import { type ChannelsLastConfig, checkDataFormat } from './conv-utils.js';

/** Config of the global pooling layers (Keras names and defaults). */
export interface GlobalPoolingConfig extends LayerConfig, ChannelsLastConfig {
  /** Keep the pooled axes as size 1 (`[batch, 1, 1, channels]`). Default false. */
  keepdims?: boolean;
}

/**
 * The shared part of the global pooling layers: pools every spatial (or time) axis of a
 * channels-last input of a fixed rank down to one value per channel.
 */
export abstract class GlobalPooling extends Layer<GlobalPoolingConfig> {
  /** The input rank: 3 for 1-D (`[batch, time, channels]`), 4 for 2-D. */
  protected abstract readonly rank: 3 | 4;
  /** The reduction over `axes`. */
  protected abstract reduce(x: Tensor, axes: number[], keepdims: boolean): Tensor;

  constructor(config: GlobalPoolingConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
  }

  private get axes(): number[] {
    return this.rank === 3 ? [1] : [1, 2];
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    if (shape.length !== this.rank) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected:
          this.rank === 3
            ? 'an input [batch, time, channels]'
            : 'an input [batch, height, width, channels]',
        received: `shape ${formatShape(shape)}`,
      });
    }
    this.inputSpec = { minRank: this.rank };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return this.reduce(inputs, this.axes, this.config.keepdims ?? false);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = inputShape as Shape;
    const channels = shape[shape.length - 1];
    return this.config.keepdims
      ? shape.map((d, i) => (this.axes.includes(i) ? 1 : d))
      : [shape[0], channels];
  }
}
