import {
  abs,
  add,
  clipByValue,
  exp,
  log,
  log1p,
  mul,
  neg,
  relu,
  sub,
  type Tensor,
} from '@strata/core';
import { checkLabelSmoothing, defineLoss, EPSILON, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `binaryCrossentropy`. */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: labels are squeezed towards ½, `y·(1 − s) + s/2`. Default 0. */
  labelSmoothing?: number;
  /** Default `'binary_crossentropy'`. */
  name?: string;
}

/**
 * Binary cross-entropy, the mean over the last axis of `−(y·log p + (1 − y)·log(1 − p))`,
 * for labels `y` in [0, 1] and probabilities `p` (clipped to `[ε, 1 − ε]`, ε = 1e-7, as
 * Keras does). With `fromLogits`, the stable form of the same loss on `p = σ(x)`:
 * `max(x, 0) − x·y + log(1 + e^−|x|)`, finite for any logit.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: [0.235, 1.496], mean 0.8654.
 * binaryCrossentropy({ fromLogits: true }).compute(
 *   tensor([[0, 1], [0, 0]]),
 *   tensor([[-18.6, 0.51], [2.94, -12.8]]),
 * );
 */
export function binaryCrossentropy({
  fromLogits = false,
  labelSmoothing = 0,
  name = 'binary_crossentropy',
}: BinaryCrossentropyOptions = {}): Loss {
  const subject = lossSubject(name);
  checkLabelSmoothing(subject, labelSmoothing);
  return defineLoss({
    name,
    className: 'BinaryCrossentropy',
    config: { fromLogits, labelSmoothing },
    perSample: (yTrue, yPred) => {
      let [t, p] = sameShapeInputs(subject, yTrue, yPred);
      if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
      return meanOverLastAxis(fromLogits ? sigmoidCrossEntropy(t, p) : bceFromProbabilities(t, p));
    },
  });
}

// max(x, 0) − x·y + log(1 + e^−|x|): never exponentiates a positive number, so ±100 is exact.
function sigmoidCrossEntropy(labels: Tensor, logits: Tensor): Tensor {
  return add(sub(relu(logits), mul(logits, labels)), log1p(exp(neg(abs(logits)))));
}

function bceFromProbabilities(labels: Tensor, probabilities: Tensor): Tensor {
  const p = clipByValue(probabilities, EPSILON, 1 - EPSILON);
  return neg(add(mul(labels, log(p)), mul(sub(1, labels), log(sub(1, p)))));
}
