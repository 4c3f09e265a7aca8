import { argMax, formatShape, notEqual, reshape, ShapeError, type Tensor } from '@strata/core';
import {
  type CrossEntropyOptions,
  crossEntropyHost,
  crossEntropyLayout,
  crossEntropyTensor,
} from './log-loss.js';
import { MeanMetric } from './mean-metric.js';
import {
  argMaxRows,
  expandWeights,
  type MetricInput,
  type MetricNameOption,
  metricSubject,
  readInputs,
  type SampleWeightOption,
  weightedMean,
} from './metric-input.js';

/** Options of `perplexity` and `Perplexity`. */
export interface PerplexityOptions extends Omit<CrossEntropyOptions, 'kind'> {
  /** A label (e.g. the padding id) whose tokens are left out of the mean. */
  maskToken?: number;
}

/** Perplexity needs scores over a vocabulary: sparse labels or one-hot targets. */
function expectVocabularyAxis(
  name: string,
  trueShape: readonly number[],
  predShape: readonly number[],
) {
  const layout = crossEntropyLayout(name, trueShape, predShape);
  if (layout.kind === 'binary') {
    throw new ShapeError({
      subject: metricSubject(name),
      expected: 'yPred of shape [..., vocabulary] with vocabulary > 1',
      received: formatShape(predShape),
    });
  }
  return layout;
}

/**
 * Perplexity, `exp(mean cross-entropy)` = `exp(−Σ w·log p(yₜ) / Σ w)` over tokens, natural log
 * (Keras-NLP's `Perplexity`). Tokens equal to `maskToken` are left out.
 *
 * Shapes: `yTrue` `[batch, time]` token ids (or one-hot `[batch, time, vocab]`), `yPred`
 * `[batch, time, vocab]` probabilities (or logits with `fromLogits`).
 *
 * @example
 * // p(correct token) = 0.5 and 0.25: exp(−(ln 0.5 + ln 0.25)/2) = √8
 * await perplexity([[0, 1]], [[[0.5, 0.5], [0.75, 0.25]]]); // 2.828…
 */
export async function perplexity(
  yTrue: MetricInput,
  yPred: MetricInput,
  { sampleWeight, maskToken, ...options }: PerplexityOptions & SampleWeightOption = {},
): Promise<number> {
  const name = 'perplexity';
  const [t, p, w] = await readInputs(name, yTrue, yPred, sampleWeight);
  const { kind } = expectVocabularyAxis(name, t.shape, p.shape);
  const { values, sampleShape } = crossEntropyHost(name, t, p, { ...options, kind });
  const weights = expandWeights(name, w, sampleShape);
  if (maskToken != null) {
    const labels = kind === 'sparse' ? t.values : argMaxRows(t.values, p.shape[p.shape.length - 1]);
    weights.forEach((_, i) => {
      if (labels[i] === maskToken) weights[i] = 0;
    });
  }
  return Math.exp(weightedMean(values, weights));
}

/**
 * Streaming `perplexity`: the mean cross-entropy is kept on the device (no read-back in
 * `update`) and exponentiated in `result()`; 1 before any update.
 *
 * @example
 * const ppl = new Perplexity({ maskToken: 0 }); // token 0 is padding
 * ppl.update([[0, 1]], [[[0.5, 0.5], [0.75, 0.25]]]); // [batch, time], [batch, time, vocab]
 * await ppl.result(); // 4: only the second token counts, p = 0.25
 */
export class Perplexity extends MeanMetric {
  constructor({
    name = 'perplexity',
    maskToken,
    ...options
  }: PerplexityOptions & MetricNameOption = {}) {
    super(
      name,
      (yTrue, yPred) => {
        const { kind, sampleShape } = expectVocabularyAxis(name, yTrue.shape, yPred.shape);
        const values = crossEntropyTensor(name, yTrue, yPred, { ...options, kind });
        if (maskToken == null) return values;
        const labels: Tensor = kind === 'sparse' ? reshape(yTrue, sampleShape) : argMax(yTrue, -1);
        return { values, mask: notEqual(labels, maskToken) };
      },
      { transform: Math.exp },
    );
  }
}
