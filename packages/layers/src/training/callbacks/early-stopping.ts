import { dispose, type Tensor } from '@strata/core';
import type { Model } from '../../models/model.js';
import type { Callback, Logs } from './callback.js';
import {
  isImprovement,
  type MonitorMode,
  monitorDirection,
  requireModel,
  warnMissing,
} from './monitor.js';

/** Options of {@link EarlyStopping} (Keras's, camel-cased). */
export interface EarlyStoppingOptions {
  /** The epoch-log key watched. Default `'val_loss'`. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** `'min'`, `'max'`, or `'auto'` (from the name: losses fall, accuracies rise). */
  mode?: MonitorMode;
  /** Training stops unless the monitor beats this within `patience` epochs. */
  baseline?: number;
  /** At the end of training, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to train before watching (a warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored quantity has not improved by more than `minDelta` for
 * `patience` epochs, with Keras's semantics (an epoch improves when
 * `current − minDelta < best` in `'min'` mode; `baseline` must also be beaten to reset the
 * wait). With `restoreBestWeights`, a copy of the best epoch's weights is kept (the previous
 * copy freed) and assigned back when training ends, whether it stopped early or not.
 *
 * @example
 * const stop = new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * console.log(stop.stoppedEpoch, stop.bestEpoch);
 * @see https://keras.io/api/callbacks/early_stopping/
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly direction: 'min' | 'max';
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** The epoch training was stopped at, 0 when it was not. */
  stoppedEpoch = 0;
  /** The epoch with the best monitored value so far. */
  bestEpoch = 0;
  /** The best monitored value so far. */
  best: number;
  /** Epochs since the last improvement. */
  wait = 0;
  private model: Model | null = null;
  private bestWeights: Tensor[] | null = null;
  private warned = false;

  constructor({
    monitor = 'val_loss',
    minDelta = 0,
    patience = 0,
    mode = 'auto',
    baseline,
    restoreBestWeights = false,
    startFromEpoch = 0,
  }: EarlyStoppingOptions = {}) {
    this.monitor = monitor;
    this.minDelta = Math.abs(minDelta);
    this.patience = patience;
    this.direction = monitorDirection('EarlyStopping', monitor, mode);
    this.baseline = baseline;
    this.restoreBestWeights = restoreBestWeights;
    this.startFromEpoch = startFromEpoch;
    this.best = this.direction === 'min' ? Infinity : -Infinity;
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.keepWeights(null);
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warned) warnMissing('EarlyStopping', this.monitor, logs);
      this.warned = true;
      return;
    }
    if (epoch < this.startFromEpoch) return;
    const model = requireModel('EarlyStopping', this.model);
    if (this.restoreBestWeights && this.bestWeights == null) {
      // Until an epoch improves, the current weights are the best there are.
      this.keepWeights(model.getWeights());
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepWeights(model.getWeights());
      // The wait restarts only when the baseline is beaten too.
      if (this.baseline === undefined || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.bestWeights != null)
      requireModel('EarlyStopping', this.model).setWeights(this.bestWeights);
    this.keepWeights(null);
  }

  private improves(current: number, reference: number): boolean {
    return isImprovement(this.direction, current, reference, this.minDelta);
  }

  private keepWeights(weights: Tensor[] | null): void {
    if (this.bestWeights != null) dispose(this.bestWeights);
    this.bestWeights = weights;
  }
}
