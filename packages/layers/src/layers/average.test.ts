import { ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Average } from './average.js';

testLayer('Average', {
  create: (c) => new Average(c as never),
  config: {},
  inputShape: [
    [2, 4],
    [2, 4],
  ],
  expectedOutputShape: [2, 4],
});

describe('Average', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('averages the list element-wise', async () => {
    const y = new Average().apply([tensor([[1, 2]]), tensor([[3, 4]]), tensor([[5, 9]])]);
    await expectTensorsClose(y as Tensor, tensor([[3, 5]]));
  });

  it('returns a copy of a one-tensor list', async () => {
    const x = tensor([[1, 2]]);
    const y = new Average().apply([x]) as Tensor;
    y.dispose();
    await expectTensorsClose(x, tensor([[1, 2]]));
  });

  it('names the layer and the shapes when they do not match', () => {
    const x = [tensor([[1, 2]]), tensor([[1, 2, 3]])];
    expect(() => new Average({ name: 'mean' }).apply(x)).toThrow(ShapeError);
    expect(() => new Average({ name: 'mean' }).apply(x)).toThrow(
      /<Layer 'mean'>: .*Received: shapes \[1, 2\], \[1, 3\]\./,
    );
  });
});
