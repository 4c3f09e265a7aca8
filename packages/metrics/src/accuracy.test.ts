import { ShapeError, tensor, tensor1d, tensor2d, useBackend } from '@strata/core';
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
  Accuracy,
  accuracy,
  BinaryAccuracy,
  binaryAccuracy,
  CategoricalAccuracy,
  categoricalAccuracy,
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './accuracy.js';
import type { StreamingMetric } from './streaming-metric.js';

describe('accuracy functions', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('accuracy of label vectors is the fraction equal', async () => {
    // scikit-learn accuracy_score docs: accuracy_score([0, 2, 1, 3], [0, 1, 2, 3]) == 0.5.
    expect(await accuracy([0, 2, 1, 3], [0, 1, 2, 3])).toBeCloseTo(0.5, 12);
  });

  it('accuracy reads scores, one-hot targets and binary probabilities by shape', async () => {
    const scores = [
      [0.1, 0.6, 0.3],
      [0.05, 0.95, 0],
    ];
    expect(await accuracy([2, 1], scores)).toBeCloseTo(0.5, 12);
    expect(
      await accuracy(
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        scores,
      ),
    ).toBeCloseTo(0.5, 12);
    // 0.98 > 0.5 → 1 ✓, 1 → 1 ✓, 0 → 0 ✓, 0.6 → 1 ✗.
    expect(await accuracy([1, 1, 0, 0], [0.98, 1, 0, 0.6])).toBeCloseTo(0.75, 12);
  });

  it('binaryAccuracy matches the Keras example, with and without weights', async () => {
    // Keras BinaryAccuracy docs: 0.75, and 0.5 with sample_weight [1, 0, 0, 1].
    const yTrue = [[1], [1], [0], [0]];
    const yPred = [[0.98], [1], [0], [0.6]];
    expect(await binaryAccuracy(yTrue, yPred)).toBeCloseTo(0.75, 12);
    expect(await binaryAccuracy(yTrue, yPred, { sampleWeight: [1, 0, 0, 1] })).toBeCloseTo(0.5, 12);
    expect(await binaryAccuracy(yTrue, yPred, { threshold: 0.7 })).toBe(1);
  });

  it('categorical and sparse accuracy match the Keras examples', async () => {
    // Keras CategoricalAccuracy / SparseCategoricalAccuracy docs: 0.5, and 0.3 with weights [0.7, 0.3].
    const yPred = [
      [0.1, 0.9, 0.8],
      [0.05, 0.95, 0],
    ];
    const oneHot = [
      [0, 0, 1],
      [0, 1, 0],
    ];
    expect(await categoricalAccuracy(oneHot, yPred)).toBeCloseTo(0.5, 12);
    expect(await categoricalAccuracy(oneHot, yPred, { sampleWeight: [0.7, 0.3] })).toBeCloseTo(
      0.3,
      12,
    );
    const scores = [
      [0.1, 0.6, 0.3],
      [0.05, 0.95, 0],
    ];
    expect(await sparseCategoricalAccuracy([[2], [1]], scores)).toBeCloseTo(0.5, 12);
    expect(
      await sparseCategoricalAccuracy([2, 1], scores, { sampleWeight: [0.7, 0.3] }),
    ).toBeCloseTo(0.3, 12);
  });

  it('weights per sequence apply to every time step', async () => {
    // [batch 2, time 2, classes 2]; sample 0 all right, sample 1 half right; weights [3, 1].
    const yPred = [
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      [
        [0.6, 0.4],
        [0.7, 0.3],
      ],
    ];
    const yTrue = [
      [0, 1],
      [0, 1],
    ];
    expect(await sparseCategoricalAccuracy(yTrue, yPred)).toBeCloseTo(0.75, 12);
    // (3·2 + 1·1) / (3·2 + 1·2) = 7/8
    expect(await sparseCategoricalAccuracy(yTrue, yPred, { sampleWeight: [3, 1] })).toBeCloseTo(
      7 / 8,
      12,
    );
  });

  it('accepts tensors and typed arrays', async () => {
    const yTrue = tensor1d([0, 2, 1, 3], 'int32');
    const yPred = Int32Array.from([0, 1, 2, 3]);
    expect(await accuracy(yTrue, yPred)).toBeCloseTo(0.5, 12);
    yTrue.dispose();
  });

  it('throws ShapeError naming the metric and both shapes', async () => {
    await expect(binaryAccuracy([1, 0, 1], [0.2, 0.7])).rejects.toThrow(ShapeError);
    await expect(binaryAccuracy([1, 0, 1], [0.2, 0.7])).rejects.toThrow(
      "<Metric 'binary_accuracy'>: expected yTrue and yPred of the same shape. Received: yTrue [3] and yPred [2].",
    );
    await expect(categoricalAccuracy([0, 1], [[0.2, 0.8]])).rejects.toThrow(
      "<Metric 'categorical_accuracy'>: expected one-hot yTrue of the shape of yPred [1, 2]. Received: [2].",
    );
    await expect(accuracy([[1, 2, 3]], [[0.1, 0.9]])).rejects.toThrow(
      "<Metric 'accuracy'>: expected yTrue of shape [1] (labels) or [1, 2] (one-hot) for yPred [1, 2]. Received: [1, 3].",
    );
    await expect(accuracy([0, 5], [0, 1], { numClasses: 3 })).rejects.toThrow(
      "<Metric 'accuracy'>: expected yTrue as integer class labels in [0, 3). Received: 5 at index 1.",
    );
  });
});

