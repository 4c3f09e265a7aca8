import { ShapeError, tensor, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchesOf,
  randomLabels,
  randomNumbers,
  randomProbabilities,
  streamBatches,
} from '../test/streaming.js';
import { LogLoss, logLoss } from './log-loss.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('logLoss', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('matches the scikit-learn example', async () => {
    // scikit-learn log_loss docs: log_loss(["spam", "ham", "ham", "spam"],
    //   [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616… (ham = 0, spam = 1).
    const yPred = [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ];
    expect(await logLoss([1, 0, 0, 1], yPred)).toBeCloseTo(0.21616187468057912, 12);
    // The same as binary probabilities of class 1.
    expect(await logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 12);
  });

  it('matches the Keras cross-entropy metric examples', async () => {
    // Keras BinaryCrossentropy metric docs: 0.81492424, and 0.9162905 with weights [1, 0]
    // (float32 values; ours is float64 with clipping only).
    const yTrue = [
      [0, 1],
      [0, 0],
    ];
    const yPred = [
      [0.6, 0.4],
      [0.4, 0.6],
    ];
    expect(await logLoss(yTrue, yPred, { kind: 'binary' })).toBeCloseTo(0.81492424, 6);
    expect(await logLoss(yTrue, yPred, { kind: 'binary', sampleWeight: [1, 0] })).toBeCloseTo(
      0.9162905,
      6,
    );
    // Keras CategoricalCrossentropy / SparseCategoricalCrossentropy docs: 1.1769392, and
    // 1.6271976 with weights [0.3, 0.7].
    const probs = [
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ];
    const oneHot = [
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(await logLoss(oneHot, probs)).toBeCloseTo(1.1769392, 6);
    expect(await logLoss([1, 2], probs)).toBeCloseTo(1.1769392, 6);
    expect(await logLoss(oneHot, probs, { sampleWeight: [0.3, 0.7] })).toBeCloseTo(1.6271976, 6);
  });

  it('clips probabilities to [1e-7, 1 − 1e-7]', async () => {
    expect(await logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 9);
    expect(await logLoss([0], [1])).toBeCloseTo(-Math.log(1e-7), 6);
    expect(await logLoss([0], [[1, 0]], { epsilon: 1e-3 })).toBeCloseTo(-Math.log(1 - 1e-3), 12);
  });

  it('takes logits with fromLogits', async () => {
    const logits = [2, -1, 0.5];
    const yTrue = [1, 0, 0];
    expect(await logLoss(yTrue, logits, { fromLogits: true })).toBeCloseTo(
      await logLoss(yTrue, logits.map(sigmoid)),
      9,
    );
    const rows = [
      [1, 2, 3],
      [0, 0, 0],
    ];
    const softmax = rows.map((r) => {
      const e = r.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    expect(await logLoss([2, 1], rows, { fromLogits: true })).toBeCloseTo(
      await logLoss([2, 1], softmax),
      12,
    );
  });

  it('throws ShapeError for labels that do not fit the scores', async () => {
    await expect(logLoss([[0, 1, 0]], [[0.5, 0.5]])).rejects.toThrow(ShapeError);
    await expect(logLoss([0, 1], [[0.5, 0.5]], { kind: 'categorical' })).rejects.toThrow(
      "<Metric 'log_loss'>: expected one-hot yTrue of the shape of yPred [1, 2]. Received: [2].",
    );
    await expect(logLoss([2], [[0.5, 0.5]])).rejects.toThrow(
      "<Metric 'log_loss'>: expected yTrue as integer class labels in [0, 2). Received: 2 at index 0.",
    );
  });
});

const N = 32;
const C = 4;
const SIZES = [8, 16, 8];
const labels = randomLabels(N, C, 51);
const probs = randomProbabilities(N, C, 52);
const logits = randomNumbers(N * C, 53).map((u) => 6 * u - 3);
const logitRows = batchesOf(logits, new Array(N).fill(C));
const binaryTrue = randomLabels(N, 2, 54).map((l) => [l]);
const binaryPred = randomNumbers(N, 55).map((u) => [u]);
const weights = randomNumbers(N, 56);

describeBackends('streaming LogLoss', (backend) => {
  const tol = TOLERANCE[backend];
  const cases = [
    { name: 'sparse probabilities', yTrue: labels, yPred: probs, options: {} },
    { name: 'sparse logits', yTrue: labels, yPred: logitRows, options: { fromLogits: true } },
    { name: 'binary', yTrue: binaryTrue, yPred: binaryPred, options: { kind: 'binary' as const } },
    {
      name: 'binary logits',
      yTrue: binaryTrue,
      yPred: binaryPred.map(([p]) => [4 * p - 2]),
      options: { fromLogits: true },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: batches give the function's value over all data`, async () => {
      const metric = new LogLoss(c.options);
      const t = batchesOf(c.yTrue as number[][], SIZES);
      const p = batchesOf(c.yPred, SIZES);
      const w = batchesOf(weights, SIZES);
      const value = await streamBatches(
        metric,
        t.map((b, i) => ({ yTrue: b, yPred: p[i], sampleWeight: w[i] })),
      );
      const expected = await logLoss(c.yTrue, c.yPred, { ...c.options, sampleWeight: weights });
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(tol.atol + tol.rtol * expected);
      metric.reset();
      expect(await metric.result()).toBe(0);
      metric.dispose();
    });
  }

  it('update leaks nothing after the first', async () => {
    const metric = new LogLoss();
    const t = tensor([0, 1]);
    const p = tensor([
      [0.7, 0.3],
      [0.2, 0.8],
    ]);
    metric.update(t, p);
    await expectNoLeaks(() => metric.update(t, p));
    expect(await metric.result()).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, 4);
    metric.dispose();
    t.dispose();
    p.dispose();
  });
});
