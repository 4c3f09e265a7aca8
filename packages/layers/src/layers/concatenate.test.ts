import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { describeBackends, expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { Concatenate } from './concatenate.js';
import { input } from './input-layer.js';

testLayer('Concatenate', {
  create: (c) => new Concatenate(c as never),
  config: {},
  inputShape: [
    [2, 3, 2],
    [2, 3, 4],
  ],
  expectedOutputShape: [2, 3, 6],
});

testLayer('Concatenate along time', {
  create: (c) => new Concatenate(c as never),
  config: { axis: 1 },
  inputShape: [
    [2, 1, 3],
    [2, 2, 3],
    [2, 3, 3],
  ],
  expectedOutputShape: [2, 6, 3],
});

describe('Concatenate', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('joins along the last axis by default', async () => {
    const y = new Concatenate().apply([
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[5], [6]]),
    ]);
    await expectTensorsClose(
      y as Tensor,
      tensor([
        [1, 2, 5],
        [3, 4, 6],
      ]),
    );
  });

  it('joins along a given axis', async () => {
    const y = new Concatenate({ axis: 1 }).apply([
      tensor([1, 2], [1, 1, 2]),
      tensor([3, 4, 5, 6], [1, 2, 2]),
    ]);
    await expectTensorsClose(y as Tensor, tensor([1, 2, 3, 4, 5, 6], [1, 3, 2]));
  });

  it('computes the output shape of a list, null when a joined size is unknown', () => {
    const c = new Concatenate();
    expect(
      c.computeOutputShape([
        [null, 4, 2],
        [null, 4, 3],
      ]),
    ).toEqual([null, 4, 5]);
    expect(
      new Concatenate({ axis: 1 }).computeOutputShape([
        [null, null, 2],
        [null, 4, 2],
      ]),
    ).toEqual([null, null, 2]);
    const a = input({ shape: [3] });
    const b = input({ shape: [5] });
    expect((new Concatenate().apply([a, b]) as SymbolicTensor).shape).toEqual([null, 8]);
  });

  it('names the layer, the axis and the shapes when they do not match', () => {
    const c = new Concatenate({ name: 'cat' });
    const x = [tensor([1, 2, 3, 4], [1, 2, 2]), tensor([1, 2, 3], [1, 3, 1])];
    expect(() => c.apply(x)).toThrow(ShapeError);
    expect(() => c.apply(x)).toThrow(
      "<Layer 'cat'>: expected inputs of one rank and the same shape except on axis -1. Received: shapes [1, 2, 2], [1, 3, 1].",
    );
  });

  it('rejects an axis beyond the rank and a non-integer axis', () => {
    const x = [tensor([[1]]), tensor([[2]])];
    expect(() => new Concatenate({ axis: 2, name: 'cat' }).apply(x)).toThrow(
      "<Layer 'cat'>: expected inputs of rank > 2, to join along axis 2. Received: shapes [1, 1], [1, 1].",
    );
    expect(() => new Concatenate({ axis: 0.5 })).toThrow(ConfigError);
  });
});

// Boolean masks (Embedding's `ids ≠ 0`) are joined on every backend.
describeBackends('Concatenate masks', () => {
  it('passes the mask when joining features and extends it when joining time', async () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    const b = tensor([1, 2, 3, 4], [1, 2, 2]);
    const mask = tensor([[1, 1, 0]], [1, 3], 'bool');
    const features = new Concatenate().computeMask([a, tensor([0, 0, 0], [1, 3, 1])], mask);
    await expectTensorsClose(features as Tensor, [1, 1, 0]);
    const time = new Concatenate({ axis: 1 }).computeMask([a, b], mask);
    expect(time?.shape).toEqual([1, 5]);
    await expectTensorsClose(time as Tensor, [1, 1, 0, 1, 1]);
    expect(new Concatenate().computeMask([a, a], null)).toBeNull();
  });
});
