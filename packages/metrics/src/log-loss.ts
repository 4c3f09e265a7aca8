import {
  abs,
  add,
  cast,
  clipByValue,
  div,
  exp,
  formatShape,
  log,
  log1p,
  logSoftmax,
  mul,
  neg,
  oneHot,
  relu,
  reshape,
  ShapeError,
  sub,
  sum,
  type Tensor,
} from '@strata/core';
import { MeanMetric } from './mean-metric.js';
import {
  expandWeights,
  expectSameShape,
  type HostArray,
  type MetricInput,
  type MetricNameOption,
  metricSubject,
  readInputs,
  type SampleWeightOption,
  shapesMatch,
  weightedMean,
} from './metric-input.js';

/** How targets are read: 0/1 per element, one-hot rows, or integer labels. */
export type CrossEntropyKind = 'binary' | 'categorical' | 'sparse';

/** Options of the cross-entropy metrics (log loss, perplexity). */
export interface CrossEntropyOptions {
  /**
   * Default: from the shapes — `yPred` with a class axis is categorical when `yTrue` has its
   * shape and sparse otherwise; without one, binary. Multi-label outputs need `'binary'`.
   */
  kind?: CrossEntropyKind;
  /** `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Probabilities are clipped to `[epsilon, 1 − epsilon]`. Default 1e-7 (Keras). */
  epsilon?: number;
}

/** Options of `logLoss`. */
export interface LogLossOptions extends CrossEntropyOptions, SampleWeightOption {}

const EPSILON = 1e-7;

/** The kind a batch is read as and the shape of its per-sample losses. */
export function crossEntropyLayout(
  name: string,
  trueShape: readonly number[],
  predShape: readonly number[],
  kind?: CrossEntropyKind,
): { kind: CrossEntropyKind; sampleShape: number[] } {
  const classAxis = predShape.length >= 2 && predShape[predShape.length - 1] > 1;
  const sameRank = trueShape.length === predShape.length && shapesMatch(trueShape, predShape);
  const k = kind ?? (classAxis ? (sameRank ? 'categorical' : 'sparse') : 'binary');
  if (k === 'binary') {
    expectSameShape(name, trueShape, predShape);
    return { kind: k, sampleShape: [...predShape] };
  }
  const sampleShape = predShape.slice(0, -1);
  const ok = k === 'categorical' ? sameRank : shapesMatch(trueShape, sampleShape);
  if (predShape.length < 1 || !ok) {
    throw new ShapeError({
      subject: metricSubject(name),
      expected:
        k === 'categorical'
          ? `one-hot yTrue of the shape of yPred ${formatShape(predShape)}`
          : `yTrue labels of shape ${formatShape(sampleShape)} for yPred ${formatShape(predShape)}`,
      received: formatShape(trueShape),
    });
  }
  return { kind: k, sampleShape };
}

/** Per-sample cross-entropy on the host, in float64. */
export function crossEntropyHost(
  name: string,
  t: HostArray,
  p: HostArray,
  { kind, fromLogits = false, epsilon = EPSILON }: CrossEntropyOptions,
): { values: Float64Array; sampleShape: number[] } {
  const layout = crossEntropyLayout(name, t.shape, p.shape, kind);
  const clip = (q: number) => Math.min(Math.max(q, epsilon), 1 - epsilon);
  if (layout.kind === 'binary') {
    const values = Float64Array.from(p.values, (x, i) => {
      const y = t.values[i];
      if (fromLogits) return Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      const q = clip(x);
      return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    });
    return { values, sampleShape: layout.sampleShape };
  }
  const classes = p.shape[p.shape.length - 1];
  const rows = p.values.length / classes;
  const values = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = p.values.subarray(r * classes, (r + 1) * classes);
    let logProb: (c: number) => number;
    if (fromLogits) {
      const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      logProb = (c) => row[c] - lse;
    } else {
      // Rows are renormalized before clipping, as Keras and scikit-learn do.
      const total = row.reduce((s, v) => s + v, 0);
      logProb = (c) => Math.log(clip(row[c] / total));
    }
    let loss = 0;
    if (layout.kind === 'sparse') {
      const label = t.values[r];
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new ShapeError({
          subject: metricSubject(name),
          expected: `yTrue as integer class labels in [0, ${classes})`,
          received: `${label} at index ${r}`,
        });
      }
      loss = -logProb(label);
    } else {
      for (let c = 0; c < classes; c++) {
        const y = t.values[r * classes + c];
        if (y !== 0) loss -= y * logProb(c);
      }
    }
    values[r] = loss;
  }
  return { values, sampleShape: layout.sampleShape };
}

/** Per-sample cross-entropy on the device (same rules as `crossEntropyHost`). */
export function crossEntropyTensor(
  name: string,
  yTrue: Tensor,
  yPred: Tensor,
  { kind, fromLogits = false, epsilon = EPSILON }: CrossEntropyOptions,
): Tensor {
  const layout = crossEntropyLayout(name, yTrue.shape, yPred.shape, kind);
  const x = cast(yPred, 'float32');
  if (layout.kind === 'binary') {
    const y = reshape(cast(yTrue, 'float32'), x.shape);
    if (fromLogits) return add(sub(relu(x), mul(x, y)), log1p(exp(neg(abs(x)))));
    const q = clipByValue(x, epsilon, 1 - epsilon);
    return neg(add(mul(y, log(q)), mul(sub(1, y), log(sub(1, q)))));
  }
  const classes = x.shape[x.shape.length - 1];
  const y =
    layout.kind === 'sparse'
      ? cast(oneHot(cast(reshape(yTrue, layout.sampleShape), 'int32'), classes), 'float32')
      : cast(yTrue, 'float32');
  const logProb = fromLogits
    ? logSoftmax(x)
    : log(clipByValue(div(x, sum(x, -1, true)), epsilon, 1 - epsilon));
  return neg(sum(mul(y, logProb), -1));
}

/**
 * Log loss (cross-entropy), the weighted mean of per-sample `−Σ_c y_c·log(p_c)`; binary:
 * `−[y·log p + (1 − y)·log(1 − p)]` per element. Probabilities are clipped to
 * `[1e-7, 1 − 1e-7]` (Keras) and class rows renormalized. This is scikit-learn's `log_loss`
 * and Keras's binary / categorical / sparse categorical cross-entropy metrics.
 *
 * Shapes: binary `yTrue`, `yPred` `[batch]` or `[batch, labels]`; categorical `yPred`
 * `[batch, classes]` with `yTrue` one-hot `[batch, classes]` or labels `[batch]`.
 *
 * @example
 * // scikit-learn's example, labels ham = 0, spam = 1:
 * await logLoss([1, 0, 0, 1], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.21616…
 */
export async function logLoss(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight, ...options }: LogLossOptions = {},
): Promise<number> {
  const [t, p, w] = await readInputs('log_loss', yTrue, yPred, sampleWeight);
  const { values, sampleShape } = crossEntropyHost('log_loss', t, p, options);
  return weightedMean(values, expandWeights('log_loss', w, sampleShape));
}

/**
 * Streaming `logLoss` (named `'binary_crossentropy'` etc. by `getMetric`). Device-side, no
 * read-back in `update`.
 *
 * @example
 * const loss = new LogLoss({ kind: 'binary' });
 * loss.update([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);
 * await loss.result(); // 0.8149 (Keras's BinaryCrossentropy example)
 */
export class LogLoss extends MeanMetric {
  constructor({ name = 'log_loss', ...options }: CrossEntropyOptions & MetricNameOption = {}) {
    super(name, (yTrue, yPred) => crossEntropyTensor(name, yTrue, yPred, options));
  }
}
