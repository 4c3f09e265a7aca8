import { tensor, train, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { sequential } from '../../models/sequential.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('ProgressBar in a browser', () => {
  it('is the default of fit, draws nothing and yields to the event loop', async () => {
    const model = sequential([new Dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: train.sgd(0.01), loss: 'mse' });
    const x = tensor(
      Array.from({ length: 64 }, (_, i) => i / 64),
      [64, 1],
    );
    // Batches made slow without yielding, so that `yieldEvery` (50 ms) passes in the epoch.
    const slow = {
      onBatchEnd: () => {
        const until = performance.now() + 10;
        while (performance.now() < until) {
          // spin
        }
      },
    };
    const ticksDuring = async (verbose: 0 | 1) => {
      let ticks = 0;
      const timer = setInterval(() => {
        ticks++;
      }, 0);
      await model.fit(x, x, { epochs: 1, batchSize: 4, verbose, callbacks: [slow] });
      clearInterval(timer);
      return ticks;
    };
    expect(await ticksDuring(0)).toBe(0);
    const ticks = await ticksDuring(1);
    expect(ticks).toBeGreaterThan(0);
    model.dispose();
    x.dispose();
  });
});
