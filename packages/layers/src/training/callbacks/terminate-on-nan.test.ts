import { tensor, train, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { sequential } from '../../models/sequential.js';
import type { BatchEnd, Callback } from './callback.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** 16 samples of y = x, with `bad` at sample `at`. */
function data(at: number, bad: number) {
  const xs = Array.from({ length: 16 }, (_, i) => (i === at ? bad : i / 16));
  return {
    x: tensor(xs, [16, 1]),
    y: tensor(
      xs.map((v, i) => (i === at ? 0 : v)),
      [16, 1],
    ),
  };
}

function model() {
  const m = sequential([new Dense({ units: 1, inputShape: [1], kernelInitializer: 'ones' })]);
  m.compile({ optimizer: train.sgd(0.01), loss: 'mse' });
  return m;
}

describe('TerminateOnNaN', () => {
  it('stops after the batch whose loss is NaN and says which it was', async () => {
    const m = model();
    // Sample 9 lies in batch 2 (samples 8–11) of batches of 4.
    const { x, y } = data(9, Number.NaN);
    const print = vi.fn();
    const nan = new TerminateOnNaN({ print });
    const batches: number[] = [];
    const probe: Callback = { onBatchEnd: (end: BatchEnd) => void batches.push(end.batch) };
    const history = await m.fit(x, y, {
      epochs: 5,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      callbacks: [nan, probe],
    });
    expect(nan.terminatedAt).toEqual({ epoch: 0, batch: 2 });
    expect(nan.message).toBe('Batch 2 of epoch 0 produced a NaN loss; stopping.');
    expect(print).toHaveBeenCalledExactlyOnceWith(
      'Batch 2 of epoch 0 produced a NaN loss; stopping.',
    );
    expect(batches).toEqual([0, 1, 2]);
    expect(history.epochs).toEqual([0]);
    m.dispose();
    x.dispose();
    y.dispose();
  });

  it('stops on an infinite loss too', async () => {
    const m = model();
    const { x, y } = data(5, Number.POSITIVE_INFINITY);
    const nan = new TerminateOnNaN({ print: () => {} });
    await m.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0, callbacks: [nan] });
    expect(nan.terminatedAt).toEqual({ epoch: 0, batch: 1 });
    expect(nan.message).toBe('Batch 1 of epoch 0 produced an infinite loss; stopping.');
    m.dispose();
    x.dispose();
    y.dispose();
  });

  it('records the epoch of a later failure and lets finite losses pass', async () => {
    const stopTraining = { stopTraining: false };
    const nan = new TerminateOnNaN({ print: () => {} });
    nan.setModel(stopTraining as never);
    nan.onTrainBegin();
    const end = (batch: number, loss: number): BatchEnd => ({
      batch,
      size: 4,
      logs: async () => ({ loss }),
      batchLoss: async () => loss,
    });
    nan.onEpochBegin(0);
    await nan.onBatchEnd(end(0, 1.5));
    nan.onEpochBegin(1);
    await nan.onBatchEnd(end(0, 0.5));
    expect(stopTraining.stopTraining).toBe(false);
    await nan.onBatchEnd(end(1, Number.NaN));
    expect(stopTraining.stopTraining).toBe(true);
    expect(nan.terminatedAt).toEqual({ epoch: 1, batch: 1 });
  });
});
