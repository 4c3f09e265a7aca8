import type { Model } from '../../models/model.js';

/** Numbers logged for an epoch or a batch: `loss`, metrics, and `val_`-prefixed ones. */
export type Logs = Record<string, number>;

/**
 * What a callback learns at the end of a batch. The values live on the device until asked
 * for: `logs()` reads them back (running means over the epoch so far), so a callback that
 * does not call it costs no synchronisation.
 */
export interface BatchEnd {
  /** Index of the batch in the epoch. */
  batch: number;
  /** Samples in this batch. */
  size: number;
  /** Reads the running `loss` and metrics of the epoch back from the device. */
  logs(): Promise<Logs>;
  /** Reads this batch's own loss back from the device. */
  batchLoss(): Promise<number>;
}

/** What `fit` tells callbacks when training starts. */
export interface TrainBegin {
  epochs: number;
  /** Batches per epoch, when known (arrays: yes; datasets: after the first epoch). */
  steps: number | null;
  /** Samples per epoch, when known. */
  samples: number | null;
  batchSize: number | null;
  /** The metric names that epoch logs will carry, `loss` first. */
  metrics: string[];
}

/**
 * A hook into `fit`. Every method is optional and may be async; `fit` awaits each before
 * going on. Set `model.stopTraining = true` to end training after the current batch.
 */
export interface Callback {
  setModel?(model: Model): void;
  onTrainBegin?(info: TrainBegin): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number): void | Promise<void>;
  onBatchEnd?(end: BatchEnd): void | Promise<void>;
}

/** Runs a list of callbacks in order. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setModel(model: Model): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  async trainBegin(info: TrainBegin): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(info);
  }

  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }

  async epochBegin(epoch: number): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch);
  }

  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }

  async batchBegin(batch: number): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch);
  }

  async batchEnd(end: BatchEnd): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(end);
  }
}
