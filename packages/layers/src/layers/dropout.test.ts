import {
  ConfigError,
  dispose,
  ones,
  RandomStream,
  ShapeError,
  type Tensor,
  tensor,
  useBackend,
} from '@strata/core';
import { expectTensorsClose, numericalGradientCheck, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';

// testLayer runs inference, where Dropout is the identity; training is checked below.
testLayer('Dropout', {
  create: (c) => new Dropout(c as never),
  config: { rate: 0.3 },
  inputShape: [2, 3, 4],
  expectedOutputShape: [2, 3, 4],
});

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describe('Dropout', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is the identity at inference', async () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    await expectTensorsClose(new Dropout({ rate: 0.9 }).apply(x) as Tensor, x);
  });

  it('keeps each value scaled by 1/(1 − rate) or zeroes it', async () => {
    const x = tensor([[1, -2, 3, 4, 5, 6, 7, 8]]);
    const y = new Dropout({ rate: 0.75, seed: 1 }).apply(x, { training: true }) as Tensor;
    const xs = await values(x);
    const ys = await values(y);
    const kept = ys.filter((v, i) => v === xs[i] * 4).length;
    const dropped = ys.filter((v) => v === 0).length;
    expect(kept + dropped).toBe(xs.length);
    expect(kept).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
  });

  it('drops a fraction ≈ rate of a large tensor, keeping the mean', async () => {
    const x = ones([200, 500]);
    const y = new Dropout({ rate: 0.3 }).apply(x, {
      training: true,
      rng: new RandomStream(9),
    }) as Tensor;
    const ys = await values(y);
    const dropped = ys.filter((v) => v === 0).length / ys.length;
    expect(dropped).toBeGreaterThan(0.29);
    expect(dropped).toBeLessThan(0.31);
    expect(ys.reduce((a, b) => a + b, 0) / ys.length).toBeCloseTo(1, 1);
  });

  it('draws the same mask from the same seed, and a new one on each call', async () => {
    const x = ones([4, 16]);
    const a = new Dropout({ rate: 0.5, seed: 42 });
    const b = new Dropout({ rate: 0.5, seed: 42 });
    const a1 = await values(a.apply(x, { training: true }) as Tensor);
    const b1 = await values(b.apply(x, { training: true }) as Tensor);
    expect(a1).toEqual(b1);
    const a2 = await values(a.apply(x, { training: true }) as Tensor);
    expect(a2).not.toEqual(a1);
  });

  it('without a seed draws from the call rng', async () => {
    const x = ones([4, 16]);
    const drop = new Dropout({ rate: 0.5 });
    const a = await values(drop.apply(x, { training: true, rng: new RandomStream(3) }) as Tensor);
    const b = await values(drop.apply(x, { training: true, rng: new RandomStream(3) }) as Tensor);
    expect(a).toEqual(b);
  });

  it('shares the mask across broadcast axes of noiseShape', async () => {
    const x = ones([2, 5, 6]);
    const y = new Dropout({ rate: 0.5, noiseShape: [null, 1, 6], seed: 4 }).apply(x, {
      training: true,
    }) as Tensor;
    const rows = (await y.array()) as number[][][];
    for (const sample of rows) for (const step of sample) expect(step).toEqual(sample[0]);
  });

  it('drops everything at rate 1 and nothing at rate 0', async () => {
    const x = tensor([[1, 2, 3]]);
    await expectTensorsClose(
      new Dropout({ rate: 1 }).apply(x, { training: true }) as Tensor,
      [0, 0, 0],
    );
    await expectTensorsClose(new Dropout({ rate: 0 }).apply(x, { training: true }) as Tensor, x);
  });

  it('has the gradient mask/(1 − rate) while training', async () => {
    const x = tensor([[0.5, -1, 2, 0.1, 3, -0.7]]);
    const drop = new Dropout({ rate: 0.4 });
    const f = (t: Tensor) => drop.apply(t, { training: true, rng: new RandomStream(8) }) as Tensor;
    await numericalGradientCheck(f, [x]);
  });

  it('rejects a rate outside [0, 1] and a noiseShape that does not fit the input', () => {
    expect(() => new Dropout({ rate: 1.5, name: 'drop' })).toThrow(ConfigError);
    expect(() => new Dropout({ rate: 1.5, name: 'drop' })).toThrow(
      "<Layer 'drop'>: expected rate in [0, 1]. Received: 1.5.",
    );
    const drop = new Dropout({ rate: 0.5, noiseShape: [null, 3], name: 'drop2' });
    const x = ones([2, 4]);
    expect(() => drop.apply(x, { training: true })).toThrow(ShapeError);
    expect(() => drop.apply(x, { training: true })).toThrow(
      "<Layer 'drop2'>: expected an input that noiseShape [null, 3] broadcasts to. Received: shape [2, 4].",
    );
    dispose(x);
  });
});
