import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZeroPadding2D } from './zero-padding-2d.js';

testLayer('ZeroPadding2D', {
  create: (c) => new ZeroPadding2D(c as never),
  config: {},
  inputShape: [2, 3, 4, 2],
  expectedOutputShape: [2, 5, 6, 2],
});

testLayer('ZeroPadding2D, per side', {
  create: (c) => new ZeroPadding2D(c as never),
  config: {
    padding: [
      [1, 0],
      [0, 2],
    ],
  },
  inputShape: [1, 2, 3, 2],
  expectedOutputShape: [1, 3, 5, 2],
});

describe('ZeroPadding2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('adds zeros on the given sides', async () => {
    const layer = new ZeroPadding2D({
      padding: [
        [1, 0],
        [0, 2],
      ],
    });
    const y = layer.apply(tensor([1, 2, 3, 4], [1, 2, 2, 1])) as Tensor;
    expect(y.shape).toEqual([1, 3, 4, 1]);
    await expectTensorsClose(y as never, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  });

  it('reads n and [h, w] as symmetric padding', () => {
    expect(new ZeroPadding2D({ padding: 2 }).computeOutputShape([null, 4, 5, 3])).toEqual([
      null,
      8,
      9,
      3,
    ]);
    expect(new ZeroPadding2D({ padding: [1, 3] }).computeOutputShape([null, 4, 5, 3])).toEqual([
      null,
      6,
      11,
      3,
    ]);
  });

  it('rejects a bad padding or a non-image input, naming the layer', () => {
    expect(() => new ZeroPadding2D({ padding: -1, name: 'zp' })).toThrow(ConfigError);
    expect(() => new ZeroPadding2D({ padding: [1, 2, 3] as never, name: 'zp' })).toThrow(
      "<Layer 'zp'>: expected padding, an integer ≥ 0, [height, width] or [[top, bottom], [left, right]]. Received: [1,2,3].",
    );
    const layer = new ZeroPadding2D({ name: 'zp2' });
    expect(() => layer.apply(tensor([[1]]))).toThrow(ShapeError);
    expect(() => layer.apply(tensor([[1]]))).toThrow(
      "<Layer 'zp2'>: expected an input [batch, height, width, channels]. Received: shape [1, 1].",
    );
  });
});
