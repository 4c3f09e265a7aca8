import { ConfigError, dispose, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose, testLayer } from '@strata/test-utils';
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

/** Rows of `[n, 2, 3]` (2 positions × 3 channels) around 1000, all different: row i, position p, channel c. */
function rows(from: number, n: number): number[][][] {
  return Array.from({ length: n }, (_, k) =>
    Array.from({ length: 2 }, (_, p) =>
      Array.from(
        { length: 3 },
        (_, c) => 1000 + (((from + k) * 37 + p * 5 + c * 11) % 17) * (c + 1),
      ),
    ),
  );
}

/** The float64 mean and population variance of the last axis of `data`, computed directly. */
function lastAxisStats(data: number[][][]): { mean: number[]; variance: number[] } {
  const flat = data.flat();
  const mean = [0, 1, 2].map((c) => flat.reduce((s, r) => s + r[c], 0) / flat.length);
  const variance = mean.map((m, c) => flat.reduce((s, r) => s + (r[c] - m) ** 2, 0) / flat.length);
  return { mean, variance };
}

function statsOf(layer: Normalization): { mean: number[]; variance: number[] } {
  const { mean, variance } = layer.getConfig();
  return { mean: mean as number[], variance: variance as number[] };
}

function expectClose(actual: number[], expected: number[], atol: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      atol,
    );
  });
}

