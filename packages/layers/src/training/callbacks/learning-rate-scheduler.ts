import { ConfigError } from '@strata/core';
import type { Model } from '../../models/model.js';
import { getLearningRate, setLearningRate } from '../get-optimizer.js';
import type { Callback, Logs } from './callback.js';
import { requireModel } from './monitor.js';

/** The schedule of {@link LearningRateScheduler}: epoch (from 0) and current rate → new rate. */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/**
 * Sets the optimizer's learning rate at the start of every epoch to
 * `schedule(epoch, currentRate)`, and logs the rate in effect as `learning_rate` in the epoch
 * logs (Keras 3's key; Keras 2 used `lr`). Works with tfjs's optimizers and AdamW given a
 * numeric rate, not one that follows its own schedule.
 *
 * @example
 * // Keep 0.01 for ten epochs, then decay by e^-0.1 each epoch.
 * const scheduler = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * await model.fit(x, y, { epochs: 30, callbacks: [scheduler] });
 * @see https://keras.io/api/callbacks/learning_rate_scheduler/
 */
export class LearningRateScheduler implements Callback {
  private model: Model | null = null;

  constructor(readonly schedule: EpochSchedule) {}

  setModel(model: Model): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    const optimizer = requireModel('LearningRateScheduler', this.model).optimizer;
    const current = getLearningRate(optimizer);
    if (current === undefined) {
      throw new ConfigError({
        subject: 'LearningRateScheduler',
        expected: 'an optimizer with a numeric learning rate',
        received: `${optimizer.getClassName()} with a learning-rate schedule or none`,
      });
    }
    const next = this.schedule(epoch, current);
    if (typeof next !== 'number' || !Number.isFinite(next) || next < 0) {
      throw new ConfigError({
        subject: 'LearningRateScheduler',
        expected: 'the schedule to return a finite learning rate ≥ 0',
        received: `${String(next)} for epoch ${epoch}`,
      });
    }
    setLearningRate(optimizer, next);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const lr = getLearningRate(requireModel('LearningRateScheduler', this.model).optimizer);
    if (lr !== undefined) logs.learning_rate = lr;
  }
}
