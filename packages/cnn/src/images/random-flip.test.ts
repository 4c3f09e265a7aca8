import { ConfigError, dispose, RandomStream, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, numericalGradientCheck, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomFlip } from './random-flip.js';

// testLayer runs inference, where RandomFlip is the identity; training is checked below.
testLayer('RandomFlip', {
  create: (c) => new RandomFlip(c as never),
  config: { mode: 'horizontal', seed: 3 },
  inputShape: [2, 3, 4, 2],
  expectedOutputShape: [2, 3, 4, 2],
});

type Image = number[][][];

function images(n: number): Tensor {
  return tensor(
    Array.from({ length: n * 2 * 3 }, (_, i) => i),
    [n, 2, 3, 1],
  );
}

describe('RandomFlip', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is the identity at inference', async () => {
    const x = images(8);
    const y = new RandomFlip({ mode: 'horizontal', seed: 1 }).apply(x) as Tensor;
    await expectTensorsClose(y, x, { atol: 0, rtol: 0 });
    dispose([x, y]);
  });

  it('while training, mirrors some images left ↔ right exactly and keeps the others', async () => {
    const x = images(16);
    const y = new RandomFlip({ mode: 'horizontal', seed: 2 }).apply(x, {
      training: true,
    }) as Tensor;
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    const mirrored = ys.filter((img, b) => {
      const kept = JSON.stringify(img) === JSON.stringify(xs[b]);
      if (!kept) expect(img).toEqual(xs[b].map((row) => [...row].reverse()));
      return !kept;
    }).length;
    expect(mirrored).toBeGreaterThan(0);
    expect(mirrored).toBeLessThan(16);
    dispose([x, y]);
  });

  it("mode 'vertical' mirrors top ↔ bottom", async () => {
    const x = images(16);
    const y = new RandomFlip({ mode: 'vertical', seed: 2 }).apply(x, { training: true }) as Tensor;
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    let mirrored = 0;
    for (const [b, img] of ys.entries()) {
      if (JSON.stringify(img) === JSON.stringify(xs[b])) continue;
      expect(img).toEqual([...xs[b]].reverse());
      mirrored += 1;
    }
    expect(mirrored).toBeGreaterThan(0);
    dispose([x, y]);
  });

  it('same seed → same flips; another seed → others; without a seed, the call rng', async () => {
    const x = images(16);
    const run = async (layer: RandomFlip, rng?: RandomStream) => {
      const y = layer.apply(x, { training: true, rng }) as Tensor;
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    const a = await run(new RandomFlip({ mode: 'horizontal', seed: 5 }));
    expect(await run(new RandomFlip({ mode: 'horizontal', seed: 5 }))).toEqual(a);
    expect(await run(new RandomFlip({ mode: 'horizontal', seed: 6 }))).not.toEqual(a);
    const unseeded = new RandomFlip({ mode: 'horizontal' });
    expect(await run(unseeded, new RandomStream(9))).toEqual(
      await run(unseeded, new RandomStream(9)),
    );
    x.dispose();
  });

  it('defaults to Keras mode horizontal_and_vertical and refuses other modes', () => {
    expect(new RandomFlip().getConfig().mode).toBeUndefined();
    expect(() => new RandomFlip({ mode: 'diagonal' as never, name: 'flip' })).toThrow(ConfigError);
    expect(() => new RandomFlip({ mode: 'diagonal' as never, name: 'flip' })).toThrow(
      "<Layer 'flip'>: expected mode 'horizontal', 'vertical', 'horizontalAndVertical'. Received: 'diagonal'.",
    );
  });

  it('passes gradients back to the source pixels while training', async () => {
    const x = tensor(
      Array.from({ length: 4 * 3 * 3 * 2 }, (_, i) => Math.sin(i)),
      [4, 3, 3, 2],
    );
    const layer = new RandomFlip({ mode: 'horizontalAndVertical' });
    const f = (t: Tensor) => layer.apply(t, { training: true, rng: new RandomStream(8) }) as Tensor;
    await numericalGradientCheck(f, [x]);
    x.dispose();
  });
});
