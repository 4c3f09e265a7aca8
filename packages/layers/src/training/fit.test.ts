import {
  ConfigError,
  engine,
  memory,
  RandomStream,
  ShapeError,
  seed,
  slice,
  type Tensor,
  tensor,
  train,
  useBackend,
} from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dense } from '../layers/dense.js';
import { sequential } from '../models/sequential.js';
import type { Callback } from './callbacks/callback.js';

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** y = 2·x₁ − 3·x₂ + 1, 256 samples. */
function linearData(n = 256) {
  const rng = new RandomStream(1);
  const x = rng.uniformArray(n * 2, -1, 1);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 1;
  return { x: tensor(x, [n, 2]), y: tensor(y, [n, 1]) };
}

function regressionModel() {
  seed(1);
  return sequential([new Dense({ units: 1, inputShape: [2] })]);
}

describe('fit', () => {
  it('learns a linear function and records the loss of every epoch', async () => {
    const { x, y } = linearData();
    const model = regressionModel();
    model.compile({ optimizer: train.adam(0.1), loss: 'meanSquaredError' });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 32, verbose: 0, seed: 2 });
    const losses = history.history.loss;
    expect(losses).toHaveLength(30);
    expect(losses[29]).toBeLessThan(losses[0] / 100);
    const [kernel, bias] = model.weights.map((w) => w.variable);
    await expectTensorsClose(kernel, [2, -3], { atol: 0.05 });
    await expectTensorsClose(bias, [1], { atol: 0.05 });
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('trains a model given no input shape: it builds on the first batch, as in Keras', async () => {
    const { x, y } = linearData();
    seed(1);
    const model = sequential([new Dense({ units: 1 })]);
    expect(model.built).toBe(false);
    model.compile({ optimizer: train.adam(0.1), loss: 'meanSquaredError' });
    const before = memory().numTensors;
    await model.fit(x, y, { epochs: 30, batchSize: 32, verbose: 0, seed: 2 });
    const [kernel, bias] = model.weights.map((w) => w.variable);
    await expectTensorsClose(kernel, [2, -3], { atol: 0.05 });
    await expectTensorsClose(bias, [1], { atol: 0.05 });
    model.dispose();
    expect(memory().numTensors).toBeLessThanOrEqual(before);
    x.dispose();
    y.dispose();
  });

  it('holds out the last samples with validationSplit and logs val_loss', async () => {
    const { x, y } = linearData(100);
    const model = regressionModel();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const history = await model.fit(x, y, { epochs: 2, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'val_loss']);
    // The held-out loss after training equals evaluate on the last 20 samples.
    const tail = await model.evaluate(slice(x, 80, 20), slice(y, 80, 20));
    expect(history.history.val_loss[1]).toBeCloseTo(tail.loss, 5);
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('leaves the tensor count unchanged over 3 epochs with callbacks, and dispose frees the rest', async () => {
    const before = memory().numTensors;
    const { x, y } = linearData(64);
    const model = regressionModel();
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 }); // creates optimizer slots
    const afterFirst = memory().numTensors;
    const seen: number[] = [];
    const probe: Callback = {
      async onBatchEnd(end) {
        seen.push((await end.logs()).loss);
      },
    };
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [probe] });
    expect(seen).toHaveLength(12);
    expect(memory().numTensors, 'tensors after 3 more epochs').toBe(afterFirst);
    model.dispose();
    x.dispose();
    y.dispose();
    expect(memory().numTensors, 'tensors after dispose').toBe(before);
  });

  it('reads losses back once per epoch, not once per batch', async () => {
    const { x, y } = linearData(128);
    const model = regressionModel();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    // Every read-back (data() or dataSync()) goes through the engine.
    const read = vi.spyOn(engine(), 'read');
    const readSync = vi.spyOn(engine(), 'readSync');
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
    // 16 batches per epoch, one read of the loss sum per epoch.
    expect(read.mock.calls.length + readSync.mock.calls.length).toBe(2);
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('trains from an async iterable of {xs, ys} batches', async () => {
    const { x, y } = linearData(64);
    const model = regressionModel();
    model.compile({ optimizer: train.adam(0.1), loss: 'mse' });
    async function* batches() {
      for (let i = 0; i < 64; i += 16) yield { xs: slice(x, i, 16), ys: slice(y, i, 16) };
    }
    const data = { [Symbol.asyncIterator]: batches };
    const history = await model.fit(data, { epochs: 20, verbose: 0 });
    expect(history.history.loss[19]).toBeLessThan(history.history.loss[0] / 10);
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('weights samples by classWeight', async () => {
    seed(3);
    const model = sequential([new Dense({ units: 2, inputShape: [1], activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const x = tensor([[1], [2]]);
    const y = tensor([
      [1, 0],
      [0, 1],
    ]);
    const p = (await (model.apply(x) as Tensor).data()) as Float32Array;
    const ce0 = -Math.log(p[0]);
    const ce1 = -Math.log(p[3]);
    const logs: number[] = [];
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 2,
      verbose: 0,
      shuffle: false,
      classWeight: { 0: 3, 1: 0 },
      callbacks: [{ onBatchEnd: async (e) => void logs.push(await e.batchLoss()) }],
    });
    // Keras: Σ wᵢ·lᵢ / batch = (3·ce0 + 0·ce1) / 2, measured before the update.
    expect(logs[0]).toBeCloseTo((3 * ce0 + 0 * ce1) / 2, 5);
    model.dispose();
  });

  it('trainOnBatch returns the loss before the update; evaluate the loss after', async () => {
    const model = sequential([new Dense({ units: 1, inputShape: [1], kernelInitializer: 'ones' })]);
    model.compile({ optimizer: train.sgd(0.1), loss: 'mse' });
    const x = tensor([[1], [2]]);
    const y = tensor([[3], [5]]);
    // y_pred = x: errors 2 and 3 → mse 6.5
    expect((await model.trainOnBatch(x, y)).loss).toBeCloseTo(6.5, 5);
    // grad w = mean(2·(w·x+b−y)·x) = (2·−2·1 + 2·−3·2)/2 = −8, grad b = (−4 − 6)/2 = −5
    // → w = 1.8, b = 0.5: predictions 2.3 and 4.1, errors 0.7 and 0.9 → mse 0.65
    expect((await model.evaluate(x, y)).loss).toBeCloseTo(0.65, 5);
    model.dispose();
  });

  it('rejects x and y of different lengths and an uncompiled model', async () => {
    const model = regressionModel();
    await expect(model.fit(tensor([[1, 2]]), tensor([[1], [2]]), { verbose: 0 })).rejects.toThrow(
      ConfigError,
    );
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(tensor([[1, 2]]), tensor([[1], [2]]), { verbose: 0 })).rejects.toThrow(
      ShapeError,
    );
    await expect(model.fit(tensor([[1, 2]]), tensor([[1], [2]]), { verbose: 0 })).rejects.toThrow(
      /expected inputs and targets with the same number of samples \(1\)\. Received: a tensor of shape \[2, 1\]/,
    );
    model.dispose();
  });
});
