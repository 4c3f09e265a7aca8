import { tensor, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchesOf,
  randomLabels,
  randomNumbers,
  randomProbabilities,
  streamBatches,
} from '../test/streaming.js';
import {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './top-k-accuracy.js';

describe('top-k accuracy functions', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('top-k accuracy matches the Keras and scikit-learn examples', async () => {
    // Keras TopKCategoricalAccuracy(k=1) docs: 0.5, and 0.3 with weights [0.7, 0.3].
    const oneHot = [
      [0, 0, 1],
      [0, 1, 0],
    ];
    const yPred = [
      [0.1, 0.9, 0.8],
      [0.05, 0.95, 0],
    ];
    expect(await topKCategoricalAccuracy(oneHot, yPred, { k: 1 })).toBeCloseTo(0.5, 12);
    expect(
      await topKCategoricalAccuracy(oneHot, yPred, { k: 1, sampleWeight: [0.7, 0.3] }),
    ).toBeCloseTo(0.3, 12);
    expect(await topKCategoricalAccuracy(oneHot, yPred, { k: 2 })).toBeCloseTo(1, 12);
    // scikit-learn top_k_accuracy_score docs: 0.75 for k = 2.
    const scores = [
      [0.5, 0.2, 0.2],
      [0.3, 0.4, 0.2],
      [0.2, 0.4, 0.3],
      [0.7, 0.2, 0.1],
    ];
    expect(await sparseTopKCategoricalAccuracy([0, 1, 2, 2], scores, { k: 2 })).toBeCloseTo(
      0.75,
      12,
    );
  });

  it('top-k counts scores tied with the k-th as inside (in_top_k)', async () => {
    const scores = [[0.3, 0.3, 0.4]];
    expect(await sparseTopKCategoricalAccuracy([1], scores, { k: 2 })).toBe(1);
    expect(await sparseTopKCategoricalAccuracy([0], scores, { k: 2 })).toBe(1);
    expect(await sparseTopKCategoricalAccuracy([0], scores, { k: 1 })).toBe(0);
  });
});

// 40 samples of 6 classes, streamed as batches of 16, 10 and 14.
const N = 40;
const C = 6;
const SIZES = [16, 10, 14];
const labels = randomLabels(N, C, 71);
const scores = randomProbabilities(N, C, 72);
const oneHot = labels.map((l) => Array.from({ length: C }, (_, c) => (c === l ? 1 : 0)));
const weights = randomNumbers(N, 73);

describeBackends('streaming top-k accuracy', (backend) => {
  const tol = TOLERANCE[backend];
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(tol.atol + tol.rtol);

  for (const k of [1, 2, 3]) {
    it(`k = ${k}: batches give the function's value over all data`, async () => {
      const t = batchesOf(labels, SIZES);
      const o = batchesOf(oneHot, SIZES);
      const p = batchesOf(scores, SIZES);
      const w = batchesOf(weights, SIZES);
      const sparse = new SparseTopKCategoricalAccuracy({ k });
      close(
        await streamBatches(
          sparse,
          t.map((b, i) => ({ yTrue: b, yPred: p[i], sampleWeight: w[i] })),
        ),
        await sparseTopKCategoricalAccuracy(labels, scores, { k, sampleWeight: weights }),
      );
      const dense = new TopKCategoricalAccuracy({ k });
      close(
        await streamBatches(
          dense,
          o.map((b, i) => ({ yTrue: b, yPred: p[i] })),
        ),
        await topKCategoricalAccuracy(oneHot, scores, { k }),
      );
      dense.reset();
      expect(await dense.result()).toBe(0);
      sparse.dispose();
      dense.dispose();
    });
  }

  it('counts ties with the k-th score as inside, and out-of-range labels as misses', async () => {
    const metric = new SparseTopKCategoricalAccuracy({ k: 2 });
    const scoresWithTie = tensor([
      [0.3, 0.3, 0.4],
      [0.3, 0.3, 0.4],
      [0.3, 0.3, 0.4],
    ]);
    metric.update([1, 0, 7], scoresWithTie);
    expect(await metric.result()).toBeCloseTo(2 / 3, 6);
    await expectNoLeaks(() => metric.update([1, 0, 7], scoresWithTie));
    metric.dispose();
    scoresWithTie.dispose();
  });
});
