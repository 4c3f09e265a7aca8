import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanAbsoluteError } from './mean-absolute-error.js';

describe('meanAbsoluteError', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example, with and without sample weights", async () => {
    const loss = meanAbsoluteError();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [1, 1],
      [1, 0],
    ]);
    // (|0−1| + |1−1|)/2 = 0.5 twice; weights [0.7, 0.3]: (0.35 + 0.15)/2 = 0.25
    await expectTensorsClose(loss.perSample(yTrue, yPred), [0.5, 0.5]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.5);
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([0.7, 0.3])), 0.25);
  });

  it('averages absolute errors of mixed sign', async () => {
    const yTrue = tensor([[0.2, -1, 0.5]]);
    const yPred = tensor([[0.9, -0.4, -0.5]]);
    // (0.7 + 0.6 + 1.0)/3
    await expectTensorsClose(meanAbsoluteError().perSample(yTrue, yPred), [2.3 / 3]);
  });

  it('throws a ShapeError naming the loss and both shapes', () => {
    expect(() =>
      meanAbsoluteError().perSample(
        tensor([[1, 2]]),
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(ShapeError);
    expect(() =>
      meanAbsoluteError().perSample(
        tensor([[1, 2]]),
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(/<Loss 'mean_absolute_error'>: .*Received: yTrue \[1, 2\] and yPred \[2, 2\]/);
  });
});
