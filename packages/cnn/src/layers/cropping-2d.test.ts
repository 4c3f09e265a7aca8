import {
  ConfigError,
  range,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
  useBackend,
} from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Cropping2D } from './cropping-2d.js';

testLayer('Cropping2D', {
  create: (c) => new Cropping2D(c as never),
  config: { cropping: 1 },
  inputShape: [2, 4, 5, 2],
  expectedOutputShape: [2, 2, 3, 2],
});

testLayer('Cropping2D, per side', {
  create: (c) => new Cropping2D(c as never),
  config: {
    cropping: [
      [0, 2],
      [1, 0],
    ],
  },
  inputShape: [1, 4, 3, 2],
  expectedOutputShape: [1, 2, 2, 2],
});

describe('Cropping2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('cuts the given rows and columns off', async () => {
    const x = reshape(range(1, 17), [1, 4, 4, 1]);
    const layer = new Cropping2D({
      cropping: [
        [1, 0],
        [1, 2],
      ],
    });
    const y = layer.apply(x) as Tensor;
    // rows 1–3, column 1 of [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]]
    expect(y.shape).toEqual([1, 3, 1, 1]);
    await expectTensorsClose(y as never, [6, 10, 14]);
    expect(layer.computeOutputShape([null, 4, 4, 1])).toEqual([null, 3, 1, 1]);
  });

  it('rejects a bad cropping or one that removes the whole image, naming the layer', () => {
    expect(() => new Cropping2D({ cropping: 1.5 as never, name: 'cr' })).toThrow(ConfigError);
    const layer = new Cropping2D({ cropping: [2, 0], name: 'cr2' });
    expect((layer.apply(tensor([1, 2, 3, 4, 5], [1, 5, 1, 1])) as Tensor).shape).toEqual([
      1, 1, 1, 1,
    ]);
    const tooMuch = new Cropping2D({ cropping: [2, 0], name: 'cr3' });
    expect(() => tooMuch.apply(tensor([1, 2, 3, 4], [1, 2, 2, 1]))).toThrow(ShapeError);
    expect(() => tooMuch.apply(tensor([1, 2, 3, 4], [1, 2, 2, 1]))).toThrow(
      "<Layer 'cr3'>: expected an input taller than 4 and wider than 0. Received: shape [1, 2, 2, 1].",
    );
  });
});
