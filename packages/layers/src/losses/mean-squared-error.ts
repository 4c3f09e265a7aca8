import { square, sub } from '@strata/core';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `meanSquaredError`. */
export interface MeanSquaredErrorOptions {
  /** Default `'mean_squared_error'`. */
  name?: string;
}

/**
 * Mean squared error, `mean((yTrue − yPred)²)` over the last axis.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: ((0−1)² + 0)/2 = 0.5 for both samples.
 * meanSquaredError().compute(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // 0.5
 */
export function meanSquaredError({
  name = 'mean_squared_error',
}: MeanSquaredErrorOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'MeanSquaredError',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred);
      return meanOverLastAxis(square(sub(t, p)));
    },
  });
}
