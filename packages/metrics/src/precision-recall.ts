import {
  ConfigError,
  cast,
  expandDims,
  mul,
  oneHot,
  reshape,
  sum,
  type Tensor,
  tidy,
} from '@strata/core';
import { type ClassOptions, classIndicesTensor } from './class-labels.js';
import { confusionCounts, countsOfMatrix } from './confusion-matrix.js';
import {
  inputTensor,
  type MetricInput,
  type MetricNameOption,
  metricSubject,
  readInputs,
  type SampleWeightOption,
  weightTensor,
} from './metric-input.js';
import { DeviceMetric } from './streaming-metric.js';

/**
 * How per-class scores become one number (scikit-learn's `average`):
 * - `'binary'`: the score of class `posLabel` (two classes only);
 * - `'micro'`: from the counts summed over classes (for single-label data, = accuracy);
 * - `'macro'`: the unweighted mean over the classes that occur in `yTrue` or `yPred`;
 * - `'weighted'`: the mean weighted by support (true count per class).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Options of `precisionScore`, `recallScore`, `f1Score` and their streaming forms. */
export interface AverageOptions {
  /** Default `'binary'`, as in scikit-learn. */
  average?: Average;
  /** The positive class for `average: 'binary'`. Default 1. */
  posLabel?: number;
}

/** Options of the pure precision/recall/F1 functions. */
export interface PrecisionRecallOptions extends ClassOptions, SampleWeightOption, AverageOptions {}

/** Per-class precision, recall, F1 and support (weighted true count), indexed by class. */
export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** Per-class counts: true positives, predicted positives (tp + fp), actual positives (tp + fn). */
export interface ClassCounts {
  tp: ArrayLike<number>;
  predicted: ArrayLike<number>;
  actual: ArrayLike<number>;
}

type Score = 'precision' | 'recall' | 'f1';

function sumOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

// zero_division = 0, as the issue asks (scikit-learn's default warns and returns 0).
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function scoreOf(score: Score, tp: number, predicted: number, actual: number): number {
  if (score === 'precision') return ratio(tp, predicted);
  if (score === 'recall') return ratio(tp, actual);
  return ratio(2 * tp, predicted + actual);
}

/** Per-class scores from counts; F1 is `2tp / (2tp + fp + fn)`, 0 when undefined. */
export function scoresOfCounts({ tp, predicted, actual }: ClassCounts): ClassScores {
  const per = (score: Score) =>
    Array.from({ length: tp.length }, (_, c) => scoreOf(score, tp[c], predicted[c], actual[c]));
  return {
    precision: per('precision'),
    recall: per('recall'),
    f1: per('f1'),
    support: Array.from(actual),
  };
}

/** One averaged score from per-class counts; see `Average`. */
export function averageScore(
  name: string,
  counts: ClassCounts,
  score: Score,
  { average = 'binary', posLabel = 1 }: AverageOptions = {},
): number {
  const { tp, predicted, actual } = counts;
  const classes = tp.length;
  if (average === 'binary') {
    if (classes > 2 || posLabel < 0 || posLabel >= classes) {
      throw new ConfigError({
        subject: metricSubject(name),
        expected: `average 'binary' with 2 classes and posLabel 0 or 1 (use 'micro', 'macro' or 'weighted' for more classes)`,
        received: `${classes} classes, posLabel ${posLabel}`,
      });
    }
    return scoreOf(score, tp[posLabel], predicted[posLabel], actual[posLabel]);
  }
  if (average === 'micro') return scoreOf(score, sumOf(tp), sumOf(predicted), sumOf(actual));
  const per = Array.from({ length: classes }, (_, c) =>
    scoreOf(score, tp[c], predicted[c], actual[c]),
  );
  if (average === 'weighted') {
    return ratio(
      per.reduce((s, v, c) => s + v * actual[c], 0),
      sumOf(actual),
    );
  }
  // macro: over the classes present in yTrue or yPred (scikit-learn's label set).
  const present = per.filter((_, c) => predicted[c] > 0 || actual[c] > 0);
  return ratio(
    present.reduce((s, v) => s + v, 0),
    present.length,
  );
}

async function countsOf(
  name: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight, ...classOptions }: ClassOptions & SampleWeightOption,
): Promise<ClassCounts> {
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  return countsOfMatrix(confusionCounts(name, t, p, w, classOptions));
}

/**
 * Per-class precision `tp/(tp+fp)`, recall `tp/(tp+fn)`, F1 `2tp/(2tp+fp+fn)` and support
 * (scikit-learn's `precision_recall_fscore_support(average=None)`, `zero_division=0`).
 *
 * Shapes: as `confusionMatrix`; each result array has one entry per class.
 *
 * @example
 * await precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * // { precision: [0.667, 0, 0], recall: [1, 0, 0], f1: [0.8, 0, 0], support: [2, 2, 2] }
 */
export async function precisionRecallF1(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ClassOptions & SampleWeightOption = {},
): Promise<ClassScores> {
  return scoresOfCounts(await countsOf('precision_recall_f1', yTrue, yPred, options));
}

