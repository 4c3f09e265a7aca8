import { range, reshape, ShapeError, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { AveragePooling2D } from './average-pooling-2d.js';

testLayer('AveragePooling2D', {
  create: (c) => new AveragePooling2D(c as never),
  config: {},
  inputShape: [2, 4, 6, 3],
  expectedOutputShape: [2, 2, 3, 3],
});

testLayer('AveragePooling2D, pool [2, 3], strides 1, same padding', {
  create: (c) => new AveragePooling2D(c as never),
  config: { poolSize: [2, 3], strides: 1, padding: 'same' },
  inputShape: [1, 3, 4, 2],
  expectedOutputShape: [1, 3, 4, 2],
});

describe('AveragePooling2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('averages each non-overlapping 2×2 window by default', async () => {
    const x = reshape(range(1, 17), [1, 4, 4, 1]);
    // (1+2+5+6)/4, (3+4+7+8)/4, (9+10+13+14)/4, (11+12+15+16)/4
    await expectTensorsClose(new AveragePooling2D().apply(x) as never, [3.5, 5.5, 11.5, 13.5]);
  });

  it("averages only the values inside the input with 'same' padding", async () => {
    const x = reshape(range(1, 10), [1, 3, 3, 1]);
    const y = new AveragePooling2D({ padding: 'same' }).apply(x);
    // (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1
    await expectTensorsClose(y as never, [3, 4.5, 7.5, 9]);
  });

  it('rejects an input that is not [batch, height, width, channels], naming the layer', () => {
    const pool = new AveragePooling2D({ name: 'avg' });
    expect(() => pool.apply(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([1, 2]))).toThrow(/<Layer 'avg'>: expected an input \[batch/);
    expect(() => new AveragePooling2D({ strides: [1, 1, 1] as never, name: 'a2' })).toThrow(
      /<Layer 'a2'>: expected strides/,
    );
  });
});
