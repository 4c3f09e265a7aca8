import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { UpSampling2D } from './up-sampling-2d.js';

testLayer('UpSampling2D', {
  create: (c) => new UpSampling2D(c as never),
  config: {},
  inputShape: [2, 2, 3, 2],
  expectedOutputShape: [2, 4, 6, 2],
});

testLayer('UpSampling2D, size [3, 1]', {
  create: (c) => new UpSampling2D(c as never),
  config: { size: [3, 1] },
  inputShape: [1, 2, 2, 3],
  expectedOutputShape: [1, 6, 2, 3],
});

describe('UpSampling2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('repeats each row and column (nearest neighbour)', async () => {
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = new UpSampling2D().apply(x) as Tensor;
    expect(y.shape).toEqual([1, 4, 4, 1]);
    await expectTensorsClose(y as never, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const wide = new UpSampling2D({ size: [1, 3] }).apply(x) as Tensor;
    await expectTensorsClose(wide as never, [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });

  it('rejects a bad size, interpolation or input, naming the layer', () => {
    expect(() => new UpSampling2D({ size: 0, name: 'up' })).toThrow(
      "<Layer 'up'>: expected size, an integer or 2 integers ≥ 1. Received: 0.",
    );
    expect(() => new UpSampling2D({ interpolation: 'bilinear' as never })).toThrow(ConfigError);
    const layer = new UpSampling2D({ name: 'up2' });
    expect(() => layer.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => layer.apply(tensor([[1, 2]]))).toThrow(/<Layer 'up2'>: expected an input \[batch/);
  });
});
