import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { LayerNormalization } from './layer-normalization.js';

testLayer('LayerNormalization', {
  create: (c) => new LayerNormalization(c as never),
  config: {
    gammaInitializer: { className: 'RandomNormal', config: { mean: 1, stddev: 0.2 } },
    betaInitializer: { className: 'RandomNormal', config: { stddev: 0.2 } },
  },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 4],
});

testLayer('LayerNormalization over two axes', {
  create: (c) => new LayerNormalization(c as never),
  config: {
    axis: [1, 2],
    epsilon: 1e-2,
    gammaInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 1.5 } },
  },
  inputShape: [2, 2, 3],
  expectedOutputShape: [2, 2, 3],
});

testLayer('LayerNormalization without center and scale', {
  create: (c) => new LayerNormalization(c as never),
  config: { center: false, scale: false },
  inputShape: [3, 5],
  expectedOutputShape: [3, 5],
});

/** (x − mean) / √(var + ε) of one row, in float64. */
function normalize(row: number[], epsilon: number): number[] {
  const mean = row.reduce((a, b) => a + b, 0) / row.length;
  const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
  return row.map((v) => (v - mean) / Math.sqrt(variance + epsilon));
}

describe('LayerNormalization', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('normalises each sample over the last axis, then scales by gamma and shifts by beta', async () => {
    const norm = new LayerNormalization();
    const x = tensor([
      [1, 2, 3, 6],
      [-1, -1, 1, 1],
    ]);
    norm.apply(x);
    norm.setWeights([tensor([1, 2, 0.5, -1]), tensor([0, 0.5, 1, -2])]);
    // row 0: mean 3, variance (4 + 1 + 0 + 9)/4 = 3.5; row 1: mean 0, variance 1
    const s0 = Math.sqrt(3.5 + 1e-3);
    const s1 = Math.sqrt(1 + 1e-3);
    const expected = [
      -2 / s0,
      (2 * -1) / s0 + 0.5,
      0 + 1,
      (-1 * 3) / s0 - 2,
      -1 / s1,
      (2 * -1) / s1 + 0.5,
      (0.5 * 1) / s1 + 1,
      (-1 * 1) / s1 - 2,
    ];
    await expectTensorsClose(norm.apply(x) as Tensor, expected);
  });

  it('normalises over several axes together, with gamma and beta shaped by them', async () => {
    const norm = new LayerNormalization({ axis: [1, 2], epsilon: 0.1 });
    const x = tensor([1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 12], [2, 2, 3]);
    const y = norm.apply(x) as Tensor;
    expect(norm.weights.map((w) => w.variable.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    const expected = [
      ...normalize([1, 2, 3, 4, 5, 6], 0.1),
      ...normalize([0, 0, 0, 0, 0, 12], 0.1),
    ];
    await expectTensorsClose(y, expected, { atol: 1e-5, rtol: 1e-5 });
  });

  it('normalises over a middle axis, broadcasting the weights over the others', async () => {
    const norm = new LayerNormalization({ axis: 1, center: false, scale: false });
    // [1, 3, 2]: columns [1, 2, 6] and [0, 0, 3] are normalised separately
    const x = tensor([1, 0, 2, 0, 6, 3], [1, 3, 2]);
    const a = normalize([1, 2, 6], 1e-3);
    const b = normalize([0, 0, 3], 1e-3);
    await expectTensorsClose(norm.apply(x) as Tensor, [a[0], b[0], a[1], b[1], a[2], b[2]]);
    expect(norm.countParams()).toBe(0);
  });

  it('has gamma and beta of the feature size, in that order', () => {
    const norm = new LayerNormalization();
    norm.apply(tensor([[1, 2, 3]]));
    expect(norm.weights.map((w) => w.path)).toEqual([`${norm.name}/gamma`, `${norm.name}/beta`]);
    expect(norm.countParams()).toBe(6);
  });

  it('names the layer, the axes and the input on a batch or out-of-range axis', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => new LayerNormalization({ axis: 0, name: 'ln' }).apply(x)).toThrow(ShapeError);
    expect(() => new LayerNormalization({ axis: 0, name: 'ln' }).apply(x)).toThrow(
      "<Layer 'ln'>: expected an input with distinct non-batch axes 0 (rank ≥ 2). Received: shape [1, 3].",
    );
    expect(() => new LayerNormalization({ axis: [1, 2], name: 'ln' }).apply(x)).toThrow(
      /distinct non-batch axes \[1,2\]/,
    );
  });

  it('checks the normalised size on later calls', () => {
    const norm = new LayerNormalization({ name: 'ln' });
    norm.apply(tensor([[1, 2, 3]]));
    expect(() => norm.apply(tensor([[1, 2]]))).toThrow(
      "<Layer 'ln'>: expected input last dimension 3. Received: shape [1, 2].",
    );
  });

  it('rejects a non-positive epsilon and an empty axis list', () => {
    expect(() => new LayerNormalization({ epsilon: 0 })).toThrow(ConfigError);
    expect(() => new LayerNormalization({ axis: [] })).toThrow(ConfigError);
  });
});
