import {
  conv2d,
  depthwiseConv2d,
  RandomStream,
  type Tensor4D,
  tensor,
  useBackend,
} from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import { depthwiseAsConv2dKernel } from './depthwise-op.js';

describe('depthwiseAsConv2dKernel', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('gives a conv2d kernel that computes the depthwise convolution', async () => {
    const rng = new RandomStream(3);
    const x = tensor(rng.normalArray(2 * 5 * 5 * 3), [2, 5, 5, 3]) as Tensor4D;
    const filter = tensor(rng.normalArray(3 * 2 * 3 * 2), [3, 2, 3, 2]) as Tensor4D;
    const expected = depthwiseConv2d(x, filter, [2, 1], 'same');
    const kernel = depthwiseAsConv2dKernel(filter);
    await expectTensorsClose(conv2d(x, kernel, [2, 1], 'same'), expected, {
      atol: 1e-5,
      rtol: 1e-5,
    });
  });
});
