import {
  ConfigError,
  clone,
  formatShape,
  mul,
  RandomStream,
  ShapeError,
  type Tensor,
  zerosLike,
} from '@strata/core';
import { type CallContext, Layer, type LayerConfig } from '../layer.js';

/** Config of `Dropout`. */
export interface DropoutConfig extends LayerConfig {
  /** The fraction of inputs to drop while training, in [0, 1]. */
  rate: number;
  /**
   * The shape of the 0/1 mask, batch included, broadcast over the input: `[null, 1, features]`
   * drops the same features at every time step. `null` entries take the input's size.
   */
  noiseShape?: (number | null)[] | null;
  /** Draw the masks from this layer's own stream instead of the call's `rng`. */
  seed?: number | null;
}

/**
 * Inverted dropout: while training, `y = x ⊙ m / (1 − rate)` with `m ~ Bernoulli(1 − rate)`
 * drawn afresh on each call, so the expected output equals the input; at inference `y = x`.
 * Masks pass through.
 *
 * Shapes: `[batch, …]` → `[batch, …]`.
 *
 * @example
 * const drop = new Dropout({ rate: 0.5 });
 * const y = drop.apply(x, { training: true }); // about half the entries 0, the rest 2·x
 * @see Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", JMLR 2014.
 */
export class Dropout extends Layer<DropoutConfig> {
  static override readonly className = 'Dropout';
  private readonly ownRng: RandomStream | null;

  constructor(config: DropoutConfig) {
    super(config);
    const { rate, seed } = config;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'rate in [0, 1]',
        received: String(rate),
      });
    }
    const noise = config.noiseShape;
    if (noise != null && !noise.every((d) => d == null || (Number.isInteger(d) && d > 0))) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'noiseShape of positive integers or null',
        received: JSON.stringify(noise),
      });
    }
    this.ownRng = seed == null ? null : new RandomStream(seed);
  }

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    const { rate } = this.config;
    if (!ctx.training || rate === 0) return clone(inputs);
    // Keras: rate 1 drops everything (1/(1 − rate) would be infinite).
    if (rate === 1) return zerosLike(inputs);
    const keep = 1 - rate;
    const mask = (this.ownRng ?? ctx.rng).bernoulli(this.maskShape(inputs.shape), keep);
    return mul(inputs, mul(mask, 1 / keep));
  }

  /** The noise shape resolved against the input shape (null entries take the input's size). */
  private maskShape(shape: number[]): number[] {
    const noise = this.config.noiseShape;
    if (noise == null) return shape;
    const fits =
      noise.length === shape.length &&
      noise.every((d, i) => d == null || d === 1 || d === shape[i]);
    if (!fits) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input that noiseShape ${formatShape(noise)} broadcasts to`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    return noise.map((d, i) => d ?? shape[i]);
  }
}
