import { clone, formatShape, ShapeError, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig } from '../layer.js';
import { isSingleShape, type Shape, type ShapeLike } from '../shape.js';

/**
 * The input shapes of a layer called on a list of tensors; throws a ShapeError naming the
 * layer for a single tensor, named inputs or an empty list.
 */
export function listShapes(layer: string, shape: ShapeLike): Shape[] {
  const ok = Array.isArray(shape) && shape.length > 0 && shape.every((s) => Array.isArray(s));
  if (!ok || isSingleShape(shape)) {
    throw new ShapeError({
      subject: `Layer '${layer}'`,
      expected: 'a list of tensors',
      received: isSingleShape(shape)
        ? `one tensor of shape ${formatShape(shape)}`
        : JSON.stringify(shape),
    });
  }
  return shape as Shape[];
}

/** `[2, 3], [2, 1]` as Strata errors print a list of shapes. */
export function formatShapes(shapes: Shape[]): string {
  return `shapes ${shapes.map(formatShape).join(', ')}`;
}

/**
 * The base of the element-wise merge layers (`Add`, `Multiply`, `Average`): `y = x₁ ∘ x₂ ∘ …`
 * over a list of tensors of one rank and batch size, whose other axes are equal or 1 (size-1
 * axes broadcast). A subclass gives the operation in `merge`. The first input's mask passes
 * through.
 *
 * Shapes: `[[batch, …], [batch, …], …]` → `[batch, …]` (the broadcast shape).
 *
 * @example
 * class Maximum extends Merge {
 *   static override readonly className = 'Maximum';
 *   protected merge(xs: Tensor[]) { return xs.reduce((a, b) => maximum(a, b)); }
 * }
 */
export abstract class Merge<C extends LayerConfig = LayerConfig> extends Layer<C> {
  /** Combines the tensors of the list, which `checkInput` has checked. */
  protected abstract merge(inputs: Tensor[]): Tensor;

  override build(inputShape: ShapeLike): void {
    this.outputShape(inputShape);
  }

  override call(inputs: Tensor[], _ctx: CallContext): Tensor {
    // A one-tensor list: a new tensor, so that disposing the output leaves the input alive.
    return inputs.length === 1 ? clone(inputs[0]) : this.merge(inputs);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return this.outputShape(inputShape);
  }

  protected override checkInput(shape: ShapeLike): void {
    this.outputShape(shape);
  }

  /** The broadcast shape of the inputs, or a ShapeError naming the layer and the shapes. */
  private outputShape(inputShape: ShapeLike): Shape {
    const shapes = listShapes(this.name, inputShape);
    const rank = shapes[0].length;
    const fail = (expected: string) =>
      new ShapeError({ subject: `Layer '${this.name}'`, expected, received: formatShapes(shapes) });
    if (shapes.some((s) => s.length !== rank)) throw fail('inputs of the same rank');
    const out: Shape = [];
    for (let axis = 0; axis < rank; axis++) {
      const sizes = shapes.map((s) => s[axis]);
      // The batch never broadcasts (Keras: "Cannot merge tensors with different batch sizes").
      const known = new Set(sizes.filter((d): d is number => d != null && (axis === 0 || d !== 1)));
      if (known.size > 1) {
        throw fail('inputs of the same shape, or of size 1 on the axes that broadcast');
      }
      const [size] = known;
      out.push(size ?? (sizes.includes(null) ? null : 1));
    }
    return out;
  }
}
