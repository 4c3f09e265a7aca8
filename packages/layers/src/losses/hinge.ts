import { add, all, cast, equal, logicalOr, mul, relu, sub, type Tensor } from '@strata/core';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { meanOverLastAxis, sameShapeInputs } from './loss-inputs.js';

/** Options of `hinge`. */
export interface HingeOptions {
  /** Default `'hinge'`. */
  name?: string;
}

/**
 * Hinge loss, `mean(max(1 − y·ŷ, 0))` over the last axis, for labels `y` in {−1, 1} and raw
 * scores `ŷ`. As in Keras, when every label of the batch is 0 or 1 the labels are read as
 * {0, 1} and mapped to {−1, 1} (`2y − 1`); any other value leaves the batch as it is.
 *
 * Shapes: `yTrue`, `yPred` `[batch, …, d]` → `[batch, …]`; `[batch]` → `[batch]`.
 *
 * @example
 * // Keras's docstring example: labels → [[−1, 1], [−1, −1]]; [(1.6 + 0.6)/2, (1.4 + 1.6)/2],
 * // mean 1.3.
 * hinge().compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 1.3
 */
export function hinge({ name = 'hinge' }: HingeOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'Hinge',
    perSample: (yTrue, yPred) => {
      const [t, p] = sameShapeInputs(subject, yTrue, yPred);
      return meanOverLastAxis(hingeMargins(t, p));
    },
  });
}

/** `max(1 − y·ŷ, 0)` element by element, after Keras's {0, 1} → {−1, 1} label conversion. */
export function hingeMargins(yTrue: Tensor, yPred: Tensor): Tensor {
  return relu(sub(1, mul(signedLabels(yTrue), yPred)));
}

// Keras's `convert_binary_labels_to_hinge`, decided on the device for the whole batch:
// y + b·(y − 1) is 2y − 1 when b = 1 (all labels binary) and y when b = 0, with no read-back.
function signedLabels(y: Tensor): Tensor {
  const binary = cast(all(logicalOr(equal(y, 0), equal(y, 1))), 'float32');
  return add(y, mul(binary, sub(y, 1)));
}
