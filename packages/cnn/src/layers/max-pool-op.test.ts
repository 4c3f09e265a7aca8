import { grad, maxPool, RandomStream, type Tensor4D, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import type { Padding } from './conv-utils.js';
import { maxPoolGradient } from './max-pool-op.js';

describe('maxPoolGradient', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const cases: [[number, number, number, number], [number, number], [number, number], Padding][] = [
    [[1, 1, 6, 1], [1, 2], [1, 2], 'valid'],
    [[1, 4, 4, 4], [2, 2], [2, 2], 'valid'],
    [[2, 5, 7, 3], [3, 3], [2, 2], 'same'],
    [[1, 5, 5, 2], [2, 3], [1, 2], 'valid'],
    [[1, 6, 6, 8], [2, 2], [1, 1], 'same'],
  ];

  for (const [shape, size, strides, padding] of cases) {
    it(`agrees with tfjs-cpu's MaxPoolGrad on ${JSON.stringify(shape)}, pool ${size}, strides ${strides}, ${padding}`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = tensor(new RandomStream(n).normalArray(n), shape) as Tensor4D;
      const dy = maxPool(x, size, strides, padding);
      const upstream = tensor(new RandomStream(2).normalArray(dy.size), dy.shape) as Tensor4D;
      const expected = grad((t) => maxPool(t as Tensor4D, size, strides, padding))(x, upstream);
      await expectTensorsClose(maxPoolGradient(x, dy, upstream, size, strides, padding), expected);
    });
  }

  it('sends a tied window its gradient once, to the first largest element', async () => {
    const x = tensor([3, 3, 1, 3], [1, 2, 2, 1]) as Tensor4D;
    const y = maxPool(x, [2, 2], [2, 2], 'valid');
    const dx = maxPoolGradient(
      x,
      y,
      tensor([5], [1, 1, 1, 1]) as Tensor4D,
      [2, 2],
      [2, 2],
      'valid',
    );
    await expectTensorsClose(dx, [5, 0, 0, 0]);
  });
});
