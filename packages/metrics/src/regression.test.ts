import { ShapeError, tensor2d, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchesOf, randomNumbers, streamBatches } from '../test/streaming.js';
import {
  MeanAbsoluteError,
  MeanSquaredError,
  meanAbsoluteError,
  meanSquaredError,
  R2Score,
  r2Score,
} from './regression.js';
import type { StreamingMetric } from './streaming-metric.js';

// scikit-learn mean_squared_error / mean_absolute_error / r2_score docs.
const Y_TRUE = [3, -0.5, 2, 7];
const Y_PRED = [2.5, 0.0, 2, 8];
const Y_TRUE_2D = [
  [0.5, 1],
  [-1, 1],
  [7, -6],
];
const Y_PRED_2D = [
  [0, 2],
  [-1, 2],
  [8, -5],
];

describe('regression functions', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('MSE and MAE match the scikit-learn examples', async () => {
    expect(await meanSquaredError(Y_TRUE, Y_PRED)).toBeCloseTo(0.375, 12);
    expect(await meanSquaredError(Y_TRUE_2D, Y_PRED_2D)).toBeCloseTo(0.7083333333333334, 12);
    expect(await meanAbsoluteError(Y_TRUE, Y_PRED)).toBeCloseTo(0.5, 12);
    expect(await meanAbsoluteError(Y_TRUE_2D, Y_PRED_2D)).toBeCloseTo(0.75, 12);
  });

  it('MSE and MAE weight samples as Keras does', async () => {
    // Keras MeanSquaredError / MeanAbsoluteError docs: 0.25, and 0.5 with weights [1, 0].
    const yTrue = [
      [0, 1],
      [0, 0],
    ];
    const yPred = [
      [1, 1],
      [0, 0],
    ];
    expect(await meanSquaredError(yTrue, yPred)).toBeCloseTo(0.25, 12);
    expect(await meanSquaredError(yTrue, yPred, { sampleWeight: [1, 0] })).toBeCloseTo(0.5, 12);
    expect(await meanAbsoluteError(yTrue, yPred, { sampleWeight: [1, 0] })).toBeCloseTo(0.5, 12);
  });

  it('R² matches the scikit-learn examples, including constant targets', async () => {
    expect(await r2Score(Y_TRUE, Y_PRED)).toBeCloseTo(0.9486081370449679, 12);
    expect(await r2Score(Y_TRUE_2D, Y_PRED_2D)).toBeCloseTo(0.9368005266622779, 12);
    expect(await r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(await r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(await r2Score([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 12);
    // force_finite: a constant target is 1 when predicted exactly, else 0.
    expect(await r2Score([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(await r2Score([-2, -2, -2], [-2, -2, -2 + 1e-8])).toBe(0);
  });

  it('R² weights samples', async () => {
    // ȳ_w = (1 + 2 + 2·3)/4 = 2.25; SS_tot = 1.25² + 0.25² + 2·0.75² = 2.75; SS_res = 2·1².
    expect(await r2Score([1, 2, 3], [1, 2, 4], { sampleWeight: [1, 1, 2] })).toBeCloseTo(
      1 - 2 / 2.75,
      12,
    );
  });

  it('throws ShapeError for mismatched shapes and sample weights', async () => {
    await expect(meanSquaredError([1, 2], [1, 2, 3])).rejects.toThrow(ShapeError);
    await expect(r2Score([[1, 2]], [[1], [2]])).rejects.toThrow(
      "<Metric 'r2_score'>: expected yTrue and yPred of the same shape. Received: yTrue [1, 2] and yPred [2, 1].",
    );
    await expect(meanAbsoluteError([1, 2], [1, 2], { sampleWeight: [1, 2, 3] })).rejects.toThrow(
      "<Metric 'mean_absolute_error'>: expected sampleWeight of a shape that is a prefix of [2]. Received: [3].",
    );
  });
});

// 30 samples of 3 outputs around an offset of 100: R² in float32 needs the centred update.
const N = 30;
const SIZES = [7, 13, 10];
const u = randomNumbers(N * 3, 40);
const noise = randomNumbers(N * 3, 90);
const yTrue = Array.from({ length: N }, (_, i) =>
  [0, 1, 2].map((j) => 100 + 10 * j + u[i * 3 + j]),
);
const yPred = yTrue.map((row, i) => row.map((v, j) => v + 0.3 * (noise[i * 3 + j] - 0.5)));
const weights = randomNumbers(N, 41).map((u) => 0.5 + u);

describeBackends('streaming regression metrics', (backend) => {
  const tol = TOLERANCE[backend];
  const cases: [string, () => StreamingMetric, typeof r2Score][] = [
    ['MeanSquaredError', () => new MeanSquaredError(), meanSquaredError],
    ['MeanAbsoluteError', () => new MeanAbsoluteError(), meanAbsoluteError],
    ['R2Score', () => new R2Score(), r2Score],
  ];

  for (const [name, make, reference] of cases) {
    it(`${name}: batches give the function's value over all data`, async () => {
      const metric = make();
      const t = batchesOf(yTrue, SIZES);
      const p = batchesOf(yPred, SIZES);
      const w = batchesOf(weights, SIZES);
      const plain = await streamBatches(
        metric,
        t.map((b, i) => ({ yTrue: b, yPred: p[i] })),
      );
      const expected = await reference(yTrue, yPred);
      // Inputs near 100 in float32 carry ~1e-5 absolute error of their own.
      expect(Math.abs(plain - expected)).toBeLessThanOrEqual(1e-4 + tol.rtol * Math.abs(expected));
      metric.reset();
      expect(await metric.result()).toBe(0);
      const weighted = await streamBatches(
        metric,
        t.map((b, i) => ({ yTrue: b, yPred: p[i], sampleWeight: w[i] })),
      );
      const expectedWeighted = await reference(yTrue, yPred, { sampleWeight: weights });
      expect(Math.abs(weighted - expectedWeighted)).toBeLessThanOrEqual(
        1e-4 + tol.rtol * Math.abs(expectedWeighted),
      );
      metric.dispose();
    });
  }

  it("R2Score matches Keras's example", async () => {
    const r2 = new R2Score();
    r2.update([[1], [4], [3]], [[2], [4], [4]]);
    expect(await r2.result()).toBeCloseTo(0.57142854, 5);
    r2.dispose();
  });

  it('R2Score leaks nothing per update and rejects another number of outputs', async () => {
    const r2 = new R2Score();
    const t = tensor2d([
      [1, 2],
      [3, 5],
    ]);
    const p = tensor2d([
      [1, 3],
      [2, 5],
    ]);
    r2.update(t, p);
    await expectNoLeaks(() => r2.update(t, p, [1, 2]));
    expect(() => r2.update([1, 2], [1, 2])).toThrow(
      "<Metric 'r2_score'>: expected outputs [2] as in earlier batches. Received: [1].",
    );
    r2.dispose();
    t.dispose();
    p.dispose();
  });
});
