import { argMax, cast, equal, greater, reshape } from '@strata/core';
import {
  type ClassOptions,
  classIndicesHost,
  classIndicesTensor,
  expectClassAxis,
} from './class-labels.js';
import { MeanMetric } from './mean-metric.js';
import {
  argMaxRows,
  expandWeights,
  expectSameShape,
  type MetricInput,
  type MetricNameOption,
  readInputs,
  type SampleWeightOption,
  weightedMean,
} from './metric-input.js';

/** Options of `accuracy`. */
export interface AccuracyOptions extends ClassOptions, SampleWeightOption {}

/** Options of `binaryAccuracy`. */
export interface BinaryAccuracyOptions extends SampleWeightOption {
  /** Predicted 1 when `yPred > threshold`. Default 0.5. */
  threshold?: number;
}

/**
 * Fraction of samples whose predicted class equals the true class,
 * `Σ w·[ŷ = y] / Σ w`; the class is read as the `ClassOptions` rules say (arg max of scores,
 * thresholded probability, or a label), so this is Keras's `'accuracy'` and scikit-learn's
 * `accuracy_score` in one.
 *
 * Shapes: `yPred` `[batch, classes]` with `yTrue` `[batch]` or one-hot; or both `[batch]`.
 *
 * @example
 * await accuracy([0, 2, 1, 3], [0, 1, 2, 3]); // 0.5 (scikit-learn's example)
 */
export async function accuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight, ...classOptions }: AccuracyOptions = {},
): Promise<number> {
  const [t, p, w] = await readInputs('accuracy', yTrue, yPred, sampleWeight);
  const { trueIdx, predIdx, sampleShape } = classIndicesHost('accuracy', t, p, classOptions);
  const hits = Float64Array.from(trueIdx, (c, i) => (c === predIdx[i] ? 1 : 0));
  return weightedMean(hits, expandWeights('accuracy', w, sampleShape));
}

/**
 * Binary accuracy, `mean([(ŷ > threshold) = y])` over every element (Keras
 * `binary_accuracy`; multi-label outputs count each label).
 *
 * Shapes: `yTrue` and `yPred` alike, e.g. `[batch, 1]` or `[batch, labels]`.
 *
 * @example
 * await binaryAccuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]); // 0.75
 */
export async function binaryAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { threshold = 0.5, sampleWeight }: BinaryAccuracyOptions = {},
): Promise<number> {
  const [t, p, w] = await readInputs('binary_accuracy', yTrue, yPred, sampleWeight);
  expectSameShape('binary_accuracy', t.shape, p.shape);
  const hits = Float64Array.from(p.values, (v, i) =>
    (v > threshold ? 1 : 0) === t.values[i] ? 1 : 0,
  );
  return weightedMean(hits, expandWeights('binary_accuracy', w, p.shape));
}

/**
 * Categorical accuracy, `mean([argmax ŷ = argmax y])` with one-hot targets (Keras).
 *
 * Shapes: `yTrue`, `yPred` `[batch, classes]` (or `[batch, time, classes]`).
 *
 * @example
 * await categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); // 0.5
 */
export async function categoricalAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight }: SampleWeightOption = {},
): Promise<number> {
  const name = 'categorical_accuracy';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const sampleShape = expectClassAxis(name, t.shape, p.shape, false);
  const classes = p.shape[p.shape.length - 1];
  const a = argMaxRows(t.values, classes);
  const b = argMaxRows(p.values, classes);
  const hits = Float64Array.from(a, (c, i) => (c === b[i] ? 1 : 0));
  return weightedMean(hits, expandWeights(name, w, sampleShape));
}

/**
 * Sparse categorical accuracy, `mean([argmax ŷ = y])` with integer labels (Keras).
 *
 * Shapes: `yTrue` `[batch]` (or `[batch, 1]`), `yPred` `[batch, classes]`.
 *
 * @example
 * await sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]); // 0.5
 */
export async function sparseCategoricalAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight }: SampleWeightOption = {},
): Promise<number> {
  const name = 'sparse_categorical_accuracy';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const sampleShape = expectClassAxis(name, t.shape, p.shape, true);
  const b = argMaxRows(p.values, p.shape[p.shape.length - 1]);
  const hits = Float64Array.from(b, (c, i) => (c === t.values[i] ? 1 : 0));
  return weightedMean(hits, expandWeights(name, w, sampleShape));
}

/**
 * Streaming `accuracy` (see there): Keras's `'accuracy'`. The class reading comes from the
 * shapes of each batch: scores → arg max; no class axis → binary with `threshold`, or labels
 * when `numClasses > 2`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new Accuracy();
 * acc.update([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * await acc.result(); // 0.5
 */
export class Accuracy extends MeanMetric {
  constructor({ name = 'accuracy', ...options }: ClassOptions & MetricNameOption = {}) {
    super(name, (yTrue, yPred) => {
      const { trueIdx, predIdx, sampleShape } = classIndicesTensor(name, yTrue, yPred, options);
      return reshape(equal(trueIdx, predIdx), sampleShape);
    });
  }
}

/**
 * Streaming `binaryAccuracy`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new BinaryAccuracy({ threshold: 0.5 });
 * acc.update([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
 * await acc.result(); // 0.75
 */
export class BinaryAccuracy extends MeanMetric {
  constructor({
    name = 'binary_accuracy',
    threshold = 0.5,
  }: MetricNameOption & { threshold?: number } = {}) {
    super(name, (yTrue, yPred) => {
      expectSameShape(name, yTrue.shape, yPred.shape);
      const predicted = cast(greater(yPred, threshold), 'float32');
      return equal(predicted, reshape(cast(yTrue, 'float32'), yPred.shape));
    });
  }
}

/**
 * Streaming `categoricalAccuracy`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new CategoricalAccuracy();
 * acc.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * await acc.result(); // 0.5
 */
export class CategoricalAccuracy extends MeanMetric {
  constructor({ name = 'categorical_accuracy' }: MetricNameOption = {}) {
    super(name, (yTrue, yPred) => {
      expectClassAxis(name, yTrue.shape, yPred.shape, false);
      return equal(argMax(yTrue, -1), argMax(yPred, -1));
    });
  }
}

/**
 * Streaming `sparseCategoricalAccuracy`. Device-side, no read-back in `update`.
 *
 * @example
 * const acc = new SparseCategoricalAccuracy();
 * acc.update([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * await acc.result(); // 0.5
 */
export class SparseCategoricalAccuracy extends MeanMetric {
  constructor({ name = 'sparse_categorical_accuracy' }: MetricNameOption = {}) {
    super(name, (yTrue, yPred) => {
      const sampleShape = expectClassAxis(name, yTrue.shape, yPred.shape, true);
      const labels = reshape(cast(yTrue, 'float32'), sampleShape);
      return equal(labels, cast(argMax(yPred, -1), 'float32'));
    });
  }
}
