import { ConfigError, tensor1d, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchesOf,
  randomLabels,
  randomNumbers,
  randomProbabilities,
  streamBatches,
} from '../test/streaming.js';
import {
  type Average,
  F1Score,
  f1Score,
  Precision,
  precisionRecallF1,
  precisionScore,
  Recall,
  recallScore,
} from './precision-recall.js';

// scikit-learn precision_score / recall_score / f1_score docs.
const Y_TRUE = [0, 1, 2, 0, 1, 2];
const Y_PRED = [0, 2, 1, 0, 0, 1];

describe('precision, recall and F1 functions', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('match the scikit-learn examples for every average', async () => {
    const expected: Record<Exclude<Average, 'binary'>, [number, number, number]> = {
      macro: [0.2222222222222222, 0.3333333333333333, 0.26666666666666666],
      micro: [0.3333333333333333, 0.3333333333333333, 0.3333333333333333],
      weighted: [0.2222222222222222, 0.3333333333333333, 0.26666666666666666],
    };
    for (const [average, [p, r, f]] of Object.entries(expected) as [Average, number[]][]) {
      expect(await precisionScore(Y_TRUE, Y_PRED, { average }), average).toBeCloseTo(p, 12);
      expect(await recallScore(Y_TRUE, Y_PRED, { average }), average).toBeCloseTo(r, 12);
      expect(await f1Score(Y_TRUE, Y_PRED, { average }), average).toBeCloseTo(f, 12);
    }
  });

  it('per class, match scikit-learn average=None', async () => {
    const scores = await precisionRecallF1(Y_TRUE, Y_PRED);
    await expectTensorsClose(scores.precision, [2 / 3, 0, 0], { atol: 1e-12 });
    await expectTensorsClose(scores.recall, [1, 0, 0], { atol: 1e-12 });
    await expectTensorsClose(scores.f1, [0.8, 0, 0], { atol: 1e-12 });
    expect(scores.support).toEqual([2, 2, 2]);
  });

  it("binary average scores posLabel, as Keras's Precision/Recall", async () => {
    // Keras Precision and Recall docs: [0, 1, 1, 1] vs [1, 0, 1, 1] → 2/3 each.
    expect(await precisionScore([0, 1, 1, 1], [1, 0, 1, 1])).toBeCloseTo(2 / 3, 12);
    expect(await recallScore([0, 1, 1, 1], [1, 0, 1, 1])).toBeCloseTo(2 / 3, 12);
    // posLabel 0: tp 0, fp 1, fn 1.
    expect(await precisionScore([0, 1, 1, 1], [1, 0, 1, 1], { posLabel: 0 })).toBe(0);
    // Probabilities are thresholded: 0.7 → 1, 0.3 → 0, 0.55 → 1 (0.8 with threshold 0.6 → 1).
    expect(await precisionScore([1, 0, 0], [0.7, 0.3, 0.55])).toBeCloseTo(0.5, 12);
    expect(await precisionScore([1, 0, 0], [0.7, 0.3, 0.55], { threshold: 0.6 })).toBe(1);
  });

  it('zero_division gives 0', async () => {
    expect(await precisionScore([1, 1], [0, 0])).toBe(0);
    expect(await recallScore([0, 0], [1, 1])).toBe(0);
    expect(await f1Score([0, 0], [0, 0])).toBe(0);
  });

  it('macro leaves out classes absent from both yTrue and yPred', async () => {
    // Scores over 4 classes, class 3 never true nor predicted: macro over classes 0..2 only.
    const scores = [
      [0.7, 0.1, 0.1, 0.1],
      [0.1, 0.7, 0.1, 0.1],
      [0.1, 0.1, 0.7, 0.1],
      [0.7, 0.1, 0.1, 0.1],
    ];
    // class 0: tp 1, fp 1 → P ½, R 1; class 1: P 1, R 1; class 2: tp 1 → P 1, R ½.
    expect(await precisionScore([0, 1, 2, 2], scores, { average: 'macro' })).toBeCloseTo(
      (0.5 + 1 + 1) / 3,
      12,
    );
    expect(await recallScore([0, 1, 2, 2], scores, { average: 'macro' })).toBeCloseTo(
      (1 + 1 + 0.5) / 3,
      12,
    );
  });

  it('weights samples', async () => {
    // Binary: tp weight 2 (sample 1), fp weight 3 (sample 0), fn weight 0.5 (sample 3).
    const options = { sampleWeight: [3, 2, 1, 0.5] };
    expect(await precisionScore([0, 1, 0, 1], [1, 1, 0, 0], options)).toBeCloseTo(2 / 5, 12);
    expect(await recallScore([0, 1, 0, 1], [1, 1, 0, 0], options)).toBeCloseTo(2 / 2.5, 12);
    expect(await f1Score([0, 1, 0, 1], [1, 1, 0, 0], options)).toBeCloseTo(4 / 7.5, 12);
  });

  it("rejects average 'binary' for more than two classes", async () => {
    await expect(precisionScore(Y_TRUE, Y_PRED)).rejects.toThrow(ConfigError);
    await expect(precisionScore(Y_TRUE, Y_PRED)).rejects.toThrow(
      "<Metric 'precision'>: expected average 'binary' with 2 classes",
    );
  });

  it('accepts tensors', async () => {
    const t = tensor1d(Y_TRUE, 'int32');
    const p = tensor1d(Y_PRED, 'int32');
    expect(await f1Score(t, p, { average: 'macro' })).toBeCloseTo(0.26666666666666666, 12);
    t.dispose();
    p.dispose();
  });
});