describeBackends('Normalization.adapt', () => {
  it('learns the mean and variance of a tensor per channel, and normalises with them', async () => {
    const x = tensor([
      [1, 10],
      [2, 20],
      [3, 30],
      [6, 60],
    ]);
    const norm = new Normalization({ name: 'norm' });
    await expectNoLeaks(() => norm.adapt(x));
    // mean (1+2+3+6)/4 = 3, variance (4+1+0+9)/4 = 3.5; the second channel is 10×.
    expectClose(statsOf(norm).mean, [3, 30], 1e-5);
    expectClose(statsOf(norm).variance, [3.5, 350], 1e-4);
    const y = norm.apply(x) as Tensor;
    const s = Math.sqrt(3.5);
    await expectTensorsClose(y, [-2 / s, -2 / s, -1 / s, -1 / s, 0, 0, 3 / s, 3 / s]);
    dispose([x, y]);
  });

  it('keeps the entries of axis and reduces every other one, from a nested number array', async () => {
    // [2, 2, 3] with axis 1: index 0 holds 1,2,3,5,6,7 (mean 4, variance 28/6) and index 1
    // holds 10…60 (mean 35, variance 1750/6).
    const data = [
      [
        [1, 2, 3],
        [10, 20, 30],
      ],
      [
        [5, 6, 7],
        [40, 50, 60],
      ],
    ];
    const norm = new Normalization({ axis: 1 });
    await expectNoLeaks(() => norm.adapt(data));
    expectClose(statsOf(norm).mean, [4, 35], 1e-5);
    expectClose(statsOf(norm).variance, [28 / 6, 1750 / 6], 1e-4);
    const x = tensor(data);
    const y = norm.apply(x) as Tensor;
    const [s0, s1] = [Math.sqrt(28 / 6), Math.sqrt(1750 / 6)];
    const expected = data.flatMap((sample) =>
      sample.flatMap((row, i) => row.map((v) => (i === 0 ? (v - 4) / s0 : (v - 35) / s1))),
    );
    await expectTensorsClose(y, expected);
    dispose([x, y]);
  });

  it('streams batches of uneven sizes to the statistics of their concatenation', async () => {
    const sizes = [4, 1, 7, 3];
    const all = rows(0, 15);
    const expected = lastAxisStats(all);
    async function* batches(): AsyncGenerator<Tensor> {
      let from = 0;
      for (const n of sizes) {
        yield tensor(rows(from, n));
        from += n;
      }
    }
    const streamed = new Normalization();
    // the async iterable's batches belong to adapt, which disposes them
    await expectNoLeaks(() => streamed.adapt(batches()));
    expectClose(statsOf(streamed).mean, expected.mean, 1e-3);
    expectClose(statsOf(streamed).variance, expected.variance, 1e-3);
    const whole = new Normalization();
    const x = tensor(all);
    await whole.adapt(x);
    expectClose(statsOf(streamed).mean, statsOf(whole).mean, 1e-3);
    expectClose(statsOf(streamed).variance, statsOf(whole).variance, 1e-3);
    x.dispose();
  });

  it("reads { xs, ys } items and disposes them, and leaves an array's tensors to the caller", async () => {
    async function* pairs(): AsyncGenerator<{ xs: Tensor; ys: Tensor }> {
      yield { xs: tensor([[1], [3]]), ys: tensor([0, 1]) };
      yield { xs: tensor([[5]]), ys: tensor([1]) };
    }
    const norm = new Normalization();
    await expectNoLeaks(() => norm.adapt(pairs()));
    expectClose(statsOf(norm).mean, [3], 1e-6);
    expectClose(statsOf(norm).variance, [8 / 3], 1e-5);
    const batches = [tensor([[1], [3]]), tensor([[5]])];
    await norm.adapt(batches);
    expect(batches.map((t) => t.isDisposed)).toEqual([false, false]);
    expectClose(statsOf(norm).variance, [8 / 3], 1e-5);
    dispose(batches);
  });

  it('replaces the statistics on a new adapt, also once built, as if given in the config', async () => {
    const norm = new Normalization({ mean: 0, variance: 1, name: 'norm' });
    const x = tensor([[2], [4]]);
    const before = norm.apply(x) as Tensor; // built with the config's statistics
    await expectTensorsClose(before, [2, 4]);
    await norm.adapt(x);
    expectClose(statsOf(norm).mean, [3], 1e-6);
    expectClose(statsOf(norm).variance, [1], 1e-6);
    const after = norm.apply(x) as Tensor;
    await expectTensorsClose(after, [-1, 1]);
    const copy = new Normalization(JSON.parse(JSON.stringify(norm.getConfig())));
    const same = copy.apply(x) as Tensor;
    await expectTensorsClose(same, after, { atol: 0, rtol: 0 });
    dispose([x, before, after, same]);
  });

  it('refuses data with another channel count than the built layer, keeping its statistics', async () => {
    const norm = new Normalization({ mean: [1, 2], variance: [1, 1], name: 'norm' });
    const x = tensor([[1, 2]]);
    (norm.apply(x) as Tensor).dispose();
    const three = tensor([[1, 2, 3]]);
    await expect(norm.adapt(three)).rejects.toThrow(
      "<Layer 'norm'>: expected adapt data with 2 channels on axis -1 (the layer is built for them). Received: shape [1, 3].",
    );
    expect(norm.getConfig()).toMatchObject({ mean: [1, 2], variance: [1, 1] });
    dispose([x, three]);
  });

  it('refuses to run before adapt, and bad adapt data, naming the layer', async () => {
    const norm = new Normalization({ name: 'fresh' });
    const x = tensor([[1, 2]]);
    expect(() => norm.apply(x)).toThrow(
      "<Layer 'fresh'>: expected a mean and a variance, from the config or from `await layer.adapt(data)`. Received: neither: the layer was called before being adapted.",
    );
    expect(() => new Normalization({ mean: 1, name: 'half' })).toThrow(
      "<Layer 'half'>: expected mean and variance together, or neither (then call adapt). Received: mean only.",
    );
    await expect(norm.adapt([])).rejects.toThrow(
      "<Layer 'fresh'>: expected adapt data with at least one sample. Received: no batch.",
    );
    await expect(norm.adapt([1, 2, 3])).rejects.toThrow(ShapeError);
    await expect(norm.adapt(3 as never)).rejects.toThrow(ConfigError);
    const mixed = [tensor([[1, 2]]), tensor([[1, 2, 3]])];
    await expect(new Normalization({ name: 'unbuilt' }).adapt(mixed)).rejects.toThrow(
      "<Layer 'unbuilt'>: expected batches of rank 2 with 2 channels on axis 1. Received: a batch of shape [1, 3].",
    );
    await expect(norm.adapt([x, 'text'] as never)).rejects.toThrow(ConfigError);
    // still not adapted after the failures
    expect(norm.getConfig().mean).toBeUndefined();
    dispose([x, ...mixed]);
  });
});
