import {
  abs,
  add,
  broadcastTo,
  cast,
  divNoNan,
  mul,
  ones,
  reshape,
  square,
  sub,
  sum,
  type Tensor,
  tidy,
} from '@strata/core';
import { MeanMetric } from './mean-metric.js';
import {
  expandWeights,
  expectSameShape,
  type HostArray,
  inputTensor,
  type MetricInput,
  type MetricNameOption,
  readInputs,
  type SampleWeightOption,
  sizeOf,
  weightedMean,
  weightTensor,
} from './metric-input.js';
import { DeviceMetric } from './streaming-metric.js';

async function meanOfErrors(
  name: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: MetricInput | undefined,
  error: (d: number) => number,
): Promise<number> {
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  expectSameShape(name, t.shape, p.shape);
  const errors = Float64Array.from(p.values, (v, i) => error(t.values[i] - v));
  return weightedMean(errors, expandWeights(name, w, p.shape));
}

/**
 * Mean squared error, `Σ w·(y − ŷ)² / Σ w` over all elements (scikit-learn's
 * `mean_squared_error` with `multioutput='uniform_average'`; Keras's `mse`).
 *
 * Shapes: `yTrue` and `yPred` alike, e.g. `[batch]` or `[batch, outputs]`.
 *
 * @example
 * await meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375 (scikit-learn's example)
 */
export async function meanSquaredError(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight }: SampleWeightOption = {},
): Promise<number> {
  return meanOfErrors('mean_squared_error', yTrue, yPred, sampleWeight, (d) => d * d);
}

/**
 * Mean absolute error, `Σ w·|y − ŷ| / Σ w` over all elements (scikit-learn's
 * `mean_absolute_error`; Keras's `mae`).
 *
 * Shapes: `yTrue` and `yPred` alike.
 *
 * @example
 * await meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5 (scikit-learn's example)
 */
export async function meanAbsoluteError(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight }: SampleWeightOption = {},
): Promise<number> {
  return meanOfErrors('mean_absolute_error', yTrue, yPred, sampleWeight, Math.abs);
}

/** `[samples, outputs]` view of a regression target: the last axis is outputs when rank ≥ 2. */
function outputsOf(shape: readonly number[]): { outputs: number; sampleShape: number[] } {
  if (shape.length >= 2)
    return { outputs: shape[shape.length - 1], sampleShape: shape.slice(0, -1) };
  return { outputs: 1, sampleShape: [...shape] };
}

/** R² of one output from its sums; a constant target gives 1 if predicted exactly, else 0. */
function r2OfSums(ssRes: number, ssTot: number): number {
  // scikit-learn's force_finite=True.
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

function r2Host(name: string, t: HostArray, p: HostArray, w: HostArray | undefined): number {
  expectSameShape(name, t.shape, p.shape);
  const { outputs, sampleShape } = outputsOf(p.shape);
  const weights = expandWeights(name, w, sampleShape);
  const n = sizeOf(sampleShape);
  let total = 0;
  for (let j = 0; j < outputs; j++) {
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += weights[i];
      swy += weights[i] * t.values[i * outputs + j];
    }
    const mean = sw === 0 ? 0 : swy / sw;
    let ssTot = 0;
    let ssRes = 0;
    for (let i = 0; i < n; i++) {
      const y = t.values[i * outputs + j];
      ssTot += weights[i] * (y - mean) ** 2;
      ssRes += weights[i] * (y - p.values[i * outputs + j]) ** 2;
    }
    total += r2OfSums(ssRes, ssTot);
  }
  return total / outputs;
}

/**
 * Coefficient of determination, `R² = 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)²` per output, averaged
 * uniformly over outputs (scikit-learn's `r2_score`, `multioutput='uniform_average'`,
 * `force_finite=True`: a constant target scores 1 when predicted exactly, else 0).
 *
 * Shapes: `yTrue`, `yPred` `[batch]` or `[batch, outputs]`.
 *
 * @example
 * await r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486… (scikit-learn's example)
 */
