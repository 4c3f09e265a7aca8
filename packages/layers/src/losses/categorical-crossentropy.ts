import { add, clipByValue, div, log, logSoftmax, mul, neg, sum, type Tensor } from '@strata/core';
import { checkLabelSmoothing, defineLoss, EPSILON, type Loss, lossSubject } from './loss.js';
import { sameShapeInputs } from './loss-inputs.js';

/** Options of `categoricalCrossentropy`. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * In [0, 1]: one-hot labels become `y·(1 − s) + s/k` over `k` classes (0.1 with 3 classes:
   * 0.0333 off target, 0.9333 on target). Default 0.
   */
  labelSmoothing?: number;
  /** Default `'categorical_crossentropy'`. */
  name?: string;
}

/**
 * Categorical cross-entropy, `−Σ_c y_c·log p_c` over the last (class) axis, for one-hot (or
 * soft) labels `y` and probabilities `p`, which are renormalised to sum to 1 and clipped to
 * `[ε, 1 − ε]` (ε = 1e-7) as Keras does. With `fromLogits`, `log p = x − logΣexp(x)`, computed
 * stably (the maximum logit is subtracted first), never as the log of a softmax.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, classes]` → `[batch, …]`.
 *
 * @example
 * // Keras's docstring example: [−log 0.95, −log 0.1] = [0.0513, 2.303], mean 1.177.
 * categoricalCrossentropy().compute(
 *   tensor([[0, 1, 0], [0, 0, 1]]),
 *   tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]),
 * );
 */
export function categoricalCrossentropy({
  fromLogits = false,
  labelSmoothing = 0,
  name = 'categorical_crossentropy',
}: CategoricalCrossentropyOptions = {}): Loss {
  const subject = lossSubject(name);
  checkLabelSmoothing(subject, labelSmoothing);
  return defineLoss({
    name,
    className: 'CategoricalCrossentropy',
    config: { fromLogits, labelSmoothing },
    perSample: (yTrue, yPred) => {
      let [t, p] = sameShapeInputs(subject, yTrue, yPred, {
        minRank: 2,
        what: '[batch, classes]',
      });
      if (labelSmoothing > 0) {
        const classes = p.shape[p.rank - 1];
        t = add(mul(t, 1 - labelSmoothing), labelSmoothing / classes);
      }
      return crossEntropyOverLastAxis(t, p, fromLogits);
    },
  });
}

/** `−Σ_c y_c·log p_c` over the last axis, from probabilities or (stably) from logits. */
export function crossEntropyOverLastAxis(
  targets: Tensor,
  yPred: Tensor,
  fromLogits: boolean,
): Tensor {
  const logProbabilities = fromLogits
    ? logSoftmax(yPred, -1)
    : log(clipByValue(div(yPred, sum(yPred, -1, true)), EPSILON, 1 - EPSILON));
  return neg(sum(mul(targets, logProbabilities), -1));
}
