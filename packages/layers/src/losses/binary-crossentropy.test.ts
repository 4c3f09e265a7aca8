import { ConfigError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';

// References in float64: −(y·log p + (1 − y)·log(1 − p)), and its logit form.
const bce = (y: number, p: number) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
const bceLogit = (y: number, x: number) => bce(y, 1 / (1 + Math.exp(-x)));

describe('binaryCrossentropy', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("matches Keras's docstring example from logits, with and without sample weights", async () => {
    const loss = binaryCrossentropy({ fromLogits: true });
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [-18.6, 0.51],
      [2.94, -12.8],
    ]);
    const rows = [
      (bceLogit(0, -18.6) + bceLogit(1, 0.51)) / 2,
      (bceLogit(0, 2.94) + bceLogit(0, -12.8)) / 2,
    ];
    await expectTensorsClose(loss.perSample(yTrue, yPred), rows);
    // Keras prints [0.235, 1.496], 0.8654 and, with sample_weight [0.8, 0.2], 0.243.
    await expectTensorsClose(loss.perSample(yTrue, yPred), [0.235, 1.496], { atol: 1e-3 });
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.8654, { atol: 1e-4 });
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([0.8, 0.2])), 0.243, {
      atol: 1e-3,
    });
    // Keras's rank-1 variant of the same example: the same mean.
    const flat = loss.compute(tensor([0, 1, 0, 0]), tensor([-18.6, 0.51, 2.94, -12.8]));
    await expectTensorsClose(flat, 0.8654, { atol: 1e-4 });
  });

  it("matches Keras's docstring example from probabilities", async () => {
    const loss = binaryCrossentropy();
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // [−log 0.4, (−log 0.6 − log 0.4)/2] = [0.916, 0.714]; mean 0.815; weights [1, 0]: 0.458
    await expectTensorsClose(loss.perSample(yTrue, yPred), [
      -Math.log(0.4),
      -(Math.log(0.6) + Math.log(0.4)) / 2,
    ]);
    await expectTensorsClose(loss.compute(yTrue, yPred), 0.815, { atol: 1e-3 });
    await expectTensorsClose(loss.compute(yTrue, yPred, tensor([1, 0])), 0.458, { atol: 1e-3 });
  });

  it('smooths labels towards ½: y·(1 − s) + s/2', async () => {
    const yTrue = tensor([
      [0, 1],
      [0, 0],
    ]);
    const yPred = tensor([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    // s = 0.2: labels 0 → 0.1 and 1 → 0.9.
    // Row 0: bce(0.1, 0.6) = 0.1·0.5108 + 0.9·0.9163 = 0.8757 and bce(0.9, 0.4) = 0.8757.
    // Row 1: bce(0.1, 0.4) = 0.1·0.9163 + 0.9·0.5108 = 0.5514 and bce(0.1, 0.6) = 0.8757.
    const expected = [(bce(0.1, 0.6) + bce(0.9, 0.4)) / 2, (bce(0.1, 0.4) + bce(0.1, 0.6)) / 2];
    await expectTensorsClose(expected, [0.875744, 0.713558], { atol: 1e-6 });
    const smoothed = binaryCrossentropy({ labelSmoothing: 0.2 });
    await expectTensorsClose(smoothed.perSample(yTrue, yPred), expected);
    const logits = tensor([
      [Math.log(0.6 / 0.4), Math.log(0.4 / 0.6)],
      [Math.log(0.4 / 0.6), Math.log(0.6 / 0.4)],
    ]);
    const fromLogits = binaryCrossentropy({ labelSmoothing: 0.2, fromLogits: true });
    await expectTensorsClose(fromLogits.perSample(yTrue, logits), expected);
  });

  it('clips probabilities to [ε, 1 − ε] (ε = 1e-7) so 0 and 1 give a finite loss', async () => {
    const loss = binaryCrossentropy();
    // −log(1e-7) = 16.118; 1 − (1 − 1e-7) in float32 is 1.19e-7, −log of it is 15.942.
    const oneMinusEps = Math.fround(1 - 1e-7);
    await expectTensorsClose(
      loss.perSample(tensor([[1, 0]]), tensor([[0, 1]])),
      [(-Math.log(Math.fround(1e-7)) - Math.log(1 - oneMinusEps)) / 2],
      { rtol: 1e-5 },
    );
    await expectTensorsClose(loss.perSample(tensor([[1, 0]]), tensor([[1, 0]])), [
      -Math.log(oneMinusEps),
    ]);
  });

  it('reports its options and rejects label smoothing outside [0, 1]', () => {
    expect(binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).getConfig()).toEqual({
      name: 'binary_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
      labelSmoothing: 0.1,
    });
    expect(binaryCrossentropy().className).toBe('BinaryCrossentropy');
    expect(() => binaryCrossentropy({ labelSmoothing: 1.5 })).toThrow(ConfigError);
    expect(() => binaryCrossentropy({ labelSmoothing: -0.1 })).toThrow(
      "<Loss 'binary_crossentropy'>: expected labelSmoothing in [0, 1]. Received: -0.1.",
    );
  });
});
