import { clone, dispose, formatShape, keep, ShapeError, type Tensor } from '@strata/core';
import {
  expandWeights,
  expectSameShape,
  type HostArray,
  hostArray,
  isTensor,
  type MetricInput,
  type MetricNameOption,
  metricSubject,
  readInput,
  readInputs,
  type SampleWeightOption,
  shapesMatch,
  weightShape,
} from './metric-input.js';
import type { StreamingMetric } from './streaming-metric.js';

/** How one-vs-rest AUCs are combined: plain mean, or weighted by each class's positives. */
export type RocAucAverage = 'macro' | 'weighted';

/** Options of `rocAucScore`. */
export interface RocAucOptions extends SampleWeightOption {
  /** Multi-class averaging. Default `'macro'` (scikit-learn's default for `multi_class='ovr'`). */
  average?: RocAucAverage;
}

/** Inputs brought to one form: a 0/1 indicator and a score per (sample, class). */
interface RocInputs {
  positive: Uint8Array;
  scores: Float64Array;
  weights: Float64Array;
  classes: number;
}

/** The number of score columns the shapes imply (1 for binary); throws on a mismatch. */
function rocLayout(name: string, trueShape: readonly number[], scoreShape: readonly number[]) {
  const last = scoreShape[scoreShape.length - 1];
  if (scoreShape.length >= 2 && last > 1) {
    const sampleShape = scoreShape.slice(0, -1);
    const indicator = trueShape.length === scoreShape.length && shapesMatch(trueShape, scoreShape);
    if (!indicator && !shapesMatch(trueShape, sampleShape)) {
      throw new ShapeError({
        subject: metricSubject(name),
        expected: `yTrue of shape ${formatShape(sampleShape)} (labels) or ${formatShape(scoreShape)} (indicators) for yScore ${formatShape(scoreShape)}`,
        received: formatShape(trueShape),
      });
    }
    return { classes: last, indicator, sampleShape };
  }
  expectSameShape(name, trueShape, scoreShape);
  const sampleShape = scoreShape.length >= 2 ? scoreShape.slice(0, -1) : [...scoreShape];
  return { classes: 1, indicator: true, sampleShape };
}

function rocInputs(name: string, t: HostArray, s: HostArray, w: HostArray | undefined): RocInputs {
  const { classes, indicator, sampleShape } = rocLayout(name, t.shape, s.shape);
  const positive = new Uint8Array(s.values.length);
  const bad = (v: number, i: number, expected: string) =>
    new ShapeError({ subject: metricSubject(name), expected, received: `${v} at index ${i}` });
  t.values.forEach((v, i) => {
    if (indicator) {
      if (v !== 0 && v !== 1) throw bad(v, i, 'yTrue of 0/1 labels');
      positive[i] = v;
    } else {
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw bad(v, i, `yTrue of integer labels in [0, ${classes})`);
      }
      positive[i * classes + v] = 1;
    }
  });
  return { positive, scores: s.values, weights: expandWeights(name, w, sampleShape), classes };
}

/**
 * Weighted Mann–Whitney statistic: the probability that a random positive outscores a random
 * negative, ties counting ½ — equal to the area under the ROC curve with ties interpolated.
 * `NaN` when a class has no positives or no negatives (scikit-learn ≥ 1.6).
 */
function binaryAuc(inputs: RocInputs, c: number): { auc: number; positives: number } {
  const { positive, scores, weights, classes } = inputs;
  const n = weights.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => scores[a * classes + c] - scores[b * classes + c],
  );
  let area = 0;
  let negBelow = 0;
  let positives = 0;
  for (let start = 0; start < n; ) {
    const score = scores[order[start] * classes + c];
    let pos = 0;
    let neg = 0;
    let end = start;
    for (; end < n && scores[order[end] * classes + c] === score; end++) {
      const i = order[end];
      if (positive[i * classes + c]) pos += weights[i];
      else neg += weights[i];
    }
    area += pos * (negBelow + neg / 2);
    negBelow += neg;
    positives += pos;
    start = end;
  }
  const auc = positives > 0 && negBelow > 0 ? area / (positives * negBelow) : Number.NaN;
  return { auc, positives };
}

function aucOf(inputs: RocInputs, average: RocAucAverage): number {
  const per = Array.from({ length: inputs.classes }, (_, c) => binaryAuc(inputs, c));
  if (per.length === 1) return per[0].auc;
  if (average === 'weighted') {
    const total = per.reduce((s, p) => s + p.positives, 0);
    return per.reduce((s, p) => s + p.auc * p.positives, 0) / total;
  }
  return per.reduce((s, p) => s + p.auc, 0) / per.length;
}

