import { ConfigError, dispose, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normalization } from './normalization.js';

testLayer('Normalization', {
  create: (c) => new Normalization(c as never),
  config: { mean: [0.5, -1], variance: [4, 0.25] },
  inputShape: [2, 3, 3, 2],
  expectedOutputShape: [2, 3, 3, 2],
});

describe('Normalization', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('computes (x − mean) / √variance per channel', async () => {
    const x = tensor([1, 10, 3, 30], [1, 1, 2, 2]);
    const norm = new Normalization({ mean: [2, 20], variance: [0.25, 100] });
    const y = norm.apply(x) as Tensor;
    await expectTensorsClose(y, [-2, -1, 2, 1]);
    dispose([x, y]);
  });

  it('inverts, and normalises along another axis', async () => {
    const x = tensor([-2, -1, 2, 1], [1, 1, 2, 2]);
    const y = new Normalization({ mean: [2, 20], variance: [0.25, 100], invert: true }).apply(
      x,
    ) as Tensor;
    await expectTensorsClose(y, [1, 10, 3, 30]);
    // axis 2: the statistics run along the width
    const z = new Normalization({ axis: 2, mean: [0, 1], variance: [1, 4] }).apply(x) as Tensor;
    await expectTensorsClose(z, [-2, -1, 0.5, 0]);
    dispose([x, y, z]);
  });

  it('floors the standard deviation at 1e-7, as Keras', async () => {
    const x = tensor([3, 3], [1, 2]);
    const y = new Normalization({ mean: 3, variance: 0 }).apply(x) as Tensor;
    await expectTensorsClose(y, [0, 0]);
    dispose([x, y]);
  });

  it('refuses missing statistics, a negative variance and statistics of the wrong size', () => {
    expect(() => new Normalization({ mean: 1 } as never)).toThrow(ConfigError);
    expect(() => new Normalization({ mean: 1, variance: -1, name: 'norm' })).toThrow(
      "<Layer 'norm'>: expected variance ≥ 0. Received: -1.",
    );
    const x = tensor([1, 2, 3], [1, 3]);
    const norm = new Normalization({ mean: [1, 2], variance: 1, name: 'norm2' });
    expect(() => norm.apply(x) as Tensor).toThrow(
      "<Layer 'norm2'>: expected mean, a number or 3 numbers (one per channel). Received: [1,2].",
    );
    expect(() => new Normalization({ mean: 1, variance: 1, axis: 0 }).apply(x) as Tensor).toThrow(
      ShapeError,
    );
    x.dispose();
  });
});
