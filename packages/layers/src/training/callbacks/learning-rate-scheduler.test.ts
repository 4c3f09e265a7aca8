import { AdamW, ConfigError, exponentialDecay, tensor, train, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../../layers/dense.js';
import { sequential } from '../../models/sequential.js';
import { getLearningRate } from '../get-optimizer.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** w·x fitted to y = x from w = 0 with one sample: each step is w += lr · 2(1 − w). */
function oneWeightModel() {
  const model = sequential([
    new Dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros', useBias: false }),
  ]);
  const x = tensor([[1]]);
  const y = tensor([[1]]);
  const kernel = async () => (await model.weights[0].variable.data())[0];
  const dispose = () => {
    model.dispose();
    x.dispose();
    y.dispose();
  };
  return { model, x, y, kernel, dispose };
}

describe('LearningRateScheduler', () => {
  it('sets the SGD rate at each epoch start, and the weights move by that step', async () => {
    const { model, x, y, kernel, dispose } = oneWeightModel();
    const optimizer = train.sgd(0.1);
    model.compile({ optimizer, loss: 'mse' });
    const calls: [number, number][] = [];
    const weights: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [
        new LearningRateScheduler((epoch, lr) => {
          calls.push([epoch, lr]);
          return epoch === 0 ? lr : lr / 2;
        }),
        { onEpochEnd: async () => void weights.push(await kernel()) },
      ],
    });
    expect(calls).toEqual([
      [0, 0.1],
      [1, 0.1],
      [2, 0.05],
    ]);
    expect(getLearningRate(optimizer)).toBe(0.025);
    expect(history.history.learning_rate).toEqual([0.1, 0.05, 0.025]);
    // w₁ = 0 + 0.1·2·1 = 0.2; w₂ = 0.2 + 0.05·2·0.8 = 0.28; w₃ = 0.28 + 0.025·2·0.72 = 0.316.
    expect(weights[0]).toBeCloseTo(0.2, 6);
    expect(weights[1]).toBeCloseTo(0.28, 6);
    expect(weights[2]).toBeCloseTo(0.316, 6);
    dispose();
  });

  it('drives optimizers that read the rate each step (Adam)', async () => {
    const { model, x, y, kernel, dispose } = oneWeightModel();
    model.compile({ optimizer: train.adam(0.5), loss: 'mse' });
    // A zero rate freezes the weights.
    await model.fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [new LearningRateScheduler(() => 0)],
    });
    expect(await kernel()).toBe(0);
    dispose();
  });

  it('rejects a schedule result that is not a finite rate, and an optimizer with a schedule', async () => {
    const { model, x, y, dispose } = oneWeightModel();
    model.compile({ optimizer: train.sgd(0.1), loss: 'mse' });
    await expect(
      model.fit(x, y, { verbose: 0, callbacks: [new LearningRateScheduler(() => Number.NaN)] }),
    ).rejects.toThrow(
      '<LearningRateScheduler>: expected the schedule to return a finite learning rate ≥ 0. Received: NaN for epoch 0.',
    );
    model.compile({
      optimizer: new AdamW({
        learningRate: exponentialDecay({
          initialLearningRate: 0.1,
          decaySteps: 10,
          decayRate: 0.5,
        }),
      }),
      loss: 'mse',
    });
    await expect(
      model.fit(x, y, { verbose: 0, callbacks: [new LearningRateScheduler((_, lr) => lr)] }),
    ).rejects.toThrow(ConfigError);
    dispose();
  });
});
