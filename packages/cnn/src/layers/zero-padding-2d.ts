import { pad, type Tensor } from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import {
  type Border2D,
  type ChannelsLastConfig,
  checkDataFormat,
  normalizeBorder2D,
} from './conv-utils.js';
import { imageShape } from './rank4-input.js';

/** Config of `ZeroPadding2D`. */
export interface ZeroPadding2DConfig extends LayerConfig, ChannelsLastConfig {
  /** `n` on every side, `[h, w]` per axis, or `[[top, bottom], [left, right]]`. Default 1. */
  padding?: number | [number, number] | Border2D;
}

/**
 * Adds rows and columns of zeros around each image, `y[b, i + top, j + left, c] = x[b, i, j, c]`
 * and 0 elsewhere.
 *
 * Shapes: `[batch, height, width, channels]` →
 * `[batch, top + height + bottom, left + width + right, channels]`.
 *
 * @example
 * const y = new ZeroPadding2D({ padding: 2 }).apply(x); // [8, 28, 28, 1] → [8, 32, 32, 1]
 */
export class ZeroPadding2D extends Layer<ZeroPadding2DConfig> {
  static override readonly className = 'ZeroPadding2D';
  private readonly border: Border2D;

  constructor(config: ZeroPadding2DConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
    this.border = normalizeBorder2D(this.name, 'padding', config.padding ?? 1);
  }

  override build(inputShape: ShapeLike): void {
    imageShape(this.name, inputShape);
    this.inputSpec = { minRank: 4 };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return pad(inputs, [[0, 0], ...this.border, [0, 0]]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = imageShape(this.name, inputShape);
    const [[top, bottom], [left, right]] = this.border;
    return [
      batch,
      height == null ? null : top + height + bottom,
      width == null ? null : left + width + right,
      channels,
    ];
  }
}
