import { cast, expandDims, matMul, mul, oneHot, reshape, type Tensor, tidy } from '@strata/core';
import { type ClassOptions, classIndicesHost, classIndicesTensor } from './class-labels.js';
import {
  expandWeights,
  type HostArray,
  inputTensor,
  type MetricInput,
  type MetricNameOption,
  readInputs,
  type SampleWeightOption,
  weightTensor,
} from './metric-input.js';
import { DeviceMetric } from './streaming-metric.js';

/** How `confusionMatrix` normalizes: over true classes (rows), predicted (columns) or all. */
export type ConfusionNormalize = 'true' | 'pred' | 'all';

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions extends ClassOptions, SampleWeightOption {
  /** Divide counts by row sums (`'true'`), column sums (`'pred'`) or the total; 0/0 → 0. */
  normalize?: ConfusionNormalize;
}

/** Weighted counts `M[i][j]` of samples of true class `i` predicted as `j`, on the host. */
export function confusionCounts(
  name: string,
  yTrue: HostArray,
  yPred: HostArray,
  sampleWeight: HostArray | undefined,
  options: ClassOptions,
): number[][] {
  const { trueIdx, predIdx, numClasses, sampleShape } = classIndicesHost(
    name,
    yTrue,
    yPred,
    options,
  );
  const w = expandWeights(name, sampleWeight, sampleShape);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  trueIdx.forEach((t, i) => {
    m[t][predIdx[i]] += w[i];
  });
  return m;
}

/** Per-class true positives, predicted counts (column sums) and support (row sums) of `M`. */
export function countsOfMatrix(m: readonly (readonly number[])[]): {
  tp: number[];
  predicted: number[];
  actual: number[];
} {
  return {
    tp: m.map((row, i) => row[i]),
    predicted: m.map((_, j) => m.reduce((s, row) => s + row[j], 0)),
    actual: m.map((row) => row.reduce((s, v) => s + v, 0)),
  };
}

function normalizeMatrix(m: number[][], normalize: ConfusionNormalize | undefined): number[][] {
  if (normalize == null) return m;
  const div = (v: number, d: number) => (d === 0 ? 0 : v / d);
  if (normalize === 'all') {
    const total = m.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
    return m.map((row) => row.map((v) => div(v, total)));
  }
  const { predicted, actual } = countsOfMatrix(m);
  return m.map((row, i) =>
    row.map((v, j) => div(v, normalize === 'true' ? actual[i] : predicted[j])),
  );
}

/**
 * Confusion matrix `M[i][j] = Σ w·[y = i, ŷ = j]`: rows are true classes, columns predicted
 * ones (scikit-learn's convention). For two classes, `[[tn, fp], [fn, tp]]`. Classes are read
 * by the `ClassOptions` rules.
 *
 * Shapes: `yTrue` `[batch]` labels (or one-hot), `yPred` `[batch]` labels/probabilities or
 * `[batch, classes]` scores; result `[classes, classes]`.
 *
 * @example
 * await confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]] (scikit-learn's example)
 */
export async function confusionMatrix(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight, normalize, ...classOptions }: ConfusionMatrixOptions = {},
): Promise<number[][]> {
  const name = 'confusion_matrix';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  return normalizeMatrix(confusionCounts(name, t, p, w, classOptions), normalize);
}

/**
 * Streaming `confusionMatrix`: a `[classes, classes]` float32 variable on the device, added to
 * with `oneHot(y)ᵀ · oneHot(ŷ)` per batch, no read-back in `update`. Without a class axis the
 * batch is binary unless `numClasses > 2` (the labels cannot be read to find out).
 *
 * @example
 * const cm = new ConfusionMatrix({ numClasses: 3 });
 * cm.update([2, 0, 2], [0, 0, 2]);
 * cm.update([2, 0, 1], [2, 0, 2]);
 * await cm.result(); // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 */
export class ConfusionMatrix extends DeviceMetric<number[][]> {
  private readonly options: ClassOptions;
  private readonly normalize: ConfusionNormalize | undefined;

  constructor({
    name = 'confusion_matrix',
    normalize,
    ...options
  }: ClassOptions & MetricNameOption & { normalize?: ConfusionNormalize } = {}) {
    super(name);
    this.options = options;
    this.normalize = normalize;
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    tidy(() => {
      const { trueIdx, predIdx, numClasses, sampleShape } = classIndicesTensor(
        this.name,
        inputTensor(yTrue, this.name, 'yTrue'),
        inputTensor(yPred, this.name, 'yPred'),
        this.options,
      );
      let rows: Tensor = cast(oneHot(trueIdx, numClasses), 'float32');
      if (sampleWeight != null) {
        const w = reshape(weightTensor(this.name, sampleWeight, sampleShape), [-1]);
        rows = mul(rows, expandDims(w, 1));
      }
      const cols = cast(oneHot(predIdx, numClasses), 'float32');
      const [m] = this.state([[numClasses, numClasses]], 'a confusion matrix of shape');
      this.accumulate([m], [matMul(rows, cols, true, false)]);
    });
  }

  async result(): Promise<number[][]> {
    const state = await this.readState();
    const c =
      state == null ? (this.options.numClasses ?? 0) : Math.round(Math.sqrt(state[0].length));
    const flat = state?.[0] ?? new Float64Array(c * c);
    const m = Array.from({ length: c }, (_, i) => Array.from(flat.subarray(i * c, (i + 1) * c)));
    return normalizeMatrix(m, this.normalize);
  }
}
