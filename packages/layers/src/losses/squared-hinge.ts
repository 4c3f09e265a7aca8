import { square } from '@strata/core';
import { hingeMargins } from './hinge.js';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `squaredHinge`. */
export interface SquaredHingeOptions {
  /** Default `'squared_hinge'`. */
  name?: string;
}

/**
 * Squared hinge loss, `mean(max(1 − y·ŷ, 0)²)` over the last axis, for labels `y` in {−1, 1};
 * {0, 1} labels are mapped to {−1, 1} as in Keras (see `hinge`).
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: [(1.6² + 0.6²)/2, (1.4² + 1.6²)/2] = [1.46, 2.26], mean 1.86.
 * squaredHinge().compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 1.86
 */
export function squaredHinge({ name = 'squared_hinge' }: SquaredHingeOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'SquaredHinge',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred);
      return meanOverLastAxis(square(hingeMargins(t, p)));
    },
  });
}