export async function r2Score(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight }: SampleWeightOption = {},
): Promise<number> {
  const [t, p, w] = await readInputs('r2_score', yTrue, yPred, sampleWeight);
  return r2Host('r2_score', t, p, w);
}

/** The element-wise error of a regression batch, after the shape check. */
function errors(name: string, yTrue: Tensor, yPred: Tensor): Tensor {
  expectSameShape(name, yTrue.shape, yPred.shape);
  return sub(reshape(cast(yTrue, 'float32'), yPred.shape), cast(yPred, 'float32'));
}

/**
 * Streaming `meanSquaredError`. Device-side, no read-back in `update`.
 *
 * @example
 * const mse = new MeanSquaredError();
 * mse.update([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * await mse.result(); // 0.25
 */
export class MeanSquaredError extends MeanMetric {
  constructor({ name = 'mean_squared_error' }: MetricNameOption = {}) {
    super(name, (yTrue, yPred) => square(errors(name, yTrue, yPred)));
  }
}

/**
 * Streaming `meanAbsoluteError`. Device-side, no read-back in `update`.
 *
 * @example
 * const mae = new MeanAbsoluteError();
 * mae.update([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * await mae.result(); // 0.25
 */
export class MeanAbsoluteError extends MeanMetric {
  constructor({ name = 'mean_absolute_error' }: MetricNameOption = {}) {
    super(name, (yTrue, yPred) => abs(errors(name, yTrue, yPred)));
  }
}

/**
 * Streaming `r2Score`, device-side with no read-back in `update`. Per output it keeps the
 * weight sum, the weighted mean, the centred sum of squares and the residual sum of squares,
 * merging each batch with Chan et al.'s parallel update
 * (`M2 = M2ₐ + M2ᵦ + δ²·wₐwᵦ/(wₐ + wᵦ)`), which stays accurate in float32 where
 * `Σy² − (Σy)²/n` would cancel.
 *
 * @example
 * const r2 = new R2Score();
 * r2.update([[1], [4], [3]], [[2], [4], [4]]);
 * await r2.result(); // 0.5714 (Keras's example)
 */
export class R2Score extends DeviceMetric<number> {
  constructor({ name = 'r2_score' }: MetricNameOption = {}) {
    super(name);
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    tidy(() => {
      const t = inputTensor(yTrue, this.name, 'yTrue');
      const p = inputTensor(yPred, this.name, 'yPred');
      const diff = errors(this.name, t, p);
      const { outputs, sampleShape } = outputsOf(p.shape);
      const n = sizeOf(sampleShape);
      const y = reshape(cast(t, 'float32'), [n, outputs]);
      const w =
        sampleWeight == null
          ? ones([n, 1])
          : reshape(weightTensor(this.name, sampleWeight, sampleShape), [n, 1]);
      const wBatch = broadcastTo(sum(w, 0), [outputs]);
      const meanBatch = divNoNan(sum(mul(w, y), 0), wBatch);
      const m2Batch = sum(mul(w, square(sub(y, meanBatch))), 0);
      const resBatch = sum(mul(w, square(reshape(diff, [n, outputs]))), 0);
      const [count, mean, m2, res] = this.state(
        [[outputs], [outputs], [outputs], [outputs]],
        'outputs',
      );
      const total = add(count, wBatch);
      const delta = sub(meanBatch, mean);
      const newMean = add(mean, mul(delta, divNoNan(wBatch, total)));
      const newM2 = add(add(m2, m2Batch), mul(square(delta), divNoNan(mul(count, wBatch), total)));
      count.assign(total);
      mean.assign(newMean);
      m2.assign(newM2);
      res.assign(add(res, resBatch));
    });
  }

  async result(): Promise<number> {
    const state = await this.readState();
    // Nothing seen since creation or reset: 0, like the other streaming metrics.
    if (state == null || state[0].every((w) => w === 0)) return 0;
    const [, , m2, res] = state;
    let total = 0;
    for (let j = 0; j < m2.length; j++) total += r2OfSums(res[j], m2[j]);
    return total / m2.length;
  }
}
