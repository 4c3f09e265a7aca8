import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanSquaredError } from './mean-squared-error.js';

describe('meanSquaredError', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example, with and without sample weights", async () => {
    const loss = meanSquaredError();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [1, 1],
      [1, 0],
    ]);
    // ((0−1)² + (1−1)²)/2 = 0.5 and ((0−1)² + (0−0)²)/2 = 0.5
    await expectTensorsClose(loss.perSample(yTrue, yPred), [0.5, 0.5]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.5);
    // sample_weight [0.7, 0.3]: (0.7·0.5 + 0.3·0.5)/2 = 0.25, as in Keras.
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([0.7, 0.3])), 0.25);
  });

  it('averages over the last axis only: [batch, time, d] → [batch, time]', async () => {
    const yTrue = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const yPred = tensor([
      [
        [0, 0],
        [3, 1],
      ],
    ]);
    // step 0: (1 + 4)/2 = 2.5; step 1: (0 + 9)/2 = 4.5
    await expectTensorsClose(meanSquaredError().perSample(yTrue, yPred), tensor([[2.5, 4.5]]));
  });

  it('keeps one value per sample for [batch] inputs and aligns [batch] with [batch, 1]', async () => {
    const loss = meanSquaredError();
    await expectTensorsClose(loss.perSample(tensor([1, 2, 3]), tensor([1, 1, 1])), [0, 1, 4]);
    await expectTensorsClose(
      loss.perSample(tensor([1, 2, 3]), tensor([[1], [1], [1]])),
      tensor([0, 1, 4]),
    );
    await expectTensorsClose(loss.compute(tensor([1, 2, 3]), tensor([1, 1, 1])), 5 / 3);
  });

  it('casts int32 labels', async () => {
    const loss = meanSquaredError();
    await expectTensorsClose(
      loss.perSample(tensor([[2]], [1, 1], 'int32'), tensor([[0.5]])),
      [2.25],
    );
  });

  it('throws a ShapeError naming the loss and both shapes', () => {
    expect(() => meanSquaredError().perSample(tensor([[1, 2, 3]]), tensor([[1, 2]]))).toThrow(
      ShapeError,
    );
    expect(() => meanSquaredError().perSample(tensor([[1, 2, 3]]), tensor([[1, 2]]))).toThrow(
      "<Loss 'mean_squared_error'>: expected yTrue and yPred of the same shape. Received: yTrue [1, 3] and yPred [1, 2].",
    );
  });
});
