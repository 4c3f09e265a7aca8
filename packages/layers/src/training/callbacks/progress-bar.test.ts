import { RandomStream, seed, tensor, train, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { sequential } from '../../models/sequential.js';
import { defaultProgress, ProgressBar, type ProgressInfo } from './progress-bar.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function setup(n: number) {
  const rng = new RandomStream(1);
  const xs = rng.uniformArray(n * 2, -1, 1);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) ys[i] = 2 * xs[2 * i] - 3 * xs[2 * i + 1] + 1;
  seed(1);
  const model = sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.compile({ optimizer: train.sgd(0.05), loss: 'mse' });
  const x = tensor(xs, [n, 2]);
  const y = tensor(ys, [n, 1]);
  const dispose = () => {
    model.dispose();
    x.dispose();
    y.dispose();
  };
  return { model, x, y, dispose };
}

describe('ProgressBar without a stream (the browser behaviour)', () => {
  it('yields to the event loop during an epoch', async () => {
    const { model, x, y, dispose } = setup(64);
    let ticks = 0;
    const count = () => {
      ticks++;
    };
    let timer = setInterval(count, 0);
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    clearInterval(timer);
    const withoutBar = ticks;
    ticks = 0;
    timer = setInterval(count, 0);
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 8,
      verbose: 0,
      callbacks: [new ProgressBar({ stream: null, yieldEvery: 0 })],
    });
    clearInterval(timer);
    // Training alone never gives timers a turn; the bar does, between batches.
    expect(withoutBar).toBe(0);
    expect(ticks).toBeGreaterThan(0);
    dispose();
  });

  it('calls onProgress with the step, samples/s, ETA and logs, and at each epoch end', async () => {
    const { model, x, y, dispose } = setup(40);
    const seen: ProgressInfo[] = [];
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: [
        new ProgressBar({ stream: null, updateEvery: 0, onProgress: (i) => seen.push({ ...i }) }),
      ],
    });
    // 32 training samples: 4 batches and an epoch end, twice.
    expect(seen.map((i) => [i.epoch, i.step, i.epochEnd])).toEqual([
      [0, 1, false],
      [0, 2, false],
      [0, 3, false],
      [0, 4, false],
      [0, 4, true],
      [1, 1, false],
      [1, 2, false],
      [1, 3, false],
      [1, 4, false],
      [1, 4, true],
    ]);
    expect(seen[1]).toMatchObject({ epochs: 2, steps: 4, samples: 16 });
    expect(seen[1].samplesPerSecond).toBeGreaterThan(0);
    expect(seen[1].etaSeconds).toBeGreaterThanOrEqual(0);
    expect(Object.keys(seen[1].logs)).toEqual(['loss']);
    expect(Object.keys(seen[4].logs).sort()).toEqual(['loss', 'val_loss']);
    dispose();
  });

  it('is the default progress callback', () => {
    expect(defaultProgress()).toBeInstanceOf(ProgressBar);
  });
});
