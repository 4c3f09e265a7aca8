import { div, maximum, mul, neg, sqrt, square, sum, type Tensor } from '@strata/core';
import { defineLoss, EPSILON, type Loss, lossSubject } from './loss.js';
import { sameShapeInputs } from './loss-inputs.js';

/** Options of `cosineSimilarity`. */
export interface CosineSimilarityOptions {
  /** Default `'cosine_similarity'`. */
  name?: string;
}

/**
 * Cosine similarity loss, `−Σ (y/‖y‖)·(ŷ/‖ŷ‖)` over the last axis: Keras's sign, so the loss
 * is `−cos θ`, from −1 (same direction) through 0 (orthogonal) to 1 (opposite), and minimising
 * it maximises the similarity. Norms are floored at ε = 1e-7 as in Keras, so a zero vector gives 0.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`.
 *
 * @example
 * // Keras's docstring example: [−0, −1, 1].
 * cosineSimilarity().perSample(
 *   tensor([[0, 1], [1, 1], [1, 1]]),
 *   tensor([[1, 0], [1, 1], [-1, -1]]),
 * );
 */
export function cosineSimilarity({
  name = 'cosine_similarity',
}: CosineSimilarityOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'CosineSimilarity',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred, { minRank: 2, what: '[batch, d]' });
      return neg(sum(mul(l2Normalize(t), l2Normalize(p)), -1));
    },
  });
}

// x / max(‖x‖, ε), as Keras 3's `normalize`; the floor is applied to Σx² (as ε²) so that the
// gradient at a zero vector is 0, not the NaN of √ at 0.
function l2Normalize(x: Tensor): Tensor {
  return div(x, sqrt(maximum(sum(square(x), -1, true), EPSILON * EPSILON)));
}
