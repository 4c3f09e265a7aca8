import { ConfigError, formatShape, ShapeError, type Tensor, transpose } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';

/** Config of `Permute`. */
export interface PermuteConfig extends LayerConfig {
  /** The new order of the axes, 1-based and batch excluded (as Keras): `[2, 1]` swaps two axes. */
  dims: number[];
}

/**
 * Permutes the axes of every sample: `y[b, i_{dims[0]}, …] = x[b, i_1, …, i_n]`, i.e.
 * `y = transpose(x, [0, ...dims])`. Drops the mask.
 *
 * Shapes: `[batch, d1, …, dn]` → `[batch, d_{dims[0]}, …, d_{dims[n−1]}]`.
 *
 * @example
 * const y = new Permute({ dims: [2, 1] }).apply(x); // [32, 10, 64] → [32, 64, 10]
 */
export class Permute extends Layer<PermuteConfig> {
  static override readonly className = 'Permute';

  constructor(config: PermuteConfig) {
    super(config);
    const dims = config.dims;
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (sorted.length === 0 || !sorted.every((d, i) => d === i + 1)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'dims, a permutation of 1 … n (the batch axis 0 excluded)',
        received: JSON.stringify(dims),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    this.checkRank(singleShape(this.name, inputShape));
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    this.checkRank(inputs.shape);
    return transpose(inputs, [0, ...this.config.dims]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = singleShape(this.name, inputShape);
    this.checkRank(shape);
    return [shape[0], ...this.config.dims.map((d) => shape[d])];
  }

  override computeMask(_inputs: LayerInputs, _mask: Tensor | null): Tensor | null {
    return null;
  }

  private checkRank(shape: Shape): void {
    const rank = this.config.dims.length + 1;
    if (shape.length !== rank) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input of rank ${rank} (dims ${formatShape(this.config.dims)} plus the batch)`,
        received: `shape ${formatShape(shape)}`,
      });
    }
  }
}
