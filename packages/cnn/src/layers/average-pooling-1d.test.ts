import { ShapeError, tensor, tensor3d, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { AveragePooling1D } from './average-pooling-1d.js';

testLayer('AveragePooling1D', {
  create: (c) => new AveragePooling1D(c as never),
  config: {},
  inputShape: [2, 7, 3],
  expectedOutputShape: [2, 3, 3],
});

testLayer('AveragePooling1D, pool 3, strides 1, same padding', {
  create: (c) => new AveragePooling1D(c as never),
  config: { poolSize: 3, strides: 1, padding: 'same' },
  inputShape: [2, 5, 2],
  expectedOutputShape: [2, 5, 2],
});

describe('AveragePooling1D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('averages each window of steps', async () => {
    const x = tensor3d([1, 5, 2, 4, 3, 0], [1, 6, 1]);
    await expectTensorsClose(new AveragePooling1D().apply(x) as never, [3, 3, 1.5]);
  });

  it("averages only the steps inside the input with 'same' padding", async () => {
    const x = tensor3d([1, 5, 2, 4, 3], [1, 5, 1]);
    const pool = new AveragePooling1D({ padding: 'same' });
    await expectTensorsClose(pool.apply(x) as never, [3, 3, 3]);
  });

  it('rejects an input that is not [batch, time, channels], naming the layer', () => {
    const pool = new AveragePooling1D({ name: 'a1' });
    expect(() => pool.apply(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([1, 2]))).toThrow(/<Layer 'a1'>: expected an input \[batch/);
  });
});
