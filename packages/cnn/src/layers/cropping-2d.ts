import { formatShape, ShapeError, slice, type Tensor } from '@strata/core';
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

/** Config of `Cropping2D`. */
export interface Cropping2DConfig extends LayerConfig, ChannelsLastConfig {
  /** `n` from every side, `[h, w]` per axis, or `[[top, bottom], [left, right]]`. Default 0. */
  cropping?: number | [number, number] | Border2D;
}

/**
 * Cuts rows and columns off the borders of each image,
 * `y[b, i, j, c] = x[b, i + top, j + left, c]`.
 *
 * Shapes: `[batch, height, width, channels]` →
 * `[batch, height − top − bottom, width − left − right, channels]`.
 *
 * @example
 * const y = new Cropping2D({ cropping: [[2, 2], [4, 4]] }).apply(x); // [8, 32, 32, 3] → [8, 28, 24, 3]
 */
export class Cropping2D extends Layer<Cropping2DConfig> {
  static override readonly className = 'Cropping2D';
  private readonly border: Border2D;

  constructor(config: Cropping2DConfig = {}) {
    super(config);
    checkDataFormat(this.name, config.dataFormat);
    this.border = normalizeBorder2D(this.name, 'cropping', config.cropping ?? 0);
  }

  override build(inputShape: ShapeLike): void {
    const shape = imageShape(this.name, inputShape);
    const [[top, bottom], [left, right]] = this.border;
    const [, height, width] = shape;
    if ((height != null && top + bottom >= height) || (width != null && left + right >= width)) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input taller than ${top + bottom} and wider than ${left + right}`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    this.inputSpec = { minRank: 4 };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const [batch, height, width, channels] = inputs.shape;
    const [[top, bottom], [left, right]] = this.border;
    return slice(
      inputs,
      [0, top, left, 0],
      [batch, height - top - bottom, width - left - right, channels],
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = imageShape(this.name, inputShape);
    const [[top, bottom], [left, right]] = this.border;
    return [
      batch,
      height == null ? null : height - top - bottom,
      width == null ? null : width - left - right,
      channels,
    ];
  }
}
