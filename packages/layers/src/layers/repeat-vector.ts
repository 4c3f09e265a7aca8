import { ConfigError, expandDims, formatShape, ShapeError, type Tensor, tile } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';

/** Config of `RepeatVector`. */
export interface RepeatVectorConfig extends LayerConfig {
  /** How many times to repeat each vector. */
  n: number;
}

/**
 * Repeats each input vector `n` times along a new time axis: `y[b, t, :] = x[b, :]` for
 * `t < n` (the bridge from an encoder's vector to a decoder's sequence). Drops the mask.
 *
 * Shapes: `[batch, features]` → `[batch, n, features]`.
 *
 * @example
 * const y = new RepeatVector({ n: 3 }).apply(x); // [32, 64] → [32, 3, 64]
 */
export class RepeatVector extends Layer<RepeatVectorConfig> {
  static override readonly className = 'RepeatVector';

  constructor(config: RepeatVectorConfig) {
    super(config);
    if (!Number.isInteger(config.n) || config.n < 1) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'n, a positive integer',
        received: String(config.n),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    this.checkRank(singleShape(this.name, inputShape));
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    this.checkRank(inputs.shape);
    return tile(expandDims(inputs, 1), [1, this.config.n, 1]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = singleShape(this.name, inputShape);
    this.checkRank(shape);
    return [shape[0], this.config.n, shape[1]];
  }

  override computeMask(_inputs: LayerInputs, _mask: Tensor | null): Tensor | null {
    return null;
  }

  private checkRank(shape: Shape): void {
    if (shape.length !== 2) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input of rank 2, [batch, features]',
        received: `shape ${formatShape(shape)}`,
      });
    }
  }
}
