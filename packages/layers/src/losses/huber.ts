import { abs, add, ConfigError, minimum, mul, square, sub } from '@strata/core';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `huber`. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear; a positive number, default 1. */
  delta?: number;
  /** Default `'huber_loss'` (the name Keras gives its `Huber` loss). */
  name?: string;
}

/**
 * Huber loss, the mean over the last axis of `½e²` where `|e| ≤ δ` and `δ·|e| − ½δ²`
 * elsewhere, with `e = yPred − yTrue`: squared error near the target, absolute error far
 * from it, so outliers pull with a bounded gradient.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: [(0.18 + 0.18)/2, (0.08 + 0.18)/2], mean 0.155.
 * huber().compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 0.155
 * @see https://en.wikipedia.org/wiki/Huber_loss
 */
export function huber({ delta = 1, name = 'huber_loss' }: HuberOptions = {}): Loss {
  const subject = lossSubject(name);
  if (!(typeof delta === 'number' && delta > 0 && Number.isFinite(delta))) {
    throw new ConfigError({
      subject,
      expected: 'delta, a positive number',
      received: String(delta),
    });
  }
  return defineLoss({
    name,
    className: 'Huber',
    config: { delta },
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred);
      // With q = min(|e|, δ): ½q² + δ·(|e| − q) is ½e² inside δ and δ·|e| − ½δ² outside. Keras
      // writes `where(|e| ≤ δ, …)`, but tfjs would backpropagate into the comparison, which
      // has no gradient.
      const absError = abs(sub(p, t));
      const q = minimum(absError, delta);
      return meanOverLastAxis(add(mul(square(q), 0.5), mul(sub(absError, q), delta)));
    },
  });
}
