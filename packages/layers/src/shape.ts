import { formatShape, ShapeError } from '@strata/core';

/** A tensor shape with `null` for dimensions unknown until run time (the batch, usually). */
export type Shape = (number | null)[];

/** The shapes a layer can be built from: one input, a list, or named inputs. */
export type ShapeLike = Shape | Shape[] | Record<string, Shape>;

/** True when `shape` is a single shape, not a list or record of shapes. */
export function isSingleShape(shape: ShapeLike): shape is Shape {
  return Array.isArray(shape) && shape.every((d) => d === null || typeof d === 'number');
}

/** Returns the single shape of a layer's input, or throws a ShapeError naming the layer. */
export function singleShape(layer: string, shape: ShapeLike): Shape {
  if (!isSingleShape(shape)) {
    throw new ShapeError({
      subject: `Layer '${layer}'`,
      expected: 'one input',
      received: JSON.stringify(shape),
    });
  }
  return shape;
}

/** Asserts `shape` has at least `rank` dimensions. */
export function assertMinRank(layer: string, shape: Shape, rank: number): void {
  if (shape.length < rank) {
    throw new ShapeError({
      subject: `Layer '${layer}'`,
      expected: `an input of rank ≥ ${rank}`,
      received: `shape ${formatShape(shape)}`,
    });
  }
}

/** The product of the known dimensions, or null when one of them is unknown. */
export function sizeOf(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d == null) return null;
    n *= d;
  }
  return n;
}
