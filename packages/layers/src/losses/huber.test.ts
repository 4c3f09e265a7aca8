import { ConfigError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { huber } from './huber.js';

describe('huber', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example (delta 1), with and without sample weights", async () => {
    const loss = huber();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // errors [0.6, −0.6] → ½e² = [0.18, 0.18] → 0.18; [0.4, 0.6] → [0.08, 0.18] → 0.13
    await expectTensorsClose(loss.perSample(yTrue, yPred), [0.18, 0.13]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.155);
    // sample_weight [1, 0]: 0.18/2 = 0.09, as in Keras.
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([1, 0])), 0.09);
  });

  it('is linear beyond delta: δ·|e| − ½δ²', async () => {
    const yTrue = tensor([[0, 0, 0]]);
    const yPred = tensor([[3, -0.5, -2]]);
    // delta 1: [3 − 0.5, 0.125, 2 − 0.5] = [2.5, 0.125, 1.5] → mean 4.125/3
    await expectTensorsClose(huber().perSample(yTrue, yPred), [4.125 / 3]);
    // delta 2: [6 − 2, 0.125, ½·4 = 2] → 6.125/3
    await expectTensorsClose(huber({ delta: 2 }).perSample(yTrue, yPred), [6.125 / 3]);
  });

  it('reports delta in its config and rejects a non-positive delta', () => {
    expect(huber({ delta: 2 }).getConfig()).toEqual({
      name: 'huber_loss',
      reduction: 'sum_over_batch_size',
      delta: 2,
    });
    expect(() => huber({ delta: 0 })).toThrow(ConfigError);
    expect(() => huber({ delta: -1 })).toThrow(/delta, a positive number/);
  });
});