/**
 * Precision `tp / (tp + fp)`, averaged as `average` says (scikit-learn's `precision_score`,
 * `zero_division=0`).
 *
 * @example
 * await precisionScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.222…
 */
export async function precisionScore(
  yTrue: MetricInput,
  yPred: MetricInput,
  { average, posLabel, ...options }: PrecisionRecallOptions = {},
): Promise<number> {
  const counts = await countsOf('precision', yTrue, yPred, options);
  return averageScore('precision', counts, 'precision', { average, posLabel });
}

/**
 * Recall `tp / (tp + fn)`, averaged as `average` says (scikit-learn's `recall_score`).
 *
 * @example
 * await recallScore([0, 1, 1, 1], [1, 0, 1, 1]); // 0.667
 */
export async function recallScore(
  yTrue: MetricInput,
  yPred: MetricInput,
  { average, posLabel, ...options }: PrecisionRecallOptions = {},
): Promise<number> {
  const counts = await countsOf('recall', yTrue, yPred, options);
  return averageScore('recall', counts, 'recall', { average, posLabel });
}

/**
 * F1 `2·P·R / (P + R) = 2tp / (2tp + fp + fn)`, averaged as `average` says (scikit-learn's
 * `f1_score`; macro F1 is the mean of per-class F1, not the F1 of mean P and R).
 *
 * @example
 * await f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.267
 */
export async function f1Score(
  yTrue: MetricInput,
  yPred: MetricInput,
  { average, posLabel, ...options }: PrecisionRecallOptions = {},
): Promise<number> {
  const counts = await countsOf('f1_score', yTrue, yPred, options);
  return averageScore('f1_score', counts, 'f1', { average, posLabel });
}

/** Options of `Precision`, `Recall` and `F1Score`. */
export interface ClassCountsMetricOptions extends ClassOptions, AverageOptions, MetricNameOption {}

/**
 * Streaming per-class counts (tp, predicted, actual) in three `[classes]` device variables,
 * added to with one-hot sums per batch: no read-back in `update`. Averaging happens in
 * `result()`.
 */
class ClassCountsMetric extends DeviceMetric<number> {
  private readonly score: Score;
  private readonly options: ClassOptions;
  private readonly averaging: AverageOptions;

  constructor(
    defaultName: string,
    score: Score,
    { name = defaultName, average, posLabel, ...options }: ClassCountsMetricOptions,
  ) {
    super(name);
    this.score = score;
    this.options = options;
    this.averaging = { average, posLabel };
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    tidy(() => {
      const { trueIdx, predIdx, numClasses, sampleShape } = classIndicesTensor(
        this.name,
        inputTensor(yTrue, this.name, 'yTrue'),
        inputTensor(yPred, this.name, 'yPred'),
        this.options,
      );
      // Validates `average` against the number of classes now, not at the end of an epoch.
      const zeros = new Array<number>(numClasses).fill(0);
      averageScore(
        this.name,
        { tp: zeros, predicted: zeros, actual: zeros },
        this.score,
        this.averaging,
      );
      const predOneHot = cast(oneHot(predIdx, numClasses), 'float32');
      let actual: Tensor = cast(oneHot(trueIdx, numClasses), 'float32');
      let predicted = predOneHot;
      if (sampleWeight != null) {
        const w = expandDims(reshape(weightTensor(this.name, sampleWeight, sampleShape), [-1]), 1);
        actual = mul(actual, w);
        predicted = mul(predicted, w);
      }
      const tp = mul(actual, predOneHot);
      const vars = this.state([[numClasses], [numClasses], [numClasses]], 'class counts of shape');
      this.accumulate(vars, [sum(tp, 0), sum(predicted, 0), sum(actual, 0)]);
    });
  }

  async result(): Promise<number> {
    const state = await this.readState();
    if (state == null) return 0;
    const [tp, predicted, actual] = state;
    return averageScore(this.name, { tp, predicted, actual }, this.score, this.averaging);
  }
}

/**
 * Streaming `precisionScore`. Device-side, no read-back in `update`.
 *
 * @example
 * const precision = new Precision();
 * precision.update([0, 1, 1, 1], [1, 0, 1, 1]);
 * await precision.result(); // 0.667
 */
export class Precision extends ClassCountsMetric {
  constructor(options: ClassCountsMetricOptions = {}) {
    super('precision', 'precision', options);
  }
}

/**
 * Streaming `recallScore`. Device-side, no read-back in `update`.
 *
 * @example
 * const recall = new Recall();
 * recall.update([0, 1, 1, 1], [1, 0, 1, 1]);
 * await recall.result(); // 0.667
 */
export class Recall extends ClassCountsMetric {
  constructor(options: ClassCountsMetricOptions = {}) {
    super('recall', 'recall', options);
  }
}

/**
 * Streaming `f1Score`. Device-side, no read-back in `update`.
 *
 * @example
 * const f1 = new F1Score({ average: 'macro' });
 * f1.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]]);
 * await f1.result(); // 0.333 (class 2 right, class 1 missed, class 0 falsely predicted)
 */
export class F1Score extends ClassCountsMetric {
  constructor(options: ClassCountsMetricOptions = {}) {
    super('f1_score', 'f1', options);
  }
}
