import {
  argMax,
  cast,
  greater,
  less,
  logicalAnd,
  mul,
  oneHot,
  reshape,
  sum,
  type Tensor,
} from '@strata/core';
import { expectClassAxis } from './class-labels.js';
import { MeanMetric } from './mean-metric.js';
import {
  argMaxRows,
  expandWeights,
  type MetricInput,
  type MetricNameOption,
  readInputs,
  type SampleWeightOption,
  weightedMean,
} from './metric-input.js';

/** Options of the top-k accuracies. */
export interface TopKOptions extends SampleWeightOption {
  /** How many of the highest scores count as a hit. Default 5 (Keras). */
  k?: number;
}

/** Whether each row's target class is among the `k` highest scores (ties count as inside). */
function topKHits(scores: Float64Array, targets: Int32Array, classes: number, k: number) {
  return Float64Array.from(targets, (t, row) => {
    if (t < 0 || t >= classes) return 0;
    const target = scores[row * classes + t];
    let above = 0;
    for (let c = 0; c < classes; c++) if (scores[row * classes + c] > target) above++;
    return above < k ? 1 : 0;
  });
}

/**
 * Top-k categorical accuracy, `mean([y among the k highest scores])` with one-hot targets;
 * scores tied with the k-th count as inside (TensorFlow's `in_top_k`).
 *
 * Shapes: `yTrue`, `yPred` `[batch, classes]`.
 *
 * @example
 * await topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 1 }); // 0.5
 */
export async function topKCategoricalAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { k = 5, sampleWeight }: TopKOptions = {},
): Promise<number> {
  const name = 'top_k_categorical_accuracy';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const sampleShape = expectClassAxis(name, t.shape, p.shape, false);
  const classes = p.shape[p.shape.length - 1];
  const hits = topKHits(p.values, argMaxRows(t.values, classes), classes, k);
  return weightedMean(hits, expandWeights(name, w, sampleShape));
}

/**
 * Sparse top-k categorical accuracy: `topKCategoricalAccuracy` with integer labels.
 *
 * Shapes: `yTrue` `[batch]`, `yPred` `[batch, classes]`.
 *
 * @example
 * // scikit-learn's top_k_accuracy_score example:
 * await sparseTopKCategoricalAccuracy([0, 1, 2, 2],
 *   [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], { k: 2 }); // 0.75
 */
export async function sparseTopKCategoricalAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { k = 5, sampleWeight }: TopKOptions = {},
): Promise<number> {
  const name = 'sparse_top_k_categorical_accuracy';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const sampleShape = expectClassAxis(name, t.shape, p.shape, true);
  const classes = p.shape[p.shape.length - 1];
  const targets = Int32Array.from(t.values, (v) => (Number.isInteger(v) ? v : -1));
  const hits = topKHits(p.values, targets, classes, k);
  return weightedMean(hits, expandWeights(name, w, sampleShape));
}

function topKValues(scores: Tensor, targets: Tensor, k: number): Tensor {
  const classes = scores.shape[scores.shape.length - 1];
  const mask = cast(oneHot(cast(targets, 'int32'), classes), 'float32');
  const target = sum(mul(cast(scores, 'float32'), mask), -1, true);
  const above = sum(cast(greater(scores, target), 'float32'), -1);
  // A label out of range has an all-zero one-hot row and is never a hit.
  return logicalAnd(less(above, k), greater(sum(mask, -1), 0));
}

/**
 * Streaming `topKCategoricalAccuracy`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new TopKCategoricalAccuracy({ k: 1 });
 * acc.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * await acc.result(); // 0.5
 */
export class TopKCategoricalAccuracy extends MeanMetric {
  constructor({
    name = 'top_k_categorical_accuracy',
    k = 5,
  }: MetricNameOption & { k?: number } = {}) {
    super(name, (yTrue, yPred) => {
      expectClassAxis(name, yTrue.shape, yPred.shape, false);
      return topKValues(yPred, argMax(yTrue, -1), k);
    });
  }
}

/**
 * Streaming `sparseTopKCategoricalAccuracy`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new SparseTopKCategoricalAccuracy({ k: 2 });
 * acc.update([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]);
 * await acc.result(); // 0.75
 */
export class SparseTopKCategoricalAccuracy extends MeanMetric {
  constructor({
    name = 'sparse_top_k_categorical_accuracy',
    k = 5,
  }: MetricNameOption & { k?: number } = {}) {
    super(name, (yTrue, yPred) => {
      const sampleShape = expectClassAxis(name, yTrue.shape, yPred.shape, true);
      return topKValues(yPred, reshape(yTrue, sampleShape), k);
    });
  }
}
