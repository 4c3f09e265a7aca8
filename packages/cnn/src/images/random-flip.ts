import { ConfigError, clone, type DataType, RandomStream, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig } from '@strata/layers';
import { randomFlip } from './image-ops.js';

/** Which axes `RandomFlip` mirrors (Keras's modes, camelCase; `horizontal_and_vertical` in files). */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontalAndVertical';
const MODES: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontalAndVertical'];

/** Config of `RandomFlip` (Keras names and defaults). */
export interface RandomFlipConfig extends LayerConfig {
  /** Default `'horizontalAndVertical'`, as Keras; `'horizontal'` for the usual augmentation. */
  mode?: FlipMode;
  /** Draw the flips from this layer's own stream instead of the call's `rng`. */
  seed?: number | null;
}

/**
 * Data augmentation: while training (`ctx.training`), mirrors each image left ↔ right
 * (`y[b, i, j, c] = x[b, i, w − 1 − j, c]`) and/or top ↔ bottom with probability ½ per image
 * and axis; at inference the identity. The function form is `randomFlipLeftRight`.
 *
 * Shapes: `[batch, height, width, channels]` → the same.
 *
 * @example
 * const m = sequential([new RandomFlip({ mode: 'horizontal', inputShape: [32, 32, 3] }), …]);
 */
export class RandomFlip extends Layer<RandomFlipConfig> {
  static override readonly className = 'RandomFlip';
  private readonly ownRng: RandomStream | null;

  constructor(config: RandomFlipConfig = {}) {
    super(config);
    const mode = config.mode ?? 'horizontalAndVertical';
    if (!MODES.includes(mode)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: `mode ${MODES.map((m) => `'${m}'`).join(', ')}`,
        received: `'${mode}'`,
      });
    }
    this.ownRng = config.seed == null ? null : new RandomStream(config.seed);
  }

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training) return clone(inputs);
    const mode = this.config.mode ?? 'horizontalAndVertical';
    const axes = { horizontal: mode !== 'vertical', vertical: mode !== 'horizontal' };
    return randomFlip(inputs, this.ownRng ?? ctx.rng, axes, `Layer '${this.name}'`);
  }

  override computeOutputDtype(inputDtype: DataType): DataType {
    return inputDtype;
  }
}
