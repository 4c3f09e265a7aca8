import { ShapeError, tensor, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, TOLERANCE } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchesOf, randomLabels, randomNumbers, streamBatches } from '../test/streaming.js';
import { Perplexity, perplexity } from './perplexity.js';

describe('perplexity', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is exp of the mean token cross-entropy', async () => {
    // p(correct) = 0.5 and 0.25: exp((ln 2 + ln 4) / 2) = √8.
    const probs = [
      [
        [0.5, 0.5],
        [0.75, 0.25],
      ],
    ];
    expect(await perplexity([[0, 1]], probs)).toBeCloseTo(Math.sqrt(8), 12);
    // One-hot targets give the same.
    expect(
      await perplexity(
        [
          [
            [1, 0],
            [0, 1],
          ],
        ],
        probs,
      ),
    ).toBeCloseTo(Math.sqrt(8), 12);
  });

  it('leaves out masked tokens', async () => {
    const probs = [
      [
        [0.5, 0.5],
        [0.75, 0.25],
      ],
    ];
    // Token 0 is padding: only p = 0.25 remains.
    expect(await perplexity([[0, 1]], probs, { maskToken: 0 })).toBeCloseTo(4, 12);
  });

  it('of uniform logits is the vocabulary size', async () => {
    const logits = [[new Array(5).fill(0), new Array(5).fill(3)]];
    expect(await perplexity([[1, 4]], logits, { fromLogits: true })).toBeCloseTo(5, 12);
  });

  it('throws ShapeError without a vocabulary axis', async () => {
    await expect(perplexity([1, 0], [0.3, 0.2])).rejects.toThrow(
      "<Metric 'perplexity'>: expected yPred of shape [..., vocabulary] with vocabulary > 1. Received: [2].",
    );
    await expect(perplexity([[1, 0, 1]], [[[0.5, 0.5]]])).rejects.toThrow(ShapeError);
  });
});

// [batch 12, time 5, vocab 6] logits, token 0 is padding.
const B = 12;
const T = 5;
const V = 6;
const SIZES = [4, 3, 5];
const tokens = batchesOf(randomLabels(B * T, V, 61), new Array(B).fill(T));
const u = randomNumbers(B * T * V, 62);
const logits = Array.from({ length: B }, (_, b) =>
  Array.from({ length: T }, (_, t) =>
    u.slice((b * T + t) * V, (b * T + t + 1) * V).map((v) => 4 * v),
  ),
);

describeBackends('streaming Perplexity', (backend) => {
  const tol = TOLERANCE[backend];

  it("batches give the function's value over all data, with a mask", async () => {
    const metric = new Perplexity({ fromLogits: true, maskToken: 0 });
    const t = batchesOf(tokens, SIZES);
    const p = batchesOf(logits, SIZES);
    const value = await streamBatches(
      metric,
      t.map((b, i) => ({ yTrue: b, yPred: p[i] as unknown as number[][] })),
    );
    const expected = await perplexity(tokens, logits, { fromLogits: true, maskToken: 0 });
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(tol.atol + tol.rtol * expected);
    metric.reset();
    expect(await metric.result()).toBe(1);
    metric.dispose();
  });

  it('update leaks nothing after the first', async () => {
    const metric = new Perplexity({ maskToken: 0 });
    const t = tensor([[0, 1]], undefined, 'int32');
    const p = tensor([
      [
        [0.5, 0.5],
        [0.75, 0.25],
      ],
    ]);
    metric.update(t, p);
    await expectNoLeaks(() => metric.update(t, p));
    expect(await metric.result()).toBeCloseTo(4, 4);
    metric.dispose();
    t.dispose();
    p.dispose();
  });
});
