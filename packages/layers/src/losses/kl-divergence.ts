import { clipByValue, div, log, mul, sum } from '@strata/core';
import { defineLoss, EPSILON, type Loss, lossSubject } from './loss.js';
import { sameShapeInputs } from './loss-inputs.js';

/** Options of `klDivergence`. */
export interface KLDivergenceOptions {
  /** Default `'kl_divergence'`. */
  name?: string;
}

/**
 * Kullback–Leibler divergence, `Σ y·log(y / ŷ)` over the last axis, for distributions `y`
 * (true) and `ŷ` (predicted), both clipped to `[ε, 1]` (ε = 1e-7) as Keras does, so a zero in
 * either contributes (almost) nothing instead of NaN.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, classes]` → `[batch, …]`.
 *
 * @example
 * // Keras's docstring example: [log(1/0.4) ≈ 0.916, ≈ 0], mean 0.458.
 * klDivergence().compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]]));
 * @see https://en.wikipedia.org/wiki/Kullback%E2%80%93Leibler_divergence
 */
export function klDivergence({ name = 'kl_divergence' }: KLDivergenceOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'KLDivergence',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred, {
        minRank: 2,
        what: '[batch, classes]',
      });
      const y = clipByValue(t, EPSILON, 1);
      const yHat = clipByValue(p, EPSILON, 1);
      return sum(mul(y, log(div(y, yHat))), -1);
    },
  });
}
