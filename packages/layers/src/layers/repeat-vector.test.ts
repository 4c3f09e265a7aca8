import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { RepeatVector } from './repeat-vector.js';

testLayer('RepeatVector', {
  create: (c) => new RepeatVector(c as never),
  config: { n: 3 },
  inputShape: [2, 4],
  expectedOutputShape: [2, 3, 4],
});

describe('RepeatVector', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('repeats each vector n times along a new time axis', async () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y = new RepeatVector({ n: 2 }).apply(x) as Tensor;
    await expectTensorsClose(y, tensor([1, 2, 1, 2, 3, 4, 3, 4], [2, 2, 2]));
  });

  it('computes the output shape', () => {
    expect(new RepeatVector({ n: 5 }).computeOutputShape([null, 8])).toEqual([null, 5, 8]);
  });

  it('rejects a non-positive n and an input that is not [batch, features]', () => {
    expect(() => new RepeatVector({ n: 0, name: 'rv' })).toThrow(ConfigError);
    expect(() => new RepeatVector({ n: 0, name: 'rv' })).toThrow(
      "<Layer 'rv'>: expected n, a positive integer. Received: 0.",
    );
    const rv = new RepeatVector({ n: 2, name: 'rv2' });
    const x = tensor([1, 2, 3, 4], [1, 2, 2]);
    expect(() => rv.apply(x)).toThrow(ShapeError);
    expect(() => rv.apply(x)).toThrow(
      "<Layer 'rv2'>: expected an input of rank 2, [batch, features]. Received: shape [1, 2, 2].",
    );
  });
});
