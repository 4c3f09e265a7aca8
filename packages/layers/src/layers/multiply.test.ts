import { ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Multiply } from './multiply.js';

testLayer('Multiply', {
  create: (c) => new Multiply(c as never),
  config: {},
  inputShape: [
    [2, 3],
    [2, 3],
    [2, 1],
  ],
  expectedOutputShape: [2, 3],
});

describe('Multiply', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('multiplies the list element-wise', async () => {
    const y = new Multiply().apply([tensor([[1, 2, 3]]), tensor([[2, 3, 4]]), tensor([[-1]])]);
    await expectTensorsClose(y as Tensor, tensor([[-2, -6, -12]]));
  });

  it('names the layer and the shapes when they do not match', () => {
    const x = [tensor([[1, 2, 3]]), tensor([[1, 2, 3, 4]])];
    expect(() => new Multiply({ name: 'gate' }).apply(x)).toThrow(ShapeError);
    expect(() => new Multiply({ name: 'gate' }).apply(x)).toThrow(
      /<Layer 'gate'>: .*Received: shapes \[1, 3\], \[1, 4\]\./,
    );
  });
});
