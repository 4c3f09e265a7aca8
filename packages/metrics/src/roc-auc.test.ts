import { dispose, memory, ShapeError, tensor, tidy, useBackend } from '@strata/core';
import { describeBackends, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchesOf,
  randomLabels,
  randomNumbers,
  randomProbabilities,
  streamBatches,
} from '../test/streaming.js';
import { RocAuc, rocAucScore } from './roc-auc.js';

describe('rocAucScore', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('matches the scikit-learn example', async () => {
    // scikit-learn roc_auc_score docs (older versions): 0.75.
    expect(await rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('counts ties as one half', async () => {
    expect(await rocAucScore([0, 1], [0.5, 0.5])).toBeCloseTo(0.5, 12);
    // Pairs (pos, neg): 0.4>0.1, 0.4=0.4 (½), 0.8>0.1, 0.8>0.4 → 3.5 / 4.
    expect(await rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBeCloseTo(0.875, 12);
  });

  it('weights pairs by the product of sample weights', async () => {
    // Positives 0.2 (w 1), 0.4 (w 1); negatives 0.1 (w 1), 0.3 (w 2):
    // 0.2>0.1 (1) + 0.4>0.1 (1) + 0.4>0.3 (2) = 4, over 2·3.
    const auc = await rocAucScore([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], {
      sampleWeight: [1, 1, 2, 1],
    });
    expect(auc).toBeCloseTo(2 / 3, 12);
    // A weight of 2 is the same as the sample twice.
    expect(await rocAucScore([0, 1, 0, 0, 1], [0.1, 0.2, 0.3, 0.3, 0.4])).toBeCloseTo(2 / 3, 12);
  });

  it('is one-vs-rest for scores per class, macro or weighted', async () => {
    const scores = [
      [0.7, 0.2, 0.1],
      [0.3, 0.5, 0.2],
      [0.2, 0.3, 0.5],
      [0.25, 0.4, 0.35],
    ];
    // Class 0: positives 0.7, 0.25 vs negatives 0.3, 0.2 → 3/4; classes 1 and 2 → 1.
    expect(await rocAucScore([0, 1, 2, 0], scores)).toBeCloseTo((0.75 + 1 + 1) / 3, 12);
    // Weighted by positives per class (2, 1, 1).
    expect(await rocAucScore([0, 1, 2, 0], scores, { average: 'weighted' })).toBeCloseTo(
      (2 * 0.75 + 1 + 1) / 4,
      12,
    );
    // Indicator rows (multi-label) give the same for one-hot rows.
    const indicators = [0, 1, 2, 0].map((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0)));
    expect(await rocAucScore(indicators, scores)).toBeCloseTo((0.75 + 1 + 1) / 3, 12);
  });

  it('is NaN with only one class present (scikit-learn ≥ 1.6)', async () => {
    expect(await rocAucScore([1, 1, 1], [0.2, 0.5, 0.9])).toBeNaN();
  });

  it('throws ShapeError for mismatched shapes and bad labels', async () => {
    await expect(rocAucScore([0, 1], [0.2, 0.5, 0.9])).rejects.toThrow(ShapeError);
    await expect(rocAucScore([0, 2], [0.2, 0.5])).rejects.toThrow(
      "<Metric 'roc_auc'>: expected yTrue of 0/1 labels. Received: 2 at index 1.",
    );
    await expect(
      rocAucScore(
        [0, 3],
        [
          [0.5, 0.5],
          [0.1, 0.9],
        ],
      ),
    ).rejects.toThrow(
      "<Metric 'roc_auc'>: expected yTrue of integer labels in [0, 2). Received: 3 at index 1.",
    );
  });
});

const N = 60;
const SIZES = [25, 5, 30];
const labels = randomLabels(N, 3, 31);
const scores = randomProbabilities(N, 3, 32);
// Scores rounded to 0.1 so that ties occur.
const binaryTrue = randomLabels(N, 2, 33);
const binaryScores = randomNumbers(N, 34).map((u) => Math.round(u * 10) / 10);
const weights = randomNumbers(N, 35);

describeBackends('streaming RocAuc', (backend) => {
  const tol = TOLERANCE[backend];

  it("batches give the function's value over all data (binary, with ties and weights)", async () => {
    const yTrue = batchesOf(binaryTrue, SIZES);
    const yScore = batchesOf(binaryScores, SIZES);
    const w = batchesOf(weights, SIZES);
    const metric = new RocAuc();
    const batches = yTrue.map((t, i) => ({ yTrue: t, yPred: yScore[i], sampleWeight: w[i] }));
    const expected = await rocAucScore(binaryTrue, binaryScores, { sampleWeight: weights });
    const inputs = batches.map((b) => [tensor(b.yTrue), tensor(b.yPred), tensor(b.sampleWeight)]);
    const before = memory().numTensors;
    for (const [t, s, sw] of inputs) metric.update(t, s, sw);
    // update retains its batches (clones of the inputs, sharing their data) and reads nothing.
    expect(memory().numTensors - before).toBe(3 * batches.length);
    expect(Math.abs((await metric.result()) - expected)).toBeLessThanOrEqual(tol.atol + tol.rtol);
    // result() read them once and gave the device copies back.
    expect(memory().numTensors).toBe(before);
    dispose(inputs.flat());
    metric.reset();
    expect(await metric.result()).toBe(0);
    metric.dispose();
  });

  it('one-vs-rest over batches, inputs disposed by the caller after update', async () => {
    const metric = new RocAuc({ average: 'weighted' });
    const value = await streamBatches(
      metric,
      batchesOf(labels, SIZES).map((t, i) => ({ yTrue: t, yPred: batchesOf(scores, SIZES)[i] })),
      { asTensors: true, checkLeaks: false },
    );
    expect(
      Math.abs(value - (await rocAucScore(labels, scores, { average: 'weighted' }))),
    ).toBeLessThanOrEqual(tol.atol + tol.rtol);
    const before = memory().numTensors;
    metric.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("keeps its batches alive through the caller's tidy", async () => {
    const metric = new RocAuc();
    tidy(() => metric.update(tensor([0, 0]), tensor([0.1, 0.4])));
    tidy(() => metric.update(tensor([1, 1]), tensor([0.35, 0.8])));
    expect(await metric.result()).toBeCloseTo(0.75, 6);
    metric.dispose();
  });

  it('frees every retained tensor on reset', () => {
    const metric = new RocAuc();
    const before = memory().numTensors;
    const t = tensor([0, 1]);
    const s = tensor([0.3, 0.6]);
    metric.update(t, s);
    t.dispose();
    s.dispose();
    expect(memory().numTensors).toBe(before + 2);
    metric.reset();
    expect(memory().numTensors).toBe(before);
  });

  it('rejects a batch with another number of score columns', () => {
    const metric = new RocAuc();
    metric.update(
      [0, 1],
      [
        [0.4, 0.6],
        [0.5, 0.5],
      ],
    );
    expect(() => metric.update([0], [[0.1, 0.2, 0.7]])).toThrow(ShapeError);
    metric.dispose();
  });
});