// 40 samples of 4 classes, streamed as batches of 16, 10 and 14.
const N = 40;
const C = 4;
const SIZES = [16, 10, 14];
const labels = randomLabels(N, C, 1);
const scores = randomProbabilities(N, C, 2);
const oneHot = labels.map((l) => Array.from({ length: C }, (_, c) => (c === l ? 1 : 0)));
const weights = randomNumbers(N, 3).map((u) => Math.round(u * 4) / 2);
const binaryTrue = randomLabels(N, 2, 4).map((l) => [l]);
const binaryPred = randomNumbers(N, 5).map((u) => [u]);

interface Case {
  name: string;
  make: () => StreamingMetric;
  yTrue: number[] | number[][];
  yPred: number[][];
  reference: (w?: number[]) => Promise<number>;
}

const CASES: Case[] = [
  {
    name: 'Accuracy (sparse)',
    make: () => new Accuracy(),
    yTrue: labels,
    yPred: scores,
    reference: (w) => accuracy(labels, scores, { sampleWeight: w }),
  },
  {
    name: 'BinaryAccuracy',
    make: () => new BinaryAccuracy({ threshold: 0.4 }),
    yTrue: binaryTrue,
    yPred: binaryPred,
    reference: (w) => binaryAccuracy(binaryTrue, binaryPred, { threshold: 0.4, sampleWeight: w }),
  },
  {
    name: 'CategoricalAccuracy',
    make: () => new CategoricalAccuracy(),
    yTrue: oneHot,
    yPred: scores,
    reference: (w) => categoricalAccuracy(oneHot, scores, { sampleWeight: w }),
  },
  {
    name: 'SparseCategoricalAccuracy',
    make: () => new SparseCategoricalAccuracy(),
    yTrue: labels,
    yPred: scores,
    reference: (w) => sparseCategoricalAccuracy(labels, scores, { sampleWeight: w }),
  },
];

describeBackends('streaming accuracy', (backend) => {
  const tol = TOLERANCE[backend];

  for (const c of CASES) {
    it(`${c.name}: batches give the function's value over all data, weighted or not`, async () => {
      const yTrue = batchesOf(c.yTrue as number[][], SIZES);
      const yPred = batchesOf(c.yPred, SIZES);
      const w = batchesOf(weights, SIZES);
      const metric = c.make();
      const plain = await streamBatches(
        metric,
        yTrue.map((t, i) => ({ yTrue: t, yPred: yPred[i] })),
      );
      expect(Math.abs(plain - (await c.reference()))).toBeLessThanOrEqual(tol.atol + tol.rtol);
      metric.reset();
      expect(await metric.result()).toBe(0);
      const weighted = await streamBatches(
        metric,
        yTrue.map((t, i) => ({ yTrue: t, yPred: yPred[i], sampleWeight: w[i] })),
      );
      expect(Math.abs(weighted - (await c.reference(weights)))).toBeLessThanOrEqual(
        tol.atol + tol.rtol,
      );
      metric.dispose();
    });
  }

  it('the pure functions read tensors on this backend', async () => {
    const yTrue = tensor2d([
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const yPred = tensor2d([
      [0.1, 0.9, 0.8],
      [0.05, 0.95, 0],
    ]);
    expect(await categoricalAccuracy(yTrue, yPred)).toBeCloseTo(0.5, 6);
    yTrue.dispose();
    yPred.dispose();
  });

  it('update leaks no tensors once the accumulators exist, nor does dispose', async () => {
    const metric = new Accuracy();
    const yTrue = tensor([1, 0, 1]);
    const yPred = tensor([0.9, 0.2, 0.4]);
    await expectNoLeaks(async () => {
      metric.update(yTrue, yPred);
      // The first update creates exactly the two accumulators.
      metric.update(yTrue, yPred);
      metric.reset();
      metric.dispose();
    });
    yTrue.dispose();
    yPred.dispose();
  });

  it('reads a prediction with no class axis as binary unless numClasses > 2', async () => {
    const binary = new Accuracy();
    binary.update([1, 0, 1], [0.9, 0.2, 0.4]);
    expect(await binary.result()).toBeCloseTo(2 / 3, 6);
    const labelsOnly = new Accuracy({ numClasses: 3 });
    labelsOnly.update([2, 0, 1], [2, 1, 1]);
    expect(await labelsOnly.result()).toBeCloseTo(2 / 3, 6);
    binary.dispose();
    labelsOnly.dispose();
  });

  it('update throws a ShapeError at once for mismatched shapes', () => {
    const metric = new CategoricalAccuracy();
    expect(() => metric.update([[0, 1]], [[0.1, 0.2, 0.7]])).toThrow(ShapeError);
    metric.dispose();
  });
});
