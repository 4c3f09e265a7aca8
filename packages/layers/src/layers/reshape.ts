import { ConfigError, formatShape, reshape, ShapeError, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import { type Shape, type ShapeLike, singleShape, sizeOf } from '../shape.js';

/** Config of `Reshape`. */
export interface ReshapeConfig extends LayerConfig {
  /** The shape of each sample, batch excluded; one entry may be −1, inferred from the size. */
  targetShape: number[];
}

/**
 * Reshapes every sample to `targetShape`, keeping the row-major order of its elements:
 * `y[b] = reshape(x[b], targetShape)`. Drops the mask.
 *
 * Shapes: `[batch, d1, …, dn]` → `[batch, ...targetShape]`, with `∏ dᵢ = ∏ targetShape`.
 *
 * @example
 * const y = new Reshape({ targetShape: [-1, 2] }).apply(x); // [8, 6] → [8, 3, 2]
 */
export class Reshape extends Layer<ReshapeConfig> {
  static override readonly className = 'Reshape';

  constructor(config: ReshapeConfig) {
    super(config);
    const target = config.targetShape;
    const valid =
      Array.isArray(target) &&
      target.every((d) => d === -1 || (Number.isInteger(d) && d > 0)) &&
      target.filter((d) => d === -1).length <= 1;
    if (!valid) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'targetShape of positive integers with at most one −1',
        received: JSON.stringify(target),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    this.resolve(singleShape(this.name, inputShape));
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const target = this.resolve(inputs.shape) as number[];
    return reshape(inputs, [inputs.shape[0], ...target]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = singleShape(this.name, inputShape);
    return [shape[0] ?? null, ...this.resolve(shape)];
  }

  override computeMask(_inputs: LayerInputs, _mask: Tensor | null): Tensor | null {
    return null;
  }

  /**
   * The target shape with its −1 filled in from the size of a sample of `inputShape` (left
   * as null while that size is unknown); throws a ShapeError when the sizes cannot match.
   */
  private resolve(inputShape: Shape): Shape {
    const target = this.config.targetShape;
    const size = sizeOf(inputShape.slice(1));
    if (size == null) return target.map((d) => (d === -1 ? null : d));
    const known = target.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const free = target.indexOf(-1);
    if (free < 0 ? known !== size : size % known !== 0) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected:
          free < 0
            ? `an input of ${known} elements per sample, to reshape to ${formatShape(target)}`
            : `an input whose elements per sample are a multiple of ${known}, to reshape to ${formatShape(target)}`,
        received: `shape ${formatShape(inputShape)} (${size} elements per sample)`,
      });
    }
    return target.map((d) => (d === -1 ? size / known : d));
  }
}
