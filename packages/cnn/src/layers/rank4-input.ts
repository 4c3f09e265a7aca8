import { formatShape, ShapeError } from '@strata/core';
import type { Shape, ShapeLike } from '@strata/layers';

/** Returns the input shape if it is `[batch, height, width, channels]`, else throws naming the layer. */
export function imageShape(layer: string, inputShape: ShapeLike): Shape {
  const shape = inputShape as Shape;
  if (!Array.isArray(shape) || shape.length !== 4) {
    throw new ShapeError({
      subject: `Layer '${layer}'`,
      expected: 'an input [batch, height, width, channels]',
      received: `shape ${Array.isArray(shape) ? formatShape(shape) : JSON.stringify(shape)}`,
    });
  }
  return shape;
}