const N = 48;
const C = 5;
const SIZES = [20, 8, 20];
const labels = randomLabels(N, C, 11);
const scores = randomProbabilities(N, C, 12);
const weights = randomNumbers(N, 13).map((u) => Math.round(u * 4) / 2);
const binaryTrue = randomLabels(N, 2, 14);
const binaryPred = randomNumbers(N, 15);

describeBackends('streaming precision, recall and F1', (backend) => {
  const tol = TOLERANCE[backend];
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol.atol + tol.rtol * Math.abs(b));

  for (const average of ['micro', 'macro', 'weighted'] as const) {
    it(`${average}: batches give the function's value over all data`, async () => {
      const yTrue = batchesOf(labels, SIZES);
      const yPred = batchesOf(scores, SIZES);
      const w = batchesOf(weights, SIZES);
      const metrics = [
        new Precision({ average }),
        new Recall({ average }),
        new F1Score({ average }),
      ];
      const functions = [precisionScore, recallScore, f1Score];
      for (const [i, metric] of metrics.entries()) {
        const value = await streamBatches(
          metric,
          yTrue.map((t, b) => ({ yTrue: t, yPred: yPred[b], sampleWeight: w[b] })),
        );
        close(value, await functions[i](labels, scores, { average, sampleWeight: weights }));
        metric.dispose();
      }
    });
  }

  it('binary probabilities with a threshold, across resets', async () => {
    const metric = new F1Score({ threshold: 0.3 });
    const batches = batchesOf(binaryTrue, SIZES).map((t, b) => ({
      yTrue: t,
      yPred: batchesOf(binaryPred, SIZES)[b],
    }));
    const expected = await f1Score(binaryTrue, binaryPred, { threshold: 0.3 });
    close(await streamBatches(metric, batches), expected);
    metric.reset();
    expect(await metric.result()).toBe(0);
    close(await streamBatches(metric, batches), expected);
    metric.dispose();
  });

  it('update leaks nothing after the first', async () => {
    const metric = new Recall({ average: 'macro' });
    metric.update(labels.slice(0, 4), scores.slice(0, 4));
    await expectNoLeaks(() => metric.update(labels.slice(4, 8), scores.slice(4, 8)));
    metric.dispose();
  });

  it("throws a ConfigError in update for average 'binary' with more classes", () => {
    const metric = new Precision();
    expect(() => metric.update(labels.slice(0, 4), scores.slice(0, 4))).toThrow(ConfigError);
    metric.dispose();
  });
});
