import { ConfigError, concat, ones, ShapeError, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import type { Shape, ShapeLike } from '../shape.js';
import { formatShapes, listShapes } from './merge.js';

/** Config of `Concatenate`. */
export interface ConcatenateConfig extends LayerConfig {
  /** The axis to join along, batch included; negative counts from the end. Default −1. */
  axis?: number;
}

/**
 * Joins a list of tensors along `axis`: `y = [x₁ ‖ x₂ ‖ … ‖ xₙ]`, all other axes equal.
 *
 * Shapes: `[[batch, …, d₁], …, [batch, …, dₙ]]` → `[batch, …, d₁ + … + dₙ]` (axis −1).
 *
 * Masks: the first input's mask passes through when joining features; joining along a
 * masked axis (time) extends it, the other inputs' steps counted as real.
 *
 * @example
 * const y = new Concatenate().apply([a, b]); // [32, 3] and [32, 5] → [32, 8]
 */
export class Concatenate extends Layer<ConcatenateConfig> {
  static override readonly className = 'Concatenate';

  constructor(config: ConcatenateConfig = {}) {
    super(config);
    const axis = config.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'axis, an integer',
        received: String(axis),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    this.outputShape(inputShape);
  }

  override call(inputs: Tensor[], _ctx: CallContext): Tensor {
    return concat(
      inputs,
      this.axisFor(
        inputs[0].rank,
        inputs.map((x) => x.shape),
      ),
    );
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return this.outputShape(inputShape);
  }

  override computeMask(inputs: LayerInputs, mask: Tensor | null): Tensor | null {
    if (mask == null) return null;
    const xs = inputs as Tensor[];
    const axis = this.axisFor(
      xs[0].rank,
      xs.map((x) => x.shape),
    );
    if (axis >= mask.rank) return mask;
    const rest = xs.slice(1).map((x) => ones(x.shape.slice(0, mask.rank), mask.dtype));
    return concat([mask, ...rest], axis);
  }

  protected override checkInput(shape: ShapeLike): void {
    this.outputShape(shape);
  }

  /** `axis` as a non-negative index for inputs of `rank`, or a ShapeError. */
  private axisFor(rank: number, shapes: Shape[]): number {
    const axis = this.config.axis ?? -1;
    if (axis < -rank || axis >= rank) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `inputs of rank > ${axis < 0 ? -axis - 1 : axis}, to join along axis ${axis}`,
        received: formatShapes(shapes),
      });
    }
    return axis < 0 ? rank + axis : axis;
  }

  /** The joined shape, or a ShapeError naming the layer, the axis and the shapes. */
  private outputShape(inputShape: ShapeLike): Shape {
    const shapes = listShapes(this.name, inputShape);
    const rank = shapes[0].length;
    const fail = () =>
      new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `inputs of one rank and the same shape except on axis ${this.config.axis ?? -1}`,
        received: formatShapes(shapes),
      });
    if (shapes.some((s) => s.length !== rank)) throw fail();
    const axis = this.axisFor(rank, shapes);
    const out: Shape = [];
    for (let i = 0; i < rank; i++) {
      const sizes = shapes.map((s) => s[i]);
      if (i === axis) {
        out.push(sizes.includes(null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0));
        continue;
      }
      const known = new Set(sizes.filter((d) => d != null));
      if (known.size > 1) throw fail();
      out.push(known.size === 1 ? [...known][0] : null);
    }
    return out;
  }
}
