import { ConfigError, tensor, train, useBackend } from '@strata/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dense } from '../../layers/dense.js';
import type { Model } from '../../models/model.js';
import { sequential } from '../../models/sequential.js';
import { getLearningRate } from '../get-optimizer.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Runs the callback over monitored values with a stub model holding an SGD optimizer at
 * rate 1; returns the rate logged for each epoch and the rate after the last.
 */
function drive(options: ReduceLROnPlateauOptions, values: number[], key = 'val_loss') {
  const optimizer = train.sgd(1);
  const reduce = new ReduceLROnPlateau(options);
  reduce.setModel({ optimizer } as unknown as Model);
  reduce.onTrainBegin();
  const logged = values.map((value, epoch) => {
    const logs: Record<string, number> = { [key]: value };
    reduce.onEpochEnd(epoch, logs);
    return logs.learning_rate;
  });
  const final = getLearningRate(optimizer);
  optimizer.dispose();
  return { logged, final };
}

const FLAT = [1, 1, 1, 1, 1, 1, 1];

describe('ReduceLROnPlateau', () => {
  it('multiplies the rate by factor after `patience` epochs without improvement', () => {
    const { logged, final } = drive({ patience: 2, factor: 0.5 }, FLAT.slice(0, 5));
    // Epoch 0 sets the best; epochs 1–2 wait; drop after 2; 3–4 wait; drop after 4.
    expect(logged).toEqual([1, 1, 1, 0.5, 0.5]);
    expect(final).toBe(0.25);
  });

  it('waits `cooldown` epochs after a drop before counting again', () => {
    const { logged, final } = drive({ patience: 1, factor: 0.5, cooldown: 2 }, FLAT);
    // Drops after epochs 1, 3 and 5: as in Keras the counter also counts down at the start
    // of the epoch that ends the cooldown, so cooldown 2 suspends one epoch (2, 4, 6).
    expect(logged).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    expect(final).toBe(0.125);
    expect(drive({ patience: 1, factor: 0.5, cooldown: 3 }, FLAT).logged).toEqual([
      1, 1, 0.5, 0.5, 0.5, 0.25, 0.25,
    ]);
    expect(drive({ patience: 1, factor: 0.5, cooldown: 0 }, FLAT.slice(0, 4)).logged).toEqual([
      1, 1, 0.5, 0.25,
    ]);
  });

  it('never goes below minLr', () => {
    const { logged, final } = drive({ patience: 1, factor: 0.5, minLr: 0.3 }, FLAT.slice(0, 5));
    expect(logged).toEqual([1, 1, 0.5, 0.3, 0.3]);
    expect(final).toBe(0.3);
  });

  it('counts only improvements larger than minDelta, and resets the wait on them', () => {
    // 0.99995 is within 1e-4 of 1: no improvement.
    expect(drive({ patience: 1, factor: 0.5 }, [1, 0.99995]).final).toBe(0.5);
    expect(drive({ patience: 1, factor: 0.5 }, [1, 0.9]).final).toBe(1);
    expect(drive({ patience: 2, factor: 0.5 }, [1, 1, 0.5, 0.5, 0.2]).final).toBe(1);
  });

  it('maximizes accuracies in auto mode', () => {
    expect(
      drive({ monitor: 'val_accuracy', patience: 1, factor: 0.5 }, [0.5, 0.6, 0.6], 'val_accuracy')
        .final,
    ).toBe(0.5);
    expect(drive({ mode: 'max', patience: 1, factor: 0.5 }, [0.5, 0.6, 0.7]).final).toBe(1);
  });

  it('rejects a factor of 1 or more', () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(ConfigError);
    expect(() => new ReduceLROnPlateau({ factor: 2 })).toThrow(
      '<ReduceLROnPlateau>: expected a factor in [0, 1). Received: 2.',
    );
  });

  it('lowers the rate of a real fit and logs it in the history', async () => {
    const model = sequential([
      new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' }),
    ]);
    const optimizer = train.sgd(0.1);
    model.compile({ optimizer, loss: 'mse' });
    const x = tensor([[1], [2]]);
    const y = tensor([[1], [2]]);
    // With no validation data the monitor is missing: a warning, no change.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new ReduceLROnPlateau()] });
    expect(warn).toHaveBeenCalledOnce();
    // minDelta 10 makes every epoch after the first a plateau.
    const history = await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 1, minDelta: 10 })],
    });
    expect(history.history.learning_rate.map((v) => Number(v.toPrecision(6)))).toEqual([
      0.1, 0.1, 0.01,
    ]);
    expect(getLearningRate(optimizer)).toBeCloseTo(0.001, 10);
    model.dispose();
    x.dispose();
    y.dispose();
  });
});
