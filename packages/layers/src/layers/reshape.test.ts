import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { input } from './input-layer.js';
import { Reshape } from './reshape.js';

testLayer('Reshape', {
  create: (c) => new Reshape(c as never),
  config: { targetShape: [3, 4] },
  inputShape: [2, 12],
  expectedOutputShape: [2, 3, 4],
});

testLayer('Reshape with −1', {
  create: (c) => new Reshape(c as never),
  config: { targetShape: [-1, 2] },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 6, 2],
});

describe('Reshape', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('keeps the batch and the row-major order of each sample', async () => {
    const x = tensor([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    const y = new Reshape({ targetShape: [3, 2] }).apply(x) as Tensor;
    await expectTensorsClose(y, tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]));
  });

  it('infers −1 in the output shape, and leaves it null while the input size is unknown', () => {
    const r = new Reshape({ targetShape: [2, -1] });
    expect((r.apply(input({ shape: [3, 4] })) as SymbolicTensor).shape).toEqual([null, 2, 6]);
    expect(new Reshape({ targetShape: [2, -1] }).computeOutputShape([null, null, 4])).toEqual([
      null,
      2,
      null,
    ]);
  });

  it('names the layer, the target and the input when the sizes do not match', () => {
    const r = new Reshape({ targetShape: [5, 2], name: 'rs' });
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => r.apply(x)).toThrow(ShapeError);
    expect(() => r.apply(x)).toThrow(
      "<Layer 'rs'>: expected an input of 10 elements per sample, to reshape to [5, 2]. Received: shape [2, 3] (3 elements per sample).",
    );
    const free = new Reshape({ targetShape: [-1, 2], name: 'rs2' });
    expect(() => free.apply(x)).toThrow(
      "<Layer 'rs2'>: expected an input whose elements per sample are a multiple of 2, to reshape to [-1, 2]. Received: shape [2, 3] (3 elements per sample).",
    );
  });

  it('checks every call, not only the first', () => {
    const r = new Reshape({ targetShape: [2, 2] });
    r.apply(tensor([[1, 2, 3, 4]]));
    expect(() => r.apply(tensor([[1, 2, 3, 4, 5, 6]]))).toThrow(ShapeError);
  });

  it('rejects two −1 and non-positive sizes', () => {
    expect(() => new Reshape({ targetShape: [-1, -1], name: 'rs' })).toThrow(ConfigError);
    expect(() => new Reshape({ targetShape: [0, 3], name: 'rs' })).toThrow(
      "<Layer 'rs'>: expected targetShape of positive integers with at most one −1. Received: [0,3].",
    );
  });
});
