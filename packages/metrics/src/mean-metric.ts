import { broadcastTo, cast, mul, scalar, sum, type Tensor, tidy } from '@strata/core';
import { inputTensor, isTensor, type MetricInput, weightTensor } from './metric-input.js';
import { DeviceMetric } from './streaming-metric.js';

/**
 * Per-sample values of a batch, computed on the device: a tensor of values, or values with a
 * 0/1 `mask` of the same shape that multiplies the sample weights (e.g. padding tokens).
 */
export type MeanMetricFn = (
  yTrue: Tensor,
  yPred: Tensor,
) => Tensor | { values: Tensor; mask: Tensor };

/** Options of `MeanMetric`. */
export interface MeanMetricOptions {
  /** Applied to the mean when it is read, e.g. `Math.exp` for perplexity. */
  transform?: (mean: number) => number;
}

/**
 * A streaming weighted mean of per-sample values, `Σ w·v / Σ w`, kept on the device in two
 * float32 variables (`total`, `count`): Keras's `MeanMetricWrapper`. The accuracy family,
 * MSE/MAE, log loss and perplexity are all built on it, and so can a custom metric be.
 *
 * Shapes: `fn(yTrue, yPred)` returns per-sample values of any shape, e.g. `[batch]` or
 * `[batch, time]`; `sampleWeight` has a prefix of that shape (`[batch]`) and is broadcast.
 * An empty metric has mean 0 (`divide_no_nan`). Sums are float32, as in Keras: counts stay
 * exact up to 2²⁴ (16.7 M) elements since the last `reset`.
 *
 * @example
 * const meanError = new MeanMetric('mean_error', (yTrue, yPred) => sub(yPred, yTrue));
 * meanError.update([1, 2], [1.5, 2.5]);
 * await meanError.result(); // 0.5
 */
export class MeanMetric extends DeviceMetric<number> {
  private readonly fn: MeanMetricFn;
  private readonly transform: (mean: number) => number;

  constructor(name: string, fn: MeanMetricFn, { transform = (m) => m }: MeanMetricOptions = {}) {
    super(name);
    this.fn = fn;
    this.transform = transform;
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    tidy(() => {
      const out = this.fn(
        inputTensor(yTrue, this.name, 'yTrue'),
        inputTensor(yPred, this.name, 'yPred'),
      );
      const values = cast(isTensor(out) ? out : out.values, 'float32');
      const mask = isTensor(out) ? null : cast(out.mask, 'float32');
      let w = sampleWeight == null ? null : weightTensor(this.name, sampleWeight, values.shape);
      if (mask != null) w = w == null ? broadcastTo(mask, values.shape) : mul(w, mask);
      const [total, count] = this.state([[], []], 'scalar state');
      this.accumulate(
        [total, count],
        w == null ? [sum(values), scalar(values.size)] : [sum(mul(values, w)), sum(w)],
      );
    });
  }

  async result(): Promise<number> {
    const state = await this.readState();
    if (state == null) return this.transform(0);
    const [total, count] = [state[0][0], state[1][0]];
    return this.transform(count === 0 ? 0 : total / count);
  }
}
