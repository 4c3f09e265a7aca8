import { ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { Add } from './add.js';
import { input } from './input-layer.js';

testLayer('Add', {
  create: (c) => new Add(c as never),
  config: {},
  inputShape: [
    [2, 3, 4],
    [2, 3, 4],
    [2, 3, 4],
  ],
  expectedOutputShape: [2, 3, 4],
});

testLayer('Add with a broadcast axis', {
  create: (c) => new Add(c as never),
  config: {},
  inputShape: [
    [2, 3, 4],
    [2, 1, 4],
  ],
  expectedOutputShape: [2, 3, 4],
});

describe('Add', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('sums the list element-wise', async () => {
    const y = new Add().apply([tensor([[1, 2]]), tensor([[10, 20]]), tensor([[100, 200]])]);
    await expectTensorsClose(y as Tensor, tensor([[111, 222]]));
  });

  it('broadcasts size-1 axes', async () => {
    const y = new Add().apply([
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[10], [20]]),
    ]);
    await expectTensorsClose(
      y as Tensor,
      tensor([
        [11, 12],
        [23, 24],
      ]),
    );
  });

  it('computes the output shape of a list, in a functional model too', () => {
    expect(
      new Add().computeOutputShape([
        [null, 3, 1],
        [null, 3, 4],
      ]),
    ).toEqual([null, 3, 4]);
    const a = input({ shape: [5] });
    const b = input({ shape: [5] });
    expect((new Add().apply([a, b]) as SymbolicTensor).shape).toEqual([null, 5]);
  });

  it('names the layer and the shapes when they do not match', () => {
    const add = new Add({ name: 'sum' });
    const x = tensor([[1, 2, 3]]);
    const z = tensor([[1, 2]]);
    expect(() => add.apply([x, z])).toThrow(ShapeError);
    expect(() => add.apply([x, z])).toThrow(
      "<Layer 'sum'>: expected inputs of the same shape, or of size 1 on the axes that broadcast. Received: shapes [1, 3], [1, 2].",
    );
    expect(() => add.apply([x, tensor([1, 2, 3])])).toThrow(
      "<Layer 'sum'>: expected inputs of the same rank. Received: shapes [1, 3], [3].",
    );
  });

  it('does not broadcast the batch', () => {
    const x = tensor([[1, 2]]);
    const z = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(() => new Add().apply([x, z])).toThrow(ShapeError);
  });

  it('rejects a single tensor, asking for a list', () => {
    expect(() => new Add({ name: 'sum' }).apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'sum'>: expected a list of tensors. Received: one tensor of shape [1, 2].",
    );
  });
});
