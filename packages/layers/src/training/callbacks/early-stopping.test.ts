import { ConfigError, memory, seed, tensor, train, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../../layers/dense.js';
import type { Model } from '../../models/model.js';
import { sequential } from '../../models/sequential.js';
import type { Callback, Logs } from './callback.js';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Runs the callback over a sequence of monitored values; returns the epoch it stopped at. */
function drive(options: EarlyStoppingOptions, values: number[], key = 'val_loss'): number | null {
  const stop = new EarlyStopping(options);
  const model = { stopTraining: false } as Model;
  stop.setModel(model);
  stop.onTrainBegin();
  for (let epoch = 0; epoch < values.length; epoch++) {
    stop.onEpochEnd(epoch, { [key]: values[epoch] });
    if (model.stopTraining) return epoch;
  }
  return null;
}

/** Replaces `val_loss` in the epoch logs with a scripted sequence (runs before the others). */
function scripted(values: number[]): Callback {
  return {
    onEpochEnd(epoch: number, logs: Logs) {
      logs.val_loss = values[epoch];
    },
  };
}

async function weightValues(model: Model): Promise<number[][]> {
  return Promise.all(model.weights.map(async (w) => Array.from(await w.variable.data())));
}

describe('EarlyStopping', () => {
  it('stops once the monitor has not improved for `patience` epochs', () => {
    // Best at epoch 1; epochs 2, 3 do not improve: patience 2 runs out at epoch 3.
    expect(drive({ patience: 2 }, [1, 0.5, 0.7, 0.8, 0.9])).toBe(3);
    expect(drive({ patience: 0 }, [1, 0.5, 0.7])).toBe(2);
    expect(drive({ patience: 3 }, [1, 0.9, 0.8, 0.7, 0.6])).toBeNull();
  });

  it('counts changes smaller than minDelta as no improvement', () => {
    expect(drive({ patience: 1, minDelta: 0.1 }, [1, 0.95, 0.5])).toBe(1);
    expect(drive({ patience: 1, minDelta: 0.01 }, [1, 0.95, 0.5])).toBeNull();
  });

  it('keeps waiting while the baseline is not beaten', () => {
    // Improving epochs that miss the baseline do not restart the wait, so the first epoch
    // without improvement (2) finds it at 3 ≥ patience.
    expect(drive({ patience: 2, baseline: 0.5 }, [1, 0.9, 0.95, 0.4])).toBe(2);
    expect(drive({ patience: 2 }, [1, 0.9, 0.95, 0.4])).toBeNull();
    expect(drive({ patience: 2, baseline: 0.92 }, [1, 0.9, 0.95, 0.4])).toBeNull();
  });

  it('ignores the epochs before startFromEpoch', () => {
    expect(drive({ patience: 0, startFromEpoch: 3 }, [1, 2, 3, 4, 5])).toBe(4);
  });

  it('maximizes accuracies in auto mode and follows an explicit mode', () => {
    expect(drive({ monitor: 'val_accuracy' }, [0.5, 0.6, 0.55], 'val_accuracy')).toBe(2);
    expect(drive({ monitor: 'val_loss', mode: 'max' }, [0.5, 0.6, 0.55])).toBe(2);
    expect(() => new EarlyStopping({ monitor: 'val_score' })).toThrow(ConfigError);
    expect(() => new EarlyStopping({ monitor: 'val_score' })).toThrow(
      /expected mode 'min' or 'max' for monitor 'val_score'/,
    );
  });

  it('stops when the validation loss rises and restores the best epoch, without leaks', async () => {
    // Training pulls w towards y = x while the validation targets are y = −x: val_loss only
    // rises, so the best epoch is the first.
    seed(1);
    const model = sequential([
      new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros', useBias: false }),
    ]);
    model.compile({ optimizer: train.sgd(0.1), loss: 'mse' });
    const x = tensor([[1], [2]]);
    const y = tensor([[1], [2]]);
    const yVal = tensor([[-1], [-2]]);
    await model.fit(x, y, { epochs: 1, verbose: 0 }); // warm-up: creates the loss sum
    const before = memory().numTensors;
    const snapshots: number[][][] = [];
    const record: Callback = {
      onEpochEnd: async () => void snapshots.push(await weightValues(model)),
    };
    const stop = new EarlyStopping({ patience: 1, restoreBestWeights: true });
    const history = await model.fit(x, y, {
      epochs: 20,
      verbose: 0,
      validationData: [x, yVal],
      callbacks: [record, stop],
    });
    const val = history.history.val_loss;
    expect(val).toHaveLength(2);
    expect(val[1]).toBeGreaterThan(val[0]);
    expect(stop.stoppedEpoch).toBe(1);
    expect(stop.bestEpoch).toBe(0);
    expect(await weightValues(model)).toEqual(snapshots[0]);
    expect(snapshots[1]).not.toEqual(snapshots[0]);
    expect(memory().numTensors, 'tensors after fit').toBe(before);
    model.dispose();
    for (const t of [x, y, yVal]) t.dispose();
  });

  it('restores exactly the weights of the best epoch of a scripted sequence', async () => {
    seed(2);
    const model = sequential([new Dense({ units: 2, inputShape: [3] })]);
    model.compile({ optimizer: train.sgd(0.05), loss: 'mse' });
    const x = tensor([
      [1, 2, 3],
      [0, -1, 2],
      [3, 1, 0],
    ]);
    const y = tensor([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const snapshots: number[][][] = [];
    const stop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const history = await model.fit(x, y, {
      epochs: 10,
      verbose: 0,
      callbacks: [
        scripted([1, 0.5, 0.7, 0.8, 0.9, 1]),
        { onEpochEnd: async () => void snapshots.push(await weightValues(model)) },
        stop,
      ],
    });
    expect(history.history.val_loss).toEqual([1, 0.5, 0.7, 0.8]);
    expect(stop.stoppedEpoch).toBe(3);
    expect(stop.best).toBe(0.5);
    expect(await weightValues(model)).toEqual(snapshots[1]);
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('leaves the last weights when restoreBestWeights is off', async () => {
    seed(3);
    const model = sequential([new Dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: train.sgd(0.1), loss: 'mse' });
    const x = tensor([[1], [2]]);
    const y = tensor([[3], [5]]);
    let last: number[][] = [];
    const history = await model.fit(x, y, {
      epochs: 10,
      verbose: 0,
      callbacks: [
        scripted([1, 2, 3]),
        {
          onEpochEnd: async () => {
            last = await weightValues(model);
          },
        },
        new EarlyStopping({ patience: 1 }),
      ],
    });
    expect(history.epochs).toEqual([0, 1]);
    expect(await weightValues(model)).toEqual(last);
    model.dispose();
    x.dispose();
    y.dispose();
  });
});
