import { ConfigError, type DataType, RandomStream, type Tensor } from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import { imageShape } from '../layers/rank4-input.js';
import { centerCropWithPadding, randomCropWithPadding } from './image-ops.js';

/** Config of `RandomCrop` (Keras names, plus `padding`). */
export interface RandomCropConfig extends LayerConfig {
  /** Height of the crop. Default: the input's height. */
  height?: number;
  /** Width of the crop. Default: the input's width. */
  width?: number;
  /** Zeros added on every side before cropping (Strata's addition; Keras has none). Default 0. */
  padding?: number;
  /** Draw the offsets from this layer's own stream instead of the call's `rng`. */
  seed?: number | null;
}

/**
 * Data augmentation: while training, pads each image with `padding` zeros on every side and
 * cuts a `height × width` window at a random offset per image (uniform over the windows that
 * fit) — with the defaults, a shift of up to `padding` pixels that keeps the size; at
 * inference the centre window of the padded image, which is the input itself when the crop
 * has its size. (Keras resizes at inference instead; with the default size the two agree.)
 * The function form is `randomCropWithPadding`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, cropHeight, cropWidth, channels]`.
 *
 * @example
 * const m = sequential([new RandomCrop({ padding: 4, inputShape: [32, 32, 3] }), …]); // CIFAR-style
 */
export class RandomCrop extends Layer<RandomCropConfig> {
  static override readonly className = 'RandomCrop';
  private readonly ownRng: RandomStream | null;

  constructor(config: RandomCropConfig = {}) {
    super(config);
    const checks: [string, number | undefined, number][] = [
      ['height', config.height, 1],
      ['width', config.width, 1],
      ['padding', config.padding, 0],
    ];
    for (const [option, value, min] of checks) {
      if (value != null && !(Number.isInteger(value) && value >= min)) {
        throw new ConfigError({
          subject: `Layer '${this.name}'`,
          expected: `${option}, an integer ≥ ${min}`,
          received: String(value),
        });
      }
    }
    this.ownRng = config.seed == null ? null : new RandomStream(config.seed);
  }

  override build(inputShape: ShapeLike): void {
    this.computeOutputShape(inputShape);
    this.inputSpec = { minRank: 4 };
  }

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    const { height, width, padding = 0 } = this.config;
    const subject = `Layer '${this.name}'`;
    if (!ctx.training) return centerCropWithPadding(inputs, padding, { height, width }, subject);
    return randomCropWithPadding(
      inputs,
      padding,
      this.ownRng ?? ctx.rng,
      { height, width },
      subject,
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, height, width, channels] = imageShape(this.name, inputShape);
    const padding = this.config.padding ?? 0;
    const fits = (crop: number | undefined, side: number | null) =>
      crop == null || side == null || crop <= side + 2 * padding;
    if (!fits(this.config.height, height) || !fits(this.config.width, width)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: `a crop of at most the padded input, ${height} × ${width} plus ${padding} on every side`,
        received: `${this.config.height ?? height} × ${this.config.width ?? width}`,
      });
    }
    return [batch, this.config.height ?? height, this.config.width ?? width, channels];
  }

  override computeOutputDtype(inputDtype: DataType): DataType {
    return inputDtype;
  }
}
