import { ConfigError, ShapeError, tensor, tensor3d, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MaxPooling1D } from './max-pooling-1d.js';

// A small step, so that no two values of a window swap order between the two evaluations.
const GRADIENT_CHECK = { gradientTolerance: { epsilon: 1e-3 } };

testLayer('MaxPooling1D', {
  create: (c) => new MaxPooling1D(c as never),
  config: {},
  inputShape: [2, 7, 3],
  expectedOutputShape: [2, 3, 3],
  ...GRADIENT_CHECK,
});

testLayer('MaxPooling1D, pool 3, strides 2, same padding', {
  create: (c) => new MaxPooling1D(c as never),
  config: { poolSize: 3, strides: 2, padding: 'same' },
  inputShape: [2, 7, 2],
  expectedOutputShape: [2, 4, 2],
  ...GRADIENT_CHECK,
});

describe('MaxPooling1D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('takes the largest value of each window of steps', async () => {
    const x = tensor3d([1, 5, 2, 4, 3, 0], [1, 6, 1]);
    await expectTensorsClose(new MaxPooling1D().apply(x) as never, [5, 4, 3]);
    const overlapping = new MaxPooling1D({ poolSize: 3, strides: 1 });
    await expectTensorsClose(overlapping.apply(x) as never, [5, 5, 4, 4]);
  });

  it("keeps the last partial window with 'same' padding", async () => {
    const x = tensor3d([1, 5, 2, 4, 3], [1, 5, 1]);
    const pool = new MaxPooling1D({ padding: 'same' });
    await expectTensorsClose(pool.apply(x) as never, [5, 4, 3]);
    expect(pool.computeOutputShape([null, 5, 1])).toEqual([null, 3, 1]);
  });

  it('rejects a bad pool size or input rank, naming the layer', () => {
    expect(() => new MaxPooling1D({ poolSize: -1, name: 'm1' })).toThrow(ConfigError);
    expect(() => new MaxPooling1D({ poolSize: -1, name: 'm1' })).toThrow(
      "<Layer 'm1'>: expected poolSize, an integer ≥ 1. Received: -1.",
    );
    const pool = new MaxPooling1D({ name: 'm2' });
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'm2'>: expected an input [batch, time, channels]. Received: shape [1, 2].",
    );
  });
});
