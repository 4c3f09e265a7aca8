import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobalMaxPooling1D } from './global-max-pooling-1d.js';

testLayer('GlobalMaxPooling1D', {
  create: (c) => new GlobalMaxPooling1D(c as never),
  config: {},
  inputShape: [2, 5, 3],
  expectedOutputShape: [2, 3],
  // A small step, so that no two values of a channel swap order between evaluations.
  gradientTolerance: { epsilon: 1e-3 },
});

testLayer('GlobalMaxPooling1D, keepdims', {
  create: (c) => new GlobalMaxPooling1D(c as never),
  config: { keepdims: true },
  inputShape: [2, 5, 3],
  expectedOutputShape: [2, 1, 3],
  // A small step, so that no two values of a channel swap order between evaluations.
  gradientTolerance: { epsilon: 1e-3 },
});

describe('GlobalMaxPooling1D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('takes the largest value of each channel', async () => {
    // channel 0: 1, 3, −5; channel 1: −2, 4, 0
    await expectTensorsClose(
      new GlobalMaxPooling1D().apply(tensor([1, -2, 3, 4, -5, 0], [1, 3, 2])) as never,
      [3, 4],
    );
  });

  it('computes the output shape, with and without keepdims', () => {
    expect(new GlobalMaxPooling1D().computeOutputShape([null, 5, 3])).toEqual([null, 3]);
    expect(new GlobalMaxPooling1D({ keepdims: true }).computeOutputShape([null, 5, 3])).toEqual([
      null,
      1,
      3,
    ]);
  });

  it('rejects an input of another rank, naming the layer', () => {
    const pool = new GlobalMaxPooling1D({ name: 'g' });
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'g'>: expected an input [batch, time, channels]. Received: shape [1, 2].",
    );
  });
});
