import { ConfigError } from '@strata/core';
import type { Model } from '../../models/model.js';
import { getLearningRate, setLearningRate } from '../get-optimizer.js';
import type { Callback, Logs } from './callback.js';
import {
  isImprovement,
  type MonitorMode,
  monitorDirection,
  requireModel,
  warnMissing,
} from './monitor.js';

/** Options of {@link ReduceLROnPlateau} (Keras's, camel-cased). */
export interface ReduceLROnPlateauOptions {
  /** The epoch-log key watched. Default `'val_loss'`. */
  monitor?: string;
  /** `newRate = rate · factor`, below 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before the rate drops. Default 10. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs after a drop during which waiting is suspended. Default 0. */
  cooldown?: number;
  /** The rate never drops below this. Default 0. */
  minLr?: number;
  /** `'min'`, `'max'`, or `'auto'` (from the name: losses fall, accuracies rise). */
  mode?: MonitorMode;
}

/**
 * Multiplies the learning rate by `factor` when the monitored quantity has not improved by
 * more than `minDelta` for `patience` epochs, never below `minLr`, then waits `cooldown`
 * epochs before counting again (Keras's semantics). Logs the rate of each epoch as
 * `learning_rate`.
 *
 * @example
 * const reduce = new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 1e-4 });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [reduce] });
 * @see https://keras.io/api/callbacks/reduce_lr_on_plateau/
 */
export class ReduceLROnPlateau implements Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly direction: 'min' | 'max';
  /** The best monitored value so far. */
  best: number;
  /** Epochs since the last improvement (outside cooldown). */
  wait = 0;
  /** Cooldown epochs left. */
  cooldownCounter = 0;
  private model: Model | null = null;
  private warned = false;

  constructor({
    monitor = 'val_loss',
    factor = 0.1,
    patience = 10,
    minDelta = 1e-4,
    cooldown = 0,
    minLr = 0,
    mode = 'auto',
  }: ReduceLROnPlateauOptions = {}) {
    if (!(factor < 1) || !(factor >= 0)) {
      throw new ConfigError({
        subject: 'ReduceLROnPlateau',
        expected: 'a factor in [0, 1)',
        received: `${factor}`,
      });
    }
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.direction = monitorDirection('ReduceLROnPlateau', monitor, mode);
    this.best = this.direction === 'min' ? Infinity : -Infinity;
  }

  setModel(model: Model): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const optimizer = requireModel('ReduceLROnPlateau', this.model).optimizer;
    const lr = getLearningRate(optimizer);
    if (lr !== undefined) logs.learning_rate = lr;
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warned) warnMissing('ReduceLROnPlateau', this.monitor, logs);
      this.warned = true;
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (isImprovement(this.direction, current, this.best, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait++;
      // Keras compares with the float32 minimum, so a rate stored as float32 stops there.
      if (this.wait >= this.patience && (lr === undefined || lr > Math.fround(this.minLr))) {
        // setLearningRate throws, naming the optimizer, when the rate is not a number.
        setLearningRate(optimizer, Math.max((lr ?? 0) * this.factor, this.minLr));
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}
