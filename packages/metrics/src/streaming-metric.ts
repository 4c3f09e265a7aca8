import {
  add,
  formatShape,
  ShapeError,
  type Tensor,
  tidy,
  type Variable,
  variable,
  zeros,
  zerosLike,
} from '@strata/core';
import { type MetricInput, metricSubject } from './metric-input.js';

/**
 * A metric accumulated over batches: `update` adds a batch, `result` reads the value over
 * everything seen since the last `reset`. This is the contract `fit()` relies on.
 *
 * **No read-back in `update`.** `update` is synchronous and never reads values from the
 * device: tensor metrics add per-batch sums into device-side variables (`assign` inside
 * `tidy`), so a training loop can call it every batch without a GPU→CPU sync. Only
 * `result()` reads back, once. Metrics whose math is host-side (ROC-AUC) keep references to
 * the batch tensors on the device and read them all in `result()`; text metrics (BLEU,
 * WER/CER/PER) take strings and count on the host.
 *
 * Errors about shapes are thrown by `update` at once (shapes are known without a read-back).
 * Inputs are never disposed by the metric.
 *
 * @typeParam TResult - what `result()` resolves to: a number for every metric `getMetric`
 *   returns, `number[][]` for a confusion matrix.
 * @typeParam TTrue - the targets `update` takes (numeric inputs, or text for BLEU/WER).
 * @typeParam TPred - the predictions `update` takes.
 *
 * @example
 * const metric = getMetric('accuracy');
 * for (const [x, y] of batches) {
 *   tidy(() => metric.update(y, model.predict(x) as Tensor)); // no sync here
 * }
 * console.log(metric.name, await metric.result()); // one read-back per epoch
 * metric.reset();
 */
export interface StreamingMetric<TResult = number, TTrue = MetricInput, TPred = MetricInput> {
  /** The key the value is logged under, e.g. `'accuracy'` or `'val_loss'`. */
  readonly name: string;
  /**
   * Adds one batch. Synchronous and free of device read-backs. `sampleWeight` scales each
   * sample's contribution; its shape is a prefix of the per-sample shape (e.g. `[batch]`).
   */
  update(yTrue: TTrue, yPred: TPred, sampleWeight?: MetricInput): void;
  /**
   * The metric over all batches since the last `reset`; reads back once. With no batch it is
   * the value of an empty mean, 0 (so 1 for perplexity, a zero matrix for a confusion matrix).
   */
  result(): Promise<TResult>;
  /** Forgets every batch: accumulators are zeroed in place (not reallocated), retained batches freed. */
  reset(): void;
  /** Frees the device state. The metric must not be used afterwards. */
  dispose(): void;
}

/**
 * Base of the tensor metrics: a fixed set of float32 variables, created on the first `update`
 * (when shapes such as the number of classes are known), added to inside `tidy` on every
 * `update` and read back by `result`. Subclass it for a custom device-side metric.
 *
 * @example
 * class SumOfPredictions extends DeviceMetric {
 *   update(_yTrue: MetricInput, yPred: MetricInput): void {
 *     tidy(() => {
 *       const [total] = this.state([[]], 'a scalar');
 *       this.accumulate([total], [sum(yPred as Tensor)]);
 *     });
 *   }
 *   async result(): Promise<number> {
 *     return (await this.readState())?.[0][0] ?? 0;
 *   }
 * }
 */
export abstract class DeviceMetric<TResult = number> implements StreamingMetric<TResult> {
  readonly name: string;
  private variables: Variable[] | null = null;

  constructor(name: string) {
    this.name = name;
  }

  abstract update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void;
  abstract result(): Promise<TResult>;

  /** The `Metric 'name'` subject of errors. */
  protected get subject(): string {
    return metricSubject(this.name);
  }

  /**
   * The accumulator variables, created on first use with the given shapes. A later batch that
   * needs other shapes (say, another number of classes) is a `ShapeError`.
   */
  protected state(shapes: readonly (readonly number[])[], what: string): Variable[] {
    if (this.variables == null) {
      this.variables = shapes.map((shape) => variable(zeros([...shape]), false));
      return this.variables;
    }
    const bad = this.variables.findIndex(
      (v, i) => v.shape.length !== shapes[i].length || v.shape.some((d, j) => d !== shapes[i][j]),
    );
    if (bad >= 0) {
      throw new ShapeError({
        subject: this.subject,
        expected: `${what} ${formatShape(this.variables[bad].shape)} as in earlier batches`,
        received: formatShape(shapes[bad]),
      });
    }
    return this.variables;
  }

  /** Adds `deltas[i]` to accumulator `i`. Call inside `tidy`. */
  protected accumulate(variables: Variable[], deltas: Tensor[]): void {
    variables.forEach((v, i) => {
      v.assign(add(v, deltas[i]));
    });
  }

  /** Reads the accumulators back (`null` before the first update). */
  protected async readState(): Promise<Float64Array[] | null> {
    if (this.variables == null) return null;
    const data = await Promise.all(this.variables.map((v) => v.data()));
    return data.map((d) => Float64Array.from(d as ArrayLike<number>));
  }

  reset(): void {
    const variables = this.variables;
    if (variables == null) return;
    tidy(() => {
      for (const v of variables) v.assign(zerosLike(v));
    });
  }

  dispose(): void {
    for (const v of this.variables ?? []) v.dispose();
    this.variables = null;
  }
}
