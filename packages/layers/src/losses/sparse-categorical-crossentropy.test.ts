import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

describe('sparseCategoricalCrossentropy', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const yPred = () =>
    tensor([
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ]);

  it("matches Keras's docstring example, with and without sample weights", async () => {
    const loss = sparseCategoricalCrossentropy();
    const ids = tensor([1, 2], [2], 'int32');
    // [−log 0.95, −log 0.1] = [0.0513, 2.303]; mean 1.177; weights [0.3, 0.7]: 0.814
    await expectTensorsClose(loss.perSample(ids, yPred()), [-Math.log(0.95), -Math.log(0.1)]);
    await expectTensorsClose(loss.compute(ids, yPred()), 1.177, { atol: 1e-3 });
    await expectTensorsClose(loss.compute(ids, yPred(), tensor([0.3, 0.7])), 0.814, {
      atol: 1e-3,
    });
  });

  it('takes int32 or float ids of shape [batch] or [batch, 1]', async () => {
    const loss = sparseCategoricalCrossentropy();
    const expected = [-Math.log(0.95), -Math.log(0.1)];
    await expectTensorsClose(loss.perSample(tensor([1, 2]), yPred()), expected);
    await expectTensorsClose(loss.perSample(tensor([[1], [2]]), yPred()), expected);
    await expectTensorsClose(
      loss.perSample(tensor([[1], [2]], [2, 1], 'int32'), yPred()),
      expected,
    );
  });

  it('from logits: log Σ exp(x) − x_y', async () => {
    const x = [
      [2, -1, 0.5],
      [0, 0, 0],
    ];
    const lse0 = Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5));
    const loss = sparseCategoricalCrossentropy({ fromLogits: true });
    await expectTensorsClose(loss.perSample(tensor([0, 2], [2], 'int32'), tensor(x)), [
      lse0 - 2,
      Math.log(3),
    ]);
  });

  it('reduces [batch, time] ids against [batch, time, classes] to [batch, time]', async () => {
    const out = sparseCategoricalCrossentropy().perSample(
      tensor([[0, 1, 1]], [1, 3], 'int32'),
      tensor([
        [
          [0.5, 0.5],
          [0.2, 0.8],
          [0.9, 0.1],
        ],
      ]),
    );
    await expectTensorsClose(out, tensor([[-Math.log(0.5), -Math.log(0.8), -Math.log(0.1)]]));
  });

  it('throws a ShapeError naming the loss and both shapes', () => {
    const loss = sparseCategoricalCrossentropy();
    expect(() => loss.perSample(tensor([1, 2, 0]), yPred())).toThrow(ShapeError);
    expect(() => loss.perSample(tensor([1, 2, 0]), yPred())).toThrow(
      "<Loss 'sparse_categorical_crossentropy'>: expected yTrue of shape [2] or [2, 1] (class ids for yPred [2, 3]). Received: yTrue [3] and yPred [2, 3].",
    );
    expect(() => loss.perSample(tensor([1]), tensor([0.3]))).toThrow(/yPred of rank ≥ 2/);
  });

  it('has no label smoothing, like Keras, and reports fromLogits', () => {
    expect(sparseCategoricalCrossentropy({ fromLogits: true }).getConfig()).toEqual({
      name: 'sparse_categorical_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
    });
  });
});
