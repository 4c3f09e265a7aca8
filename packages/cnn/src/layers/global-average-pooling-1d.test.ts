import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobalAveragePooling1D } from './global-average-pooling-1d.js';

testLayer('GlobalAveragePooling1D', {
  create: (c) => new GlobalAveragePooling1D(c as never),
  config: {},
  inputShape: [2, 5, 3],
  expectedOutputShape: [2, 3],
});

testLayer('GlobalAveragePooling1D, keepdims', {
  create: (c) => new GlobalAveragePooling1D(c as never),
  config: { keepdims: true },
  inputShape: [2, 5, 3],
  expectedOutputShape: [2, 1, 3],
});

describe('GlobalAveragePooling1D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('averages each channel', async () => {
    // channel 0: 1, 3, −5; channel 1: −2, 4, 0
    await expectTensorsClose(
      new GlobalAveragePooling1D().apply(tensor([1, -2, 3, 4, -5, 0], [1, 3, 2])) as never,
      [-1 / 3, 2 / 3],
    );
  });

  it('computes the output shape, with and without keepdims', () => {
    expect(new GlobalAveragePooling1D().computeOutputShape([null, 5, 3])).toEqual([null, 3]);
    expect(new GlobalAveragePooling1D({ keepdims: true }).computeOutputShape([null, 5, 3])).toEqual(
      [null, 1, 3],
    );
  });

  it('rejects an input of another rank, naming the layer', () => {
    const pool = new GlobalAveragePooling1D({ name: 'g' });
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'g'>: expected an input [batch, time, channels]. Received: shape [1, 2].",
    );
  });
});
