import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { klDivergence } from './kl-divergence.js';

const EPS = 1e-7;

describe('klDivergence', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example, with and without sample weights", async () => {
    const loss = klDivergence();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // Zeros are clipped to ε: row 0 = ε·log(ε/0.6) + log(1/0.4) = 0.9163;
    // row 1 = ε·log(ε/0.4) + ε·log(ε/0.6) ≈ −3e-6.
    const row0 = EPS * Math.log(EPS / 0.6) + Math.log(1 / 0.4);
    const row1 = EPS * Math.log(EPS / 0.4) + EPS * Math.log(EPS / 0.6);
    await expectTensorsClose(loss.perSample(yTrue, yPred), [row0, row1]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.458, { atol: 1e-3 });
    // sample_weight [0.8, 0.2]: (0.8·0.9163 + 0.2·row1)/2 = 0.366, as in Keras.
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([0.8, 0.2])), 0.366, {
      atol: 1e-3,
    });
  });

  it('is Σ y·log(y/ŷ) between two distributions, and 0 between equal ones', async () => {
    const y = [0.2, 0.5, 0.3];
    const yHat = [0.3, 0.3, 0.4];
    const kl = y.reduce((s, yi, i) => s + yi * Math.log(yi / yHat[i]), 0);
    await expectTensorsClose(
      klDivergence().perSample(tensor([y, yHat]), tensor([yHat, yHat])),
      [kl, 0],
      { atol: 1e-6 },
    );
  });

  it('throws a ShapeError naming the loss and both shapes', () => {
    expect(() => klDivergence().perSample(tensor([[0.5, 0.5]]), tensor([[1]]))).toThrow(ShapeError);
    expect(() => klDivergence().perSample(tensor([[0.5, 0.5]]), tensor([[1]]))).toThrow(
      /<Loss 'kl_divergence'>.*yTrue \[1, 2\] and yPred \[1, 1\]/,
    );
  });
});
