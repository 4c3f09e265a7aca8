import {
  AdamW,
  ConfigError,
  dispose,
  memory,
  type NamedTensorMap,
  type Scalar,
  scalar,
  square,
  stepDecay,
  sub,
  sum,
  tensor,
  useBackend,
  type Variable,
  variable,
} from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

const owned: { dispose(): void }[] = [];
afterEach(() => {
  for (const x of owned.splice(0)) x.dispose();
});

function weight(values: number[]): Variable {
  const w = variable(tensor(values), true);
  owned.push(w);
  return w;
}

function optimizer(options: ConstructorParameters<typeof AdamW>[0]): AdamW {
  const opt = new AdamW(options);
  owned.push(opt);
  return opt;
}

/** Applies `grads` (plain numbers) to `w` and frees the gradient tensors. */
function step(opt: AdamW, w: Variable, grads: number[]): void {
  const g: NamedTensorMap = { [w.name]: tensor(grads) };
  opt.applyGradients(g);
  dispose(g);
}

describe('AdamW', () => {
  it('matches two steps computed by hand', async () => {
    const lr = 0.1;
    const b1 = 0.9;
    const b2 = 0.999;
    const eps = 1e-7;
    const wd = 0.01;
    const w = weight([1, -2]);
    const opt = optimizer({
      learningRate: lr,
      beta1: b1,
      beta2: b2,
      epsilon: eps,
      weightDecay: wd,
    });
    const g1 = [0.5, -1.5];
    const g2 = [-0.3, 2];

    // Step 1 (t = 1): decay, then m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g².
    const a1 = 1 - lr * wd * 1 - (lr * 0.5) / (Math.sqrt(0.25) + eps);
    const c1 = -2 - lr * wd * -2 - (lr * -1.5) / (Math.sqrt(2.25) + eps);
    const m1 = [(1 - b1) * 0.5, (1 - b1) * -1.5];
    const v1 = [(1 - b2) * 0.25, (1 - b2) * 2.25];
    step(opt, w, g1);
    await expectTensorsClose(w, [a1, c1], { atol: 1e-6, rtol: 0 });

    // Step 2 (t = 2).
    const m2 = [b1 * m1[0] + (1 - b1) * g2[0], b1 * m1[1] + (1 - b1) * g2[1]];
    const v2 = [b2 * v1[0] + (1 - b2) * g2[0] ** 2, b2 * v1[1] + (1 - b2) * g2[1] ** 2];
    const mHat = [m2[0] / (1 - b1 ** 2), m2[1] / (1 - b1 ** 2)];
    const vHat = [v2[0] / (1 - b2 ** 2), v2[1] / (1 - b2 ** 2)];
    const a2 = a1 - lr * wd * a1 - (lr * mHat[0]) / (Math.sqrt(vHat[0]) + eps);
    const c2 = c1 - lr * wd * c1 - (lr * mHat[1]) / (Math.sqrt(vHat[1]) + eps);
    step(opt, w, g2);
    await expectTensorsClose(w, [a2, c2], { atol: 1e-6, rtol: 0 });
    expect(opt.iterations).toBe(2);

    const [iter, m, v] = await opt.getWeights();
    expect(m.name).toBe(`${w.name}/m`);
    await expectTensorsClose(m.tensor, m2, { atol: 1e-7, rtol: 1e-6 });
    await expectTensorsClose(v.tensor, v2, { atol: 1e-9, rtol: 1e-6 });
    iter.tensor.dispose();
  });

  it('applies decoupled weight decay: a zero gradient shrinks w by lr·λ·w', async () => {
    const w = weight([2, -4, 0.5]);
    const opt = optimizer({ learningRate: 0.1, weightDecay: 0.5 });
    step(opt, w, [0, 0, 0]);
    await expectTensorsClose(w, [2 * 0.95, -4 * 0.95, 0.5 * 0.95], { atol: 1e-7, rtol: 1e-6 });
  });

  it('reads a schedule at the current iteration (step 0 for the first update)', async () => {
    const w = weight([1]);
    const lr = stepDecay({ initialLearningRate: 0.1, dropEvery: 1, factor: 0.5 });
    const opt = optimizer({ learningRate: lr, weightDecay: 1 });
    expect(opt.currentLearningRate()).toBe(0.1);
    step(opt, w, [0]);
    step(opt, w, [0]);
    // w·(1 − 0.1·1)·(1 − 0.05·1)
    await expectTensorsClose(w, [0.9 * 0.95], { atol: 1e-7, rtol: 1e-6 });
    expect(opt.currentLearningRate()).toBe(0.025);
  });

  it('leaks no tensors across three steps once its slots exist', async () => {
    const w = weight([1, 2, 3, 4]);
    const opt = optimizer({});
    step(opt, w, [0.1, -0.2, 0.3, -0.4]);
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) step(opt, w, [0.1, -0.2, 0.3, -0.4]);
    });
    // minimize() too: its cost and gradients are disposed.
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) opt.minimize(() => sum(square(sub(w, 3))) as Scalar);
    });
  });

  it('round-trips getWeights/setWeights: a restored optimizer continues identically', async () => {
    const w1 = weight([0.5, -1]);
    const w2 = weight([0.5, -1]);
    const a = optimizer({ learningRate: 0.05 });
    step(a, w1, [1, 2]);
    step(a, w1, [-0.5, 0.25]);
    // w2 gets w1's value and b gets a's state, under w2's name.
    w2.assign(w1);
    const saved = await a.getWeights();
    const renamed = saved.map(({ name, tensor: t }) => ({
      name: name.replace(w1.name, w2.name),
      tensor: t,
    }));
    const b = optimizer({ learningRate: 0.05 });
    await b.setWeights(renamed);
    saved[0].tensor.dispose();
    expect(b.iterations).toBe(2);
    step(a, w1, [0.3, -0.7]);
    step(b, w2, [0.3, -0.7]);
    await expectTensorsClose(w2, w1, { atol: 0, rtol: 0 });
    const restored = await b.getWeights();
    expect(restored.map((x) => x.name)).toEqual(['iter', `${w2.name}/m`, `${w2.name}/v`]);
    restored[0].tensor.dispose();
  });

  it('frees its slots on dispose', () => {
    const w = weight([1, 2]);
    const opt = new AdamW();
    step(opt, w, [1, 1]);
    const before = memory().numTensors;
    opt.dispose();
    expect(memory().numTensors).toBe(before - 2);
  });

  it('has the Keras class name and a config that rebuilds it, schedule included', () => {
    expect(AdamW.className).toBe('AdamW');
    const lr = stepDecay({ initialLearningRate: 0.01, dropEvery: 10, factor: 0.5 });
    const opt = optimizer({ learningRate: lr, weightDecay: 0.1 });
    const config = opt.getConfig();
    expect(config).toEqual({
      learningRate: {
        className: 'StepDecay',
        config: { initialLearningRate: 0.01, dropEvery: 10, factor: 0.5 },
      },
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      weightDecay: 0.1,
    });
    const back = AdamW.fromConfig<AdamW>(AdamW, config);
    owned.push(back);
    expect(back.getConfig()).toEqual(config);
    expect(new AdamW().getConfig()).toMatchObject({ learningRate: 0.001, weightDecay: 0.004 });
  });

  it('rejects invalid hyper-parameters and unknown variables with ConfigError', () => {
    expect(() => new AdamW({ learningRate: -1 })).toThrow(ConfigError);
    expect(() => new AdamW({ beta1: 1 })).toThrow(ConfigError);
    expect(() => new AdamW({ weightDecay: -0.1 })).toThrow(ConfigError);
    const opt = optimizer({});
    const g = scalar(1);
    expect(() => opt.applyGradients({ 'no-such-variable': g })).toThrow(ConfigError);
    g.dispose();
  });
});
