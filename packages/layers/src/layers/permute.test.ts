import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Permute } from './permute.js';

testLayer('Permute', {
  create: (c) => new Permute(c as never),
  config: { dims: [2, 1] },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 4, 3],
});

testLayer('Permute of three axes', {
  create: (c) => new Permute(c as never),
  config: { dims: [3, 1, 2] },
  inputShape: [2, 3, 4, 5],
  expectedOutputShape: [2, 5, 3, 4],
});

describe('Permute', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('numbers the axes from 1, leaving the batch in place', async () => {
    // one sample [[1, 2, 3], [4, 5, 6]] transposed
    const x = tensor([1, 2, 3, 4, 5, 6], [1, 2, 3]);
    const y = new Permute({ dims: [2, 1] }).apply(x) as Tensor;
    await expectTensorsClose(y, tensor([1, 4, 2, 5, 3, 6], [1, 3, 2]));
  });

  it('computes the output shape', () => {
    expect(new Permute({ dims: [3, 1, 2] }).computeOutputShape([null, 2, 3, 4])).toEqual([
      null,
      4,
      2,
      3,
    ]);
  });

  it('rejects dims that are not a permutation of 1 … n, naming the layer', () => {
    expect(() => new Permute({ dims: [0, 1], name: 'p' })).toThrow(ConfigError);
    expect(() => new Permute({ dims: [1, 1], name: 'p' })).toThrow(
      "<Layer 'p'>: expected dims, a permutation of 1 … n (the batch axis 0 excluded). Received: [1,1].",
    );
  });

  it('rejects an input of another rank', () => {
    const p = new Permute({ dims: [2, 1], name: 'p' });
    const x = tensor([[1, 2]]);
    expect(() => p.apply(x)).toThrow(ShapeError);
    expect(() => p.apply(x)).toThrow(
      "<Layer 'p'>: expected an input of rank 3 (dims [2, 1] plus the batch). Received: shape [1, 2].",
    );
  });
});
