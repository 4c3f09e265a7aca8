import { mean, ShapeError, square, sub, tensor, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineLoss } from './loss.js';

const squaredError = defineLoss({
  name: 'squared_error',
  perSample: (yTrue, yPred) => square(sub(yTrue, yPred)),
});

describe('defineLoss and compute', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('computes Σ wᵢ·lᵢ / batch, not divided by Σ w (Keras sum_over_batch_size)', async () => {
    const yTrue = tensor([0, 0, 0, 0]);
    const yPred = tensor([1, 2, 3, 4]); // losses [1, 4, 9, 16]
    await expectTensorsClose(squaredError.compute(yTrue, yPred), 30 / 4);
    // (2·1 + 0·4 + 1·9 + 0.5·16)/4 = 19/4
    await expectTensorsClose(squaredError.compute(yTrue, yPred, tensor([2, 0, 1, 0.5])), 19 / 4);
    // [batch, 1] weights are squeezed; a scalar weight scales every sample.
    await expectTensorsClose(
      squaredError.compute(yTrue, yPred, tensor([[2], [0], [1], [0.5]])),
      19 / 4,
    );
    await expectTensorsClose(squaredError.compute(yTrue, yPred, tensor(2)), 15);
  });

  it('weights every step of a [batch, time] loss by a [batch] weight', async () => {
    const perStep = defineLoss({
      name: 'per_step',
      perSample: (yTrue, yPred) => mean(square(sub(yTrue, yPred)), -1),
    });
    const yTrue = tensor([
      [[0], [0], [0]],
      [[0], [0], [0]],
    ]);
    const yPred = tensor([
      [[1], [2], [3]],
      [[1], [1], [1]],
    ]); // per step [[1, 4, 9], [1, 1, 1]]
    // [batch] weights [1, 3]: (14 + 3·3)/6; [batch, time] weights select single steps.
    await expectTensorsClose(perStep.compute(yTrue, yPred, tensor([1, 3])), 23 / 6);
    await expectTensorsClose(
      perStep.compute(
        yTrue,
        yPred,
        tensor([
          [0, 1, 0],
          [0, 0, 1],
        ]),
      ),
      5 / 6,
    );
  });

  it('throws a ShapeError for a sample weight of another batch size', () => {
    const call = () => squaredError.compute(tensor([0, 0]), tensor([1, 2]), tensor([1, 2, 3]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(
      "<Loss 'squared_error'>: expected sampleWeight of shape [batch], [batch, 1] or [2] (the per-sample loss). Received: [3].",
    );
  });

  it('gives 0 for an empty batch', async () => {
    await expectTensorsClose(squaredError.compute(tensor([]), tensor([])), 0);
  });

  it('keeps only its result: intermediates are disposed', async () => {
    const yTrue = tensor([0, 1]);
    const yPred = tensor([0.5, 0.5]);
    const weight = tensor([1, 2]);
    await expectNoLeaks(() => {
      squaredError.perSample(yTrue, yPred).dispose();
      squaredError.compute(yTrue, yPred, weight).dispose();
    });
  });

  it('reports its name, Keras class name and config', () => {
    const custom = defineLoss({
      name: 'scaled',
      className: 'Scaled',
      config: { scale: 2 },
      perSample: (t) => t,
    });
    expect(custom.name).toBe('scaled');
    expect(custom.className).toBe('Scaled');
    expect(custom.getConfig()).toEqual({
      name: 'scaled',
      reduction: 'sum_over_batch_size',
      scale: 2,
    });
    expect(squaredError.className).toBe('LossFunctionWrapper');
  });
});
