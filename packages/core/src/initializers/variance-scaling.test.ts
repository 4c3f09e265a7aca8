import { type Initializer, initializers, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

const TRUNCATED_STDDEV = 0.87962566103423978;

async function stats(init: Initializer, shape: number[]): Promise<{ std: number; maxAbs: number }> {
  const t = init.apply(shape);
  const v = await t.data();
  t.dispose();
  let sum = 0;
  let sumSq = 0;
  let maxAbs = 0;
  for (const x of v) {
    sum += x;
    sumSq += x * x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = sum / v.length;
  return { std: Math.sqrt(sumSq / v.length - mean * mean), maxAbs };
}

describe('computeFans', () => {
  it('follows Keras: dense [in, out], conv [...spatial, in, out], vector and scalar', () => {
    expect(initializers.computeFans([400, 600])).toEqual({ fanIn: 400, fanOut: 600 });
    expect(initializers.computeFans([3, 3, 16, 32])).toEqual({
      fanIn: 3 * 3 * 16,
      fanOut: 3 * 3 * 32,
    });
    expect(initializers.computeFans([5, 8, 4])).toEqual({ fanIn: 40, fanOut: 20 });
    expect(initializers.computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(initializers.computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

// [400, 600]: fanIn 400, fanOut 600, fanAvg 500. 240 000 samples: the sample standard
// deviation is within 0.3 % of the truth with overwhelming probability; 1.5 % is the bound.
const dense = [400, 600];
const cases: [string, Initializer, 'uniform' | 'normal', number][] = [
  ['glorotUniform', initializers.glorotUniform({ seed: 1 }), 'uniform', 1 / 500],
  ['glorotNormal', initializers.glorotNormal({ seed: 1 }), 'normal', 1 / 500],
  ['heUniform', initializers.heUniform({ seed: 1 }), 'uniform', 2 / 400],
  ['heNormal', initializers.heNormal({ seed: 1 }), 'normal', 2 / 400],
  ['lecunUniform', initializers.lecunUniform({ seed: 1 }), 'uniform', 1 / 400],
  ['lecunNormal', initializers.lecunNormal({ seed: 1 }), 'normal', 1 / 400],
];

describe('glorot, he and lecun on a [400, 600] kernel', () => {
  for (const [name, init, kind, variance] of cases) {
    it(`${name} has variance ${variance} and the Keras bound`, async () => {
      const { std, maxAbs } = await stats(init, dense);
      expect(Math.abs(std / Math.sqrt(variance) - 1)).toBeLessThan(0.015);
      // uniform: limit sqrt(3·variance); truncated normal: 2σ with σ = sqrt(variance)/0.8796.
      const bound =
        kind === 'uniform' ? Math.sqrt(3 * variance) : (2 * Math.sqrt(variance)) / TRUNCATED_STDDEV;
      expect(maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(maxAbs).toBeGreaterThan(bound * 0.99);
    });
  }

  it('report their Keras class names and a {seed} config', () => {
    expect(cases.map(([, init]) => init.className)).toEqual([
      'GlorotUniform',
      'GlorotNormal',
      'HeUniform',
      'HeNormal',
      'LecunUniform',
      'LecunNormal',
    ]);
    expect(initializers.heNormal({ seed: 3 }).getConfig()).toEqual({ seed: 3 });
    expect(initializers.glorotUniform().getConfig()).toEqual({ seed: null });
  });
});

describe('variance scaling on a conv kernel [3, 3, 16, 32] (fanIn 144, fanOut 288)', () => {
  const conv = [3, 3, 16, 32];

  it('glorotUniform uses the limit sqrt(6 / (144 + 288))', async () => {
    const { maxAbs, std } = await stats(initializers.glorotUniform({ seed: 2 }), conv);
    const limit = Math.sqrt(6 / (144 + 288));
    expect(maxAbs).toBeLessThanOrEqual(limit * (1 + 1e-6));
    expect(maxAbs).toBeGreaterThan(limit * 0.99);
    expect(Math.abs(std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.05);
  });

  it('heNormal has standard deviation sqrt(2 / 144)', async () => {
    const { std, maxAbs } = await stats(initializers.heNormal({ seed: 2 }), conv);
    expect(Math.abs(std / Math.sqrt(2 / 144) - 1)).toBeLessThan(0.05);
    expect(maxAbs).toBeLessThanOrEqual((2 * Math.sqrt(2 / 144)) / TRUNCATED_STDDEV + 1e-6);
  });

  it('varianceScaling fanOut, untruncated normal has standard deviation sqrt(scale / 288)', async () => {
    const init = initializers.varianceScaling({
      scale: 3,
      mode: 'fanOut',
      distribution: 'untruncatedNormal',
      seed: 2,
    });
    const { std, maxAbs } = await stats(init, conv);
    expect(Math.abs(std / Math.sqrt(3 / 288) - 1)).toBeLessThan(0.05);
    // untruncated: some draws fall beyond 2σ (about 4.6 % of 4608)
    expect(maxAbs).toBeGreaterThan(2 * Math.sqrt(3 / 288));
    expect(init.getConfig()).toEqual({
      scale: 3,
      mode: 'fanOut',
      distribution: 'untruncatedNormal',
      seed: 2,
    });
  });
});
