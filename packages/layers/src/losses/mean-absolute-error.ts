import { abs, sub } from '@strata/core';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `meanAbsoluteError`. */
export interface MeanAbsoluteErrorOptions {
  /** Default `'mean_absolute_error'`. */
  name?: string;
}

/**
 * Mean absolute error, `mean(|yTrue − yPred|)` over the last axis.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: (|0−1| + 0)/2 = 0.5 for both samples.
 * meanAbsoluteError().compute(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // 0.5
 */
export function meanAbsoluteError({
  name = 'mean_absolute_error',
}: MeanAbsoluteErrorOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'MeanAbsoluteError',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred);
      return meanOverLastAxis(abs(sub(t, p)));
    },
  });
}
