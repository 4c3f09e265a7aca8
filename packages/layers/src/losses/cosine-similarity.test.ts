import { tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import { cosineSimilarity } from './cosine-similarity.js';

describe('cosineSimilarity', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example: −cos, so −1 for the same direction", async () => {
    const loss = cosineSimilarity();
    const out = loss.perSample(
      tensor([
        [0, 1],
        [1, 1],
        [1, 1],
      ]),
      tensor([
        [1, 0],
        [1, 1],
        [-1, -1],
      ]),
    );
    // orthogonal → 0, same direction → −1, opposite → 1
    await expectTensorsClose(out, [0, -1, 1]);
  });

  it('matches the tf.keras example with sample weights', async () => {
    const loss = cosineSimilarity();
    const yTrue = tensor([
      [0, 1],
      [1, 1],
    ]);
    const yPred = tensor([
      [1, 0],
      [1, 1],
    ]);
    // [0, −1] → mean −0.5; weights [0.8, 0.2]: (0 − 0.2)/2 = −0.1
    await expectTensorsClose(loss.compute(yTrue, yPred), -0.5);
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([0.8, 0.2])), -0.1);
  });

  it('ignores the lengths of the vectors and gives 0 for a zero vector', async () => {
    const a = [1, 2, 3];
    const b = [0.5, -1, 2];
    const cos = (0.5 - 2 + 6) / (Math.sqrt(1 + 4 + 9) * Math.sqrt(0.25 + 1 + 4));
    const out = cosineSimilarity().perSample(
      tensor([a, a, [0, 0, 0]]),
      tensor([b, b.map((v) => v * 10), b]),
    );
    await expectTensorsClose(out, [-cos, -cos, 0]);
  });
});
