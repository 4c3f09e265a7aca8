import {
  add,
  argMax,
  cast,
  gather,
  keep,
  mul,
  type Optimizer,
  reshape,
  type Scalar,
  scalar,
  type Tensor,
  tensor1d,
  tidy,
  type Variable,
  variable,
} from '@strata/core';
import { getMetric, type StreamingMetric } from '@strata/metrics';
import type { LayerInputs, LayerOutputs } from '../layer.js';
import { getLoss, type Loss, type LossIdentifier } from '../losses/index.js';
import type { Model } from '../models/model.js';
import type { Logs } from './callbacks/callback.js';
import { getOptimizer, type OptimizerIdentifier } from './get-optimizer.js';

/** What `compile` takes. */
export interface CompileArgs {
  optimizer: OptimizerIdentifier;
  /** One loss for the output (or for every output of a multi-output model, summed). */
  loss: LossIdentifier;
  /** Streaming metrics, by Keras name (`'accuracy'`) or object, computed on the first output. */
  metrics?: (string | StreamingMetric)[];
}

/** Weights per class index, as Keras's `class_weight`. */
export type ClassWeight = Record<number, number>;

/**
 * The state `compile` sets up and `fit`/`evaluate` use: the optimizer, the loss, the metrics
 * and device-side running sums. `step` never reads anything back; `logs` reads once.
 */
export class Trainer {
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  readonly metrics: StreamingMetric[];
  private lossSum: Variable | null = null;
  private samples = 0;
  private lastLoss: Scalar | null = null;

  constructor(
    private readonly model: Model,
    args: CompileArgs,
  ) {
    this.optimizer = getOptimizer(args.optimizer);
    this.loss = getLoss(args.loss);
    this.metrics = (args.metrics ?? []).map((m) =>
      typeof m === 'string' ? getMetric(m) : (m as StreamingMetric),
    );
  }

  /** The names epoch logs carry: `loss`, then the metrics. */
  get names(): string[] {
    return ['loss', ...this.metrics.map((m) => m.name)];
  }

  /** Weighted mean loss of a batch, over all outputs; updates the metrics on the first output. */
  private batchLoss(y: LayerOutputs, yPred: LayerOutputs, sampleWeight: Tensor | null): Scalar {
    const ys = Array.isArray(y) ? y : [y];
    const preds = Array.isArray(yPred) ? yPred : [yPred];
    let total = this.loss.compute(ys[0], preds[0], sampleWeight ?? undefined);
    for (let i = 1; i < preds.length; i++)
      total = add(total, this.loss.compute(ys[i], preds[i], sampleWeight ?? undefined));
    for (const m of this.metrics) m.update(ys[0], preds[0], sampleWeight ?? undefined);
    return total as Scalar;
  }

  /** One optimizer step on a batch; accumulates the loss on the device. */
  trainStep(x: LayerInputs, y: LayerOutputs, sampleWeight: Tensor | null, size: number): void {
    if (!this.model.built) {
      // A model without an input shape builds on its first call, as in Keras: make that call
      // before collecting the variables to train, or there would be none.
      tidy(() => {
        this.model.apply(x);
      });
    }
    const variables = this.model.trainableWeights.map((w) => w.variable);
    const cost = this.optimizer.minimize(
      () => this.batchLoss(y, this.model.apply(x, { training: true }), sampleWeight),
      true,
      variables,
    ) as Scalar;
    this.accumulate(cost, size);
  }

  /** The loss and metrics of a batch in inference mode (for `evaluate`). */
  testStep(x: LayerInputs, y: LayerOutputs, sampleWeight: Tensor | null, size: number): void {
    const cost = tidy(() => this.batchLoss(y, this.model.apply(x), sampleWeight));
    this.accumulate(cost, size);
  }

  private accumulate(cost: Scalar, size: number): void {
    this.lossSum ??= tidy(() => variable(scalar(0), false));
    const sum = this.lossSum;
    tidy(() => sum.assign(add(sum, mul(cost, size))));
    this.samples += size;
    this.lastLoss?.dispose();
    this.lastLoss = keep(cost);
  }

  /** Reads the running means back: `{loss, <metric>: …}` (names prefixed by `prefix`). */
  async logs(prefix = ''): Promise<Logs> {
    const logs: Logs = {};
    const sum = this.lossSum == null ? 0 : (await this.lossSum.data())[0];
    logs[`${prefix}loss`] = this.samples === 0 ? 0 : sum / this.samples;
    for (const m of this.metrics) logs[`${prefix}${m.name}`] = await m.result();
    return logs;
  }

  /** The last batch's loss. */
  async lastBatchLoss(): Promise<number> {
    return this.lastLoss == null ? Number.NaN : (await this.lastLoss.data())[0];
  }

  /** Starts new running means (each epoch, each evaluation). */
  reset(): void {
    if (this.lossSum != null) {
      const sum = this.lossSum;
      tidy(() => sum.assign(scalar(0)));
    }
    this.samples = 0;
    for (const m of this.metrics) m.reset();
  }

  dispose(): void {
    this.lossSum?.dispose();
    this.lastLoss?.dispose();
    this.lossSum = null;
    this.lastLoss = null;
    for (const m of this.metrics) m.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Per-sample weights from `classWeight` for targets `y`: one-hot `[batch, classes]` (argmax)
 * or class ids `[batch]` / `[batch, 1]`; `numClasses` sizes the lookup table.
 */
export function classSampleWeights(
  y: Tensor,
  classWeight: ClassWeight,
  numClasses: number,
): Tensor {
  return tidy(() => {
    const oneHot = y.rank >= 2 && y.shape[y.rank - 1] > 1;
    const ids = oneHot ? argMax(y, -1) : cast(reshape(y, [-1]), 'int32');
    const size = Math.max(numClasses, ...Object.keys(classWeight).map((k) => Number(k) + 1));
    // Classes missing from classWeight weigh 1, as in Keras.
    const table = Array.from({ length: size }, (_, i) => classWeight[i] ?? 1);
    return gather(tensor1d(table), reshape(ids, [-1]));
  });
}
