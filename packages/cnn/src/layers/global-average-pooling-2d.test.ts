import { ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobalAveragePooling2D } from './global-average-pooling-2d.js';

testLayer('GlobalAveragePooling2D', {
  create: (c) => new GlobalAveragePooling2D(c as never),
  config: {},
  inputShape: [2, 3, 4, 3],
  expectedOutputShape: [2, 3],
});

testLayer('GlobalAveragePooling2D, keepdims', {
  create: (c) => new GlobalAveragePooling2D(c as never),
  config: { keepdims: true },
  inputShape: [2, 3, 4, 3],
  expectedOutputShape: [2, 1, 1, 3],
});

describe('GlobalAveragePooling2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('averages each channel', async () => {
    // channel 0: 1, 3, 5, −1; channel 1: −2, 4, 0, 8
    await expectTensorsClose(
      new GlobalAveragePooling2D().apply(tensor([1, -2, 3, 4, 5, 0, -1, 8], [1, 2, 2, 2])) as never,
      [2, 2.5],
    );
  });

  it('computes the output shape, with and without keepdims', () => {
    expect(new GlobalAveragePooling2D().computeOutputShape([null, 5, 6, 3])).toEqual([null, 3]);
    expect(
      new GlobalAveragePooling2D({ keepdims: true }).computeOutputShape([null, 5, 6, 3]),
    ).toEqual([null, 1, 1, 3]);
  });

  it('rejects an input of another rank, naming the layer', () => {
    const pool = new GlobalAveragePooling2D({ name: 'g' });
    expect(() => pool.apply(tensor([[[1, 2]]]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([[[1, 2]]]))).toThrow(
      "<Layer 'g'>: expected an input [batch, height, width, channels]. Received: shape [1, 1, 2].",
    );
  });
});
