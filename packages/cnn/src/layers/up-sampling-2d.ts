import { ConfigError, mul, ones, reshape, type Tensor } from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import { type ChannelsLastConfig, checkDataFormat, normalizeTuple } from './conv-utils.js';
import { imageShape } from './rank4-input.js';

/** Config of `UpSampling2D`. */
export interface UpSampling2DConfig extends LayerConfig, ChannelsLastConfig {
  /** Repeats of each row and column, `n` or `[rows, columns]`. Default 2. */
  size?: number | [number, number];
  /** Only `'nearest'` (the Keras default). */
  interpolation?: 'nearest';
}

/**
 * Repeats each row `sh` times and each column `sw` times (nearest-neighbour upsampling),
 * `y[b, i, j, c] = x[b, ⌊i / sh⌋, ⌊j / sw⌋, c]`. Runs as a reshape and a broadcast, whose
 * gradient (a sum) every backend has.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, height·sh, width·sw, channels]`.
 *
 * @example
 * const y = new UpSampling2D({ size: 2 }).apply(x); // [8, 7, 7, 64] → [8, 14, 14, 64]
 */
export class UpSampling2D extends Layer<UpSampling2DConfig> {
  static override readonly className = 'UpSampling2D';
  private readonly size: number[];

  constructor(config: UpSampling2DConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
    this.size = normalizeTuple(this.name, 'size', config.size ?? 2, 2);
    const interpolation = config.interpolation ?? 'nearest';
    if (interpolation !== 'nearest') {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: "interpolation 'nearest'",
        received: `'${interpolation}'`,
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    imageShape(this.name, inputShape);
    this.inputSpec = { minRank: 4 };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const [batch, height, width, channels] = inputs.shape;
    const [sh, sw] = this.size;
    // A broadcasting multiply rather than broadcastTo: tfjs's broadcastTo gradient goes
    // through tile's, which stops at rank 5.
    const spread = mul(
      reshape(inputs, [batch, height, 1, width, 1, channels]),
      ones([1, 1, sh, 1, sw, 1]),
    );
    return reshape(spread, [batch, height * sh, width * sw, channels]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = imageShape(this.name, inputShape);
    const [sh, sw] = this.size;
    return [
      batch,
      height == null ? null : height * sh,
      width == null ? null : width * sw,
      channels,
    ];
  }
}