/**
 * Area under the ROC curve, computed as the rank statistic
 * `AUC = Σ_{i∈pos, j∈neg} wᵢwⱼ([sᵢ > sⱼ] + ½[sᵢ = sⱼ]) / (Σ_pos w · Σ_neg w)`
 * (scikit-learn's `roc_auc_score`). With a score per class it is one-vs-rest, averaged
 * `'macro'` (default) or `'weighted'` by prevalence; labels may be integers or indicator
 * rows (multi-label). An undefined AUC (one class only) is `NaN`.
 *
 * Shapes: `yTrue` `[batch]` 0/1 with `yScore` `[batch]`; or `yTrue` `[batch]` labels /
 * `[batch, classes]` indicators with `yScore` `[batch, classes]`.
 *
 * @example
 * await rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75 (scikit-learn's example)
 */
export async function rocAucScore(
  yTrue: MetricInput,
  yScore: MetricInput,
  { average = 'macro', sampleWeight }: RocAucOptions = {},
): Promise<number> {
  const [t, s, w] = await readInputs('roc_auc', yTrue, yScore, sampleWeight);
  return aucOf(rocInputs('roc_auc', t, s, w), average);
}

type Retained = Tensor | HostArray;

/**
 * Streaming `rocAucScore`. The statistic needs every score at once, so it is computed on the
 * host; to keep `update` free of read-backs, `update` retains the batch (a `clone` of each
 * tensor, no copy; plain arrays stay on the host) and `result()` reads all retained batches
 * once, then keeps them as host arrays and frees the device copies. Memory grows with the
 * data seen since `reset` (one float per sample and class).
 *
 * @example
 * const auc = new RocAuc();
 * auc.update([0, 0], [0.1, 0.4]);
 * auc.update([1, 1], [0.35, 0.8]);
 * await auc.result(); // 0.75
 */
export class RocAuc implements StreamingMetric<number> {
  readonly name: string;
  private readonly average: RocAucAverage;
  private batches: { t: Retained; s: Retained; w?: Retained }[] = [];
  private classes: number | null = null;

  constructor({
    name = 'roc_auc',
    average = 'macro',
  }: MetricNameOption & { average?: RocAucAverage } = {}) {
    this.name = name;
    this.average = average;
  }

  update(yTrue: MetricInput, yScore: MetricInput, sampleWeight?: MetricInput): void {
    const host = (x: MetricInput, what: string): Retained =>
      isTensor(x) ? x : hostArray(x, this.name, what);
    const t = host(yTrue, 'yTrue');
    const s = host(yScore, 'yScore');
    const w = sampleWeight == null ? undefined : host(sampleWeight, 'sampleWeight');
    const { classes, sampleShape } = rocLayout(this.name, t.shape, s.shape);
    if (this.classes != null && classes !== this.classes) {
      throw new ShapeError({
        subject: metricSubject(this.name),
        expected: `yScore with ${this.classes} score column(s) as in earlier batches`,
        received: formatShape(s.shape),
      });
    }
    if (w != null) weightShape(this.name, w.shape, sampleShape);
    this.classes = classes;
    // A clone shares the tensor's data (no copy) and survives the caller disposing it.
    const retain = (x: Retained): Retained => (isTensor(x) ? keep(clone(x)) : x);
    this.batches.push({ t: retain(t), s: retain(s), w: w && retain(w) });
  }

  async result(): Promise<number> {
    if (this.batches.length === 0) return 0;
    const read = (x: Retained | undefined, what: string) =>
      x == null || !isTensor(x) ? x : readInput(x, this.name, what);
    const host = await Promise.all(
      this.batches.map(async ({ t, s, w }) => {
        const [ht, hs, hw] = await Promise.all([
          read(t, 'yTrue'),
          read(s, 'yScore'),
          read(w, 'sampleWeight'),
        ]);
        return { t: ht as HostArray, s: hs as HostArray, w: hw };
      }),
    );
    this.disposeRetained();
    this.batches = host;
    const parts = host.map(({ t, s, w }) => rocInputs(this.name, t, s, w));
    const concat = <T extends Uint8Array | Float64Array>(
      arrays: T[],
      make: (n: number) => T,
    ): T => {
      const out = make(arrays.reduce((n, a) => n + a.length, 0));
      let offset = 0;
      for (const a of arrays) {
        out.set(a, offset);
        offset += a.length;
      }
      return out;
    };
    const inputs: RocInputs = {
      positive: concat(
        parts.map((p) => p.positive),
        (n) => new Uint8Array(n),
      ),
      scores: concat(
        parts.map((p) => p.scores),
        (n) => new Float64Array(n),
      ),
      weights: concat(
        parts.map((p) => p.weights),
        (n) => new Float64Array(n),
      ),
      classes: parts[0].classes,
    };
    return aucOf(inputs, this.average);
  }

  private disposeRetained(): void {
    for (const { t, s, w } of this.batches) {
      dispose([t, s, w].filter((x): x is Tensor => x != null && isTensor(x)));
    }
  }

  reset(): void {
    this.disposeRetained();
    this.batches = [];
    this.classes = null;
  }

  dispose(): void {
    this.reset();
  }
}
