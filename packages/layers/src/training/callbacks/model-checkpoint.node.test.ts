import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed, tensor, train, useBackend } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../io/load-model.js';
import { Dense } from '../../layers/dense.js';
import type { Model } from '../../models/model.js';
import { sequential } from '../../models/sequential.js';
import type { Logs } from './callback.js';
import { ModelCheckpoint } from './model-checkpoint.js';

let dir: string;

beforeAll(async () => {
  await useBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'strata-checkpoint-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function weightValues(model: Model): Promise<number[][]> {
  return Promise.all(model.weights.map(async (w) => Array.from(await w.variable.data())));
}

describe('ModelCheckpoint in Node', () => {
  it('writes a loadable model directory for each improving epoch', async () => {
    seed(1);
    const model = sequential([new Dense({ units: 2, inputShape: [3] })]);
    model.compile({ optimizer: train.sgd(0.05), loss: 'mse' });
    const x = tensor([
      [1, 2, 3],
      [0, -1, 2],
    ]);
    const y = tensor([
      [1, 0],
      [0, 1],
    ]);
    const values = [0.5, 0.7, 0.3, 0.4];
    const snapshots: number[][][] = [];
    const checkpoint = new ModelCheckpoint({
      filepath: join(dir, 'best', 'epoch-{epoch:02d}-{val_loss:.2f}'),
      saveBestOnly: true,
    });
    await model.fit(x, y, {
      epochs: 4,
      verbose: 0,
      callbacks: [
        // A scripted val_loss, and the weights each epoch ended with.
        {
          onEpochEnd: async (epoch: number, logs: Logs) => {
            logs.val_loss = values[epoch];
            snapshots.push(await weightValues(model));
          },
        },
        checkpoint,
      ],
    });
    expect((await readdir(join(dir, 'best'))).sort()).toEqual(['epoch-01-0.50', 'epoch-03-0.30']);
    expect(await readdir(join(dir, 'best', 'epoch-03-0.30'))).toContain('model.json');
    const best = await loadModel(join(dir, 'best', 'epoch-03-0.30'));
    expect(await weightValues(best)).toEqual(snapshots[2]);
    best.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('overwrites one directory when the path has no placeholders', async () => {
    seed(2);
    const model = sequential([new Dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([[1], [2]]);
    const y = tensor([[1], [2]]);
    const checkpoint = new ModelCheckpoint({ filepath: join(dir, 'latest') });
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [checkpoint] });
    expect(checkpoint.saved).toEqual([
      join(dir, 'latest'),
      join(dir, 'latest'),
      join(dir, 'latest'),
    ]);
    const latest = await loadModel(join(dir, 'latest'));
    expect(await weightValues(latest)).toEqual(await weightValues(model));
    latest.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  });
});
