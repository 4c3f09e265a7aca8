/**
 * `@strata/metrics`: metric functions over tensors or arrays, and streaming accumulators
 * (`update`, `result`, `reset`) of the same metrics for training loops. Tensor accumulators
 * live on the device and never read back in `update`.
 */

export {
  Accuracy,
  type AccuracyOptions,
  accuracy,
  BinaryAccuracy,
  type BinaryAccuracyOptions,
  binaryAccuracy,
  CategoricalAccuracy,
  categoricalAccuracy,
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './accuracy.js';
export {
  type BleuOptions,
  type BleuSmoothing,
  CorpusBleu,
  corpusBleu,
  type Sentence,
  sentenceBleu,
  type Token,
} from './bleu.js';
export type { ClassOptions } from './class-labels.js';
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassReportRow,
  classificationReport,
  type ReportRow,
} from './classification-report.js';
export {
  ConfusionMatrix,
  type ConfusionMatrixOptions,
  type ConfusionNormalize,
  confusionMatrix,
} from './confusion-matrix.js';
export {
  CharacterErrorRate,
  characterErrorRate,
  editDistance,
  PositionIndependentErrorRate,
  positionIndependentErrorRate,
  type Transcripts,
  WordErrorRate,
  wordErrorRate,
} from './edit-distance.js';
export { getMetric, METRIC_IDENTIFIERS } from './get-metric.js';
export {
  type CrossEntropyKind,
  type CrossEntropyOptions,
  LogLoss,
  type LogLossOptions,
  logLoss,
} from './log-loss.js';
export { MeanMetric, type MeanMetricFn, type MeanMetricOptions } from './mean-metric.js';
export type {
  MetricInput,
  MetricNameOption,
  NestedNumbers,
  SampleWeightOption,
  TypedNumbers,
} from './metric-input.js';
export { Perplexity, type PerplexityOptions, perplexity } from './perplexity.js';
export {
  type Average,
  type AverageOptions,
  type ClassCountsMetricOptions,
  type ClassScores,
  F1Score,
  f1Score,
  Precision,
  type PrecisionRecallOptions,
  precisionRecallF1,
  precisionScore,
  Recall,
  recallScore,
} from './precision-recall.js';
export {
  MeanAbsoluteError,
  MeanSquaredError,
  meanAbsoluteError,
  meanSquaredError,
  R2Score,
  r2Score,
} from './regression.js';
export { RocAuc, type RocAucAverage, type RocAucOptions, rocAucScore } from './roc-auc.js';
export { DeviceMetric, type StreamingMetric } from './streaming-metric.js';
export {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  type TopKOptions,
  topKCategoricalAccuracy,
} from './top-k-accuracy.js';
