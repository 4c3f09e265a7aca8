import { tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import { hinge } from './hinge.js';

describe('hinge', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example, converting {0, 1} labels to {−1, 1}", async () => {
    const loss = hinge();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // labels → [[−1, 1], [−1, −1]]: [(1.6 + 0.6)/2, (1.4 + 1.6)/2] = [1.1, 1.5]; mean 1.3
    await expectTensorsClose(loss.perSample(yTrue, yPred), [1.1, 1.5]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 1.3);
    // sample_weight [1, 0]: 1.1/2 = 0.55, as in Keras.
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([1, 0])), 0.55);
  });

  it('takes {−1, 1} labels as they are and is 0 beyond the margin', async () => {
    const yTrue = tensor([[-1, 1, 1, -1]]);
    const yPred = tensor([[0.5, 2, -0.25, -3]]);
    // [1 + 0.5, max(1 − 2, 0), 1 + 0.25, max(1 − 3, 0)] = [1.5, 0, 1.25, 0]
    await expectTensorsClose(hinge().perSample(yTrue, yPred), [2.75 / 4]);
  });

  it('converts only when every label of the batch is 0 or 1, as Keras does', async () => {
    // A batch with a −1 is not binary: the 0 stays 0, so its margin is 1 − 0·ŷ = 1.
    const yTrue = tensor([[0, 1, -1]]);
    const yPred = tensor([[0.5, 0.5, 0.5]]);
    // [1, 0.5, 1.5] → 1; converted, it would have been [1.5, 0.5, 1.5].
    await expectTensorsClose(hinge().perSample(yTrue, yPred), [1]);
  });
});
