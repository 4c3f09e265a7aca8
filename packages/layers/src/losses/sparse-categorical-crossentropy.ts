import { cast, formatShape, oneHot, round, ShapeError, squeeze, type Tensor } from '@strata/core';
import { crossEntropyOverLastAxis } from './categorical-crossentropy.js';
import { defineLoss, type Loss, lossSubject } from './loss.js';
import { toFloat } from './loss-inputs.js';

/** Options of `sparseCategoricalCrossentropy`. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Default `'sparse_categorical_crossentropy'`. */
  name?: string;
}

/**
 * Sparse categorical cross-entropy, `−log p_y` for integer class ids `y`: the categorical
 * cross-entropy of `oneHot(y)`, with the same clipping, and the same stable form with
 * `fromLogits`. Ids may be int32 or float (rounded to the nearest integer). An id outside
 * `[0, classes)` selects no class and gives 0: checking would read the labels back every batch.
 * Like Keras, there is no label smoothing here (use `categoricalCrossentropy`).
 *
 * Shapes: `yTrue` `[batch, …]` or `[batch, …, 1]`, `yPred` `[batch, …, classes]` → `[batch, …]`.
 *
 * @example
 * // Keras's docstring example: [−log 0.95, −log 0.1] = [0.0513, 2.303], mean 1.177.
 * sparseCategoricalCrossentropy().compute(
 *   tensor([1, 2], [2], 'int32'),
 *   tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]),
 * );
 */
export function sparseCategoricalCrossentropy({
  fromLogits = false,
  name = 'sparse_categorical_crossentropy',
}: SparseCategoricalCrossentropyOptions = {}): Loss {
  const subject = lossSubject(name);
  return defineLoss({
    name,
    className: 'SparseCategoricalCrossentropy',
    config: { fromLogits },
    perSample: (yTrue, yPred) => {
      const ids = classIds(subject, yTrue, yPred);
      // int32, then cast: tfjs-backend-wasm's OneHot ignores a float32 dtype and writes int32
      // bits into a float32 tensor.
      const targets = cast(oneHot(ids, yPred.shape[yPred.rank - 1]), 'float32');
      return crossEntropyOverLastAxis(targets, toFloat(yPred), fromLogits);
    },
  });
}

function classIds(subject: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const expected = yPred.shape.slice(0, -1);
  let ids = yTrue;
  if (ids.rank === yPred.rank && ids.shape[ids.rank - 1] === 1) ids = squeeze(ids, [ids.rank - 1]);
  const fits =
    yPred.rank >= 2 && ids.rank === expected.length && ids.shape.every((d, i) => d === expected[i]);
  if (!fits) {
    throw new ShapeError({
      subject,
      expected:
        yPred.rank >= 2
          ? `yTrue of shape ${formatShape(expected)} or ${formatShape([...expected, 1])} (class ids for yPred ${formatShape(yPred.shape)})`
          : 'yPred of rank ≥ 2 ([batch, classes])',
      received: `yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)}`,
    });
  }
  return ids.dtype === 'int32' ? ids : cast(round(toFloat(ids)), 'int32');
}
