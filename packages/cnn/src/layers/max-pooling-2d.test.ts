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
import { MaxPooling2D } from './max-pooling-2d.js';

// A small step, so that no two values of a window swap order between the two evaluations.
const GRADIENT_CHECK = { gradientTolerance: { epsilon: 1e-3 } };

testLayer('MaxPooling2D', {
  create: (c) => new MaxPooling2D(c as never),
  config: {},
  inputShape: [2, 4, 6, 3],
  expectedOutputShape: [2, 2, 3, 3],
  ...GRADIENT_CHECK,
});

testLayer('MaxPooling2D, pool 3, strides 2, same padding', {
  create: (c) => new MaxPooling2D(c as never),
  config: { poolSize: [3, 3], strides: 2, padding: 'same' },
  inputShape: [1, 5, 4, 2],
  expectedOutputShape: [1, 3, 2, 2],
  ...GRADIENT_CHECK,
});

describe('MaxPooling2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('takes the largest value of each non-overlapping 2×2 window by default', async () => {
    const x = reshape(range(1, 17), [1, 4, 4, 1]);
    await expectTensorsClose(new MaxPooling2D().apply(x) as never, [6, 8, 14, 16]);
  });

  it('slides by the given strides and pads the bottom and right for same', async () => {
    const x = reshape(range(1, 10), [1, 3, 3, 1]);
    const overlapping = new MaxPooling2D({ poolSize: 2, strides: 1 });
    await expectTensorsClose(overlapping.apply(x) as never, [5, 6, 8, 9]);
    const same = new MaxPooling2D({ poolSize: 2, padding: 'same' });
    const y = same.apply(x) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    await expectTensorsClose(y as never, [5, 6, 8, 9]);
    expect(same.computeOutputShape([null, 3, 3, 1])).toEqual([null, 2, 2, 1]);
  });

  it('rejects a bad pool size, padding or input rank, naming the layer', () => {
    expect(() => new MaxPooling2D({ poolSize: 0, name: 'p1' })).toThrow(ConfigError);
    expect(() => new MaxPooling2D({ poolSize: 0, name: 'p1' })).toThrow(
      "<Layer 'p1'>: expected poolSize, an integer or 2 integers ≥ 1. Received: 0.",
    );
    expect(() => new MaxPooling2D({ padding: 'full' as never })).toThrow(/padding/);
    const pool = new MaxPooling2D({ name: 'p2' });
    expect(() => pool.apply(tensor([[[1, 2]]]))).toThrow(ShapeError);
    expect(() => pool.apply(tensor([[[1, 2]]]))).toThrow(
      "<Layer 'p2'>: expected an input [batch, height, width, channels]. Received: shape [1, 1, 2].",
    );
  });
});
