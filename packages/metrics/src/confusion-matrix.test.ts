import { ShapeError, tensor1d, tensor2d, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchesOf,
  randomLabels,
  randomNumbers,
  randomProbabilities,
  streamBatches,
} from '../test/streaming.js';
import { ConfusionMatrix, confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('matches the scikit-learn examples', async () => {
    // scikit-learn confusion_matrix docs.
    expect(await confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    // tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel() → (0, 2, 1, 1).
    expect(await confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  it('normalizes over rows, columns or everything', async () => {
    const yTrue = [2, 0, 2, 2, 0, 1];
    const yPred = [0, 0, 2, 2, 0, 2];
    const rows = await confusionMatrix(yTrue, yPred, { normalize: 'true' });
    await expectTensorsClose(rows.flat(), [1, 0, 0, 0, 0, 1, 1 / 3, 0, 2 / 3], { atol: 1e-12 });
    // Column 1 is empty: 0/0 → 0.
    const cols = await confusionMatrix(yTrue, yPred, { normalize: 'pred' });
    await expectTensorsClose(cols.flat(), [2 / 3, 0, 0, 0, 0, 1 / 3, 1 / 3, 0, 2 / 3], {
      atol: 1e-12,
    });
    const all = await confusionMatrix(yTrue, yPred, { normalize: 'all' });
    await expectTensorsClose(
      all.flat(),
      [2, 0, 0, 0, 0, 1, 1, 0, 2].map((v) => v / 6),
      {
        atol: 1e-12,
      },
    );
  });

  it('reads scores, one-hot targets and weights', async () => {
    const scores = [
      [0.8, 0.2],
      [0.3, 0.7],
      [0.6, 0.4],
    ];
    const oneHot = [
      [1, 0],
      [1, 0],
      [0, 1],
    ];
    expect(await confusionMatrix(oneHot, scores, { sampleWeight: [1, 2, 0.5] })).toEqual([
      [1, 2],
      [0.5, 0],
    ]);
  });

  it('uses numClasses for classes that do not occur', async () => {
    expect(await confusionMatrix([0, 1], [1, 1], { numClasses: 3 })).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('throws ShapeError for mismatched inputs and bad labels', async () => {
    await expect(confusionMatrix([0, 1, 1], [0, 1])).rejects.toThrow(ShapeError);
    await expect(confusionMatrix([0, 1.5], [0, 1])).rejects.toThrow(
      "<Metric 'confusion_matrix'>: expected yTrue as integer class labels in [0, 2). Received: 1.5 at index 1.",
    );
  });
});

const N = 36;
const C = 4;
const SIZES = [12, 12, 12];
const labels = randomLabels(N, C, 21);
const scores = randomProbabilities(N, C, 22);
const weights = randomNumbers(N, 23);

describeBackends('streaming ConfusionMatrix', (backend) => {
  const tol = TOLERANCE[backend];

  it("batches give the function's matrix over all data", async () => {
    const yTrue = batchesOf(labels, SIZES);
    const yPred = batchesOf(scores, SIZES);
    const w = batchesOf(weights, SIZES);
    const metric = new ConfusionMatrix();
    const streamed = await streamBatches(
      metric,
      yTrue.map((t, i) => ({ yTrue: t, yPred: yPred[i], sampleWeight: w[i] })),
    );
    const expected = await confusionMatrix(labels, scores, { sampleWeight: weights });
    await expectTensorsClose(streamed.flat(), expected.flat(), tol);
    metric.reset();
    expect((await metric.result()).flat()).toEqual(new Array(C * C).fill(0));
    metric.dispose();
  });

  it('label predictions need numClasses; tensors of int32 work', async () => {
    const metric = new ConfusionMatrix({ numClasses: 3, normalize: 'true' });
    const t = tensor1d([2, 0, 2, 2, 0, 1], 'int32');
    const p = tensor1d([0, 0, 2, 2, 0, 2], 'int32');
    metric.update(t, p);
    await expectTensorsClose(
      (await metric.result()).flat(),
      [1, 0, 0, 0, 0, 1, 1 / 3, 0, 2 / 3],
      tol,
    );
    await expectNoLeaks(() => metric.update(t, p));
    metric.dispose();
    t.dispose();
    p.dispose();
  });

  it('rejects a batch with another number of classes', () => {
    const metric = new ConfusionMatrix();
    metric.update(
      [0, 1],
      tensor2d([
        [0.2, 0.8],
        [0.6, 0.4],
      ]),
    );
    expect(() => metric.update([0], [[0.1, 0.2, 0.7]])).toThrow(
      "<Metric 'confusion_matrix'>: expected a confusion matrix of shape [2, 2] as in earlier batches. Received: [3, 3].",
    );
    metric.dispose();
  });
});
