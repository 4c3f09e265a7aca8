import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalCrossentropy } from './categorical-crossentropy.js';

const EPS = 1e-7;

describe('categoricalCrossentropy', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const yTrue = () =>
    tensor([
      [0, 1, 0],
      [0, 0, 1],
    ]);
  const yPred = () =>
    tensor([
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ]);

  it("matches Keras's docstring example, with and without sample weights", async () => {
    const loss = categoricalCrossentropy();
    // [−log 0.95, −log 0.1] = [0.0513, 2.303]; mean 1.177
    await expectTensorsClose(loss.perSample(yTrue(), yPred()), [-Math.log(0.95), -Math.log(0.1)]);
    await expectTensorsClose(loss.compute(yTrue(), yPred()), 1.177, { atol: 1e-3 });
    // sample_weight [0.3, 0.7]: (0.3·0.0513 + 0.7·2.303)/2 = 0.814, as in Keras.
    await expectTensorsClose(loss.compute(yTrue(), yPred(), tensor([0.3, 0.7])), 0.814, {
      atol: 1e-3,
    });
  });

  it('smooths one-hot labels to y·(1 − s) + s/k', async () => {
    // s = 0.1, k = 3: targets 0.1/3 off and 0.9 + 0.1/3 on. p = 0 is clipped to 1e-7.
    const off = 0.1 / 3;
    const on = 0.9 + off;
    const row0 = -(off * Math.log(0.05) + on * Math.log(0.95) + off * Math.log(EPS));
    const row1 = -(off * Math.log(0.1) + off * Math.log(0.8) + on * Math.log(0.1));
    await expectTensorsClose([row0, row1], [0.685, 2.2333], { atol: 1e-3 });
    const loss = categoricalCrossentropy({ labelSmoothing: 0.1 });
    await expectTensorsClose(loss.perSample(yTrue(), yPred()), [row0, row1], { rtol: 1e-5 });
  });

  it('renormalises probabilities that do not sum to 1, as Keras does', async () => {
    // [1, 2, 1] / 4 → p(class 1) = 0.5
    await expectTensorsClose(
      categoricalCrossentropy().perSample(tensor([[0, 1, 0]]), tensor([[1, 2, 1]])),
      [Math.log(2)],
    );
  });

  it('from logits: −x_y + log Σ exp(x)', async () => {
    const x = [2, -1, 0.5];
    const lse = Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5));
    const loss = categoricalCrossentropy({ fromLogits: true });
    await expectTensorsClose(loss.perSample(tensor([[0, 0, 1]]), tensor([x])), [lse - 0.5]);
    // Soft labels: Σ y_c·(lse − x_c)
    await expectTensorsClose(loss.perSample(tensor([[0.5, 0.25, 0.25]]), tensor([x])), [
      0.5 * (lse - 2) + 0.25 * (lse + 1) + 0.25 * (lse - 0.5),
    ]);
  });

  it('reduces [batch, time, classes] to [batch, time]', async () => {
    const loss = categoricalCrossentropy();
    const out = loss.perSample(
      tensor([
        [
          [1, 0],
          [0, 1],
          [0, 1],
        ],
      ]),
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
    const loss = categoricalCrossentropy();
    expect(() => loss.perSample(tensor([[0, 1]]), tensor([[0.2, 0.3, 0.5]]))).toThrow(ShapeError);
    expect(() => loss.perSample(tensor([[0, 1]]), tensor([[0.2, 0.3, 0.5]]))).toThrow(
      "<Loss 'categorical_crossentropy'>: expected yTrue and yPred of the same shape. Received: yTrue [1, 2] and yPred [1, 3].",
    );
    expect(() => loss.perSample(tensor([0, 1]), tensor([0.2, 0.8]))).toThrow(
      /rank ≥ 2 \(\[batch, classes\]\)/,
    );
  });
});
