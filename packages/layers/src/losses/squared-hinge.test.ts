import { tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import { squaredHinge } from './squared-hinge.js';

describe('squaredHinge', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example, converting {0, 1} labels to {−1, 1}", async () => {
    const loss = squaredHinge();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // margins [[1.6, 0.6], [1.4, 1.6]] → [(2.56 + 0.36)/2, (1.96 + 2.56)/2] = [1.46, 2.26]
    await expectTensorsClose(loss.perSample(yTrue, yPred), [1.46, 2.26]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 1.86);
    // sample_weight [1, 0]: 1.46/2 = 0.73, as in Keras.
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([1, 0])), 0.73);
  });

  it('squares the margins of {−1, 1} labels, 0 beyond the margin', async () => {
    const out = squaredHinge().perSample(tensor([[-1, 1, 1]]), tensor([[0.5, 2, -0.25]]));
    // [1.5², 0, 1.25²] / 3
    await expectTensorsClose(out, [(2.25 + 1.5625) / 3]);
  });
});
