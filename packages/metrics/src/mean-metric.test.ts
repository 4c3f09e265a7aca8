import { memory, ShapeError, sub, tensor, tidy, variable } from '@strata/core';
import { describeBackends, expectNoLeaks } from '@strata/test-utils';
import { expect, it } from 'vitest';
import { MeanMetric } from './mean-metric.js';

describeBackends('MeanMetric', () => {
  it('is the weighted mean of per-sample values, 0 when empty', async () => {
    const m = new MeanMetric('mean_error', (yTrue, yPred) => sub(yPred, yTrue));
    expect(await m.result()).toBe(0);
    m.update([1, 2], [1.5, 2.5]);
    m.update([0, 0], [1, 3], [3, 1]);
    // (0.5 + 0.5 + 3·1 + 1·3) / (1 + 1 + 3 + 1)
    expect(await m.result()).toBeCloseTo(7 / 6, 5);
    m.dispose();
  });

  it('multiplies sample weights by a mask and transforms the mean', async () => {
    const m = new MeanMetric(
      'masked',
      (yTrue, yPred) => ({
        values: sub(yPred, yTrue),
        mask: tensor([
          [1, 0],
          [1, 1],
        ]),
      }),
      { transform: (x) => 10 * x },
    );
    m.update(
      [
        [0, 0],
        [0, 0],
      ],
      [
        [1, 100],
        [2, 3],
      ],
      [1, 2],
    );
    // (1·1 + 2·2 + 2·3) / (1 + 2 + 2)
    expect(await m.result()).toBeCloseTo((10 * 11) / 5, 4);
    m.dispose();
  });

  it('creates its two variables on the first update, reuses them, and frees them on dispose', async () => {
    const before = memory().numTensors;
    const m = new MeanMetric('v', (_, yPred) => yPred);
    m.update([0], [1]);
    expect(memory().numTensors - before).toBe(2);
    await expectNoLeaks(() => {
      m.update([0, 0], [2, 3]);
      m.reset();
      m.update([0], [4]);
    });
    expect(await m.result()).toBeCloseTo(4, 6);
    m.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('works inside an outer tidy and with variables as inputs', async () => {
    const m = new MeanMetric('v', (_, yPred) => yPred);
    const v = variable(tensor([2, 4]));
    // The accumulators are created inside the caller's tidy and must survive it.
    tidy(() => m.update(v, v));
    tidy(() => m.update(v, v));
    expect(await m.result()).toBeCloseTo(3, 6);
    v.dispose();
    m.dispose();
  });

  it('rejects sample weights that do not fit the values', () => {
    const m = new MeanMetric('v', (_, yPred) => yPred);
    expect(() => m.update([0, 0], [1, 2], [1, 2, 3])).toThrow(ShapeError);
    m.dispose();
  });
});
