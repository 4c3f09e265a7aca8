import { engine, RandomStream, seed, tensor, train, useBackend } from '@strata/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { sequential } from '../../models/sequential.js';
import type { BatchEnd, Logs } from './callback.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A stream that records what is written; `isTTY` makes it a terminal. */
function fakeStream(isTTY: boolean, columns = 200) {
  const chunks: string[] = [];
  const stream: ProgressStream = {
    isTTY,
    columns,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
  };
  // Without the cursor moves and line clears of the terminal.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed.
  const text = () => chunks.join('').replace(/\x1B\[[0-9;?]*[A-Za-z]|\x1B[78]/g, '');
  return { stream, text, chunks };
}

/** y = 2·x₁ − 3·x₂ + 1, linear regression data and model. */
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

function batchEnd(batch: number, logs: () => Promise<Logs>): BatchEnd {
  return { batch, size: 8, logs, batchLoss: async () => 0 };
}

describe('ProgressBar in Node', () => {
  it('draws a live bar on a terminal with epoch, step, loss, samples/s and ETA', async () => {
    const { model, x, y, dispose } = setup(64);
    const { stream, text } = fakeStream(true);
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      validationSplit: 0.25,
      callbacks: [new ProgressBar({ stream, updateEvery: 0 })],
    });
    const out = text();
    expect(out).toMatch(
      /Epoch 1\/2 \S+ 6\/6 - [\d.]+s - [\d,]+ samples\/s - loss: \d\.\d{4} - val_loss: \d\.\d{4}/,
    );
    expect(out).toMatch(/Epoch 2\/2 \S+ 6\/6 /);
    // Mid-epoch redraws carry the ETA and the running loss.
    expect(out).toMatch(/Epoch 1\/2 \S+ [1-5]\/6 - ETA \S+ - [\d,]+ samples\/s - loss: \d\.\d{4}/);
    // The bar ends each epoch on its own line.
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    dispose();
  });

  it('cuts the live line at the terminal width but writes the epoch summary in full', async () => {
    const { model, x, y, dispose } = setup(40);
    const { stream, chunks } = fakeStream(true, 50);
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 8,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: [new ProgressBar({ stream, updateEvery: 0 })],
    });
    const lines = chunks.filter((c) => c.startsWith('Epoch'));
    const summary = lines.pop();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(summary).toMatch(/^Epoch 1\/1 =+ 4\/4 - .* - loss: \d\.\d{4} - val_loss: \d\.\d{4}\n$/);
    dispose();
  });

  it('prints one plain line per epoch when the stream is not a terminal', async () => {
    const { model, x, y, dispose } = setup(64);
    const { stream, text } = fakeStream(false);
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 }); // warm-up
    const read = vi.spyOn(engine(), 'read');
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      verbose: 0,
      callbacks: [new ProgressBar({ stream, updateEvery: 0 })],
    });
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(`^Epoch ${i + 1}/3 - 8/8 - [\\d.]+s - [\\d,]+ samples/s - loss: \\d\\.\\d{4}$`),
      );
    });
    // Nothing shows mid-epoch progress, so nothing is read back beyond fit's own epoch logs.
    expect(read).toHaveBeenCalledTimes(3);
    dispose();
  });

  it('reads the running logs back at most once per updateEvery window', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { stream, text } = fakeStream(true);
    const bar = new ProgressBar({ stream, updateEvery: 100 });
    await bar.onTrainBegin({ epochs: 1, steps: 20, samples: 160, batchSize: 8, metrics: ['loss'] });
    bar.onEpochBegin(0);
    let reads = 0;
    for (let b = 0; b < 20; b++) {
      now += 30; // a batch every 30 ms
      await bar.onBatchEnd(
        batchEnd(b, async () => {
          reads++;
          return { loss: 1 / (b + 1) };
        }),
      );
    }
    bar.onEpochEnd(0, { loss: 0.05 });
    bar.onTrainEnd();
    // 600 ms in 100 ms windows: read at 120, 240, 360, 480 and 600 ms.
    expect(reads).toBe(5);
    expect(text()).toContain('20/20');
    expect(text()).toContain('loss: 0.0500');
  });

  it('syncs a few times per second in a real fit, not once per batch', async () => {
    const { model, x, y, dispose } = setup(1024);
    const { stream } = fakeStream(true);
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 }); // warm-up
    const read = vi.spyOn(engine(), 'read');
    const readSync = vi.spyOn(engine(), 'readSync');
    const start = performance.now();
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 4,
      verbose: 0,
      callbacks: [new ProgressBar({ stream, updateEvery: 100 })],
    });
    const elapsed = performance.now() - start;
    // fit reads the loss sum once per epoch; the rest are the bar's reads.
    const barReads = read.mock.calls.length + readSync.mock.calls.length - 2;
    expect(barReads).toBeLessThanOrEqual(Math.floor(elapsed / 100));
    expect(barReads).toBeLessThan(512);
    dispose();
  });

  it('is what fit uses for verbose: 1, the default, writing to process.stdout', async () => {
    const { model, x, y, dispose } = setup(32);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const wasTTY = process.stdout.isTTY;
    process.stdout.isTTY = false;
    try {
      await model.fit(x, y, { epochs: 2, batchSize: 16 });
    } finally {
      process.stdout.isTTY = wasTTY;
    }
    const lines = written.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Epoch 2\/2 - 2\/2 - .* - loss: /);
    dispose();
  });
});
