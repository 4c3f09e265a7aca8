import { ConfigError, dispose, RandomStream, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, numericalGradientCheck, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomCrop } from './random-crop.js';

// testLayer runs inference: with the default size, RandomCrop is the identity there.
testLayer('RandomCrop', {
  create: (c) => new RandomCrop(c as never),
  config: { padding: 2, seed: 3 },
  inputShape: [2, 4, 5, 2],
  expectedOutputShape: [2, 4, 5, 2],
});

testLayer('RandomCrop (smaller window)', {
  create: (c) => new RandomCrop(c as never),
  config: { height: 3, width: 2, seed: 3 },
  inputShape: [2, 4, 5, 2],
  expectedOutputShape: [2, 3, 2, 2],
});

type Image = number[][][];

/** `n` 3×3 one-channel images with distinct positive values. */
function images(n: number): Tensor {
  return tensor(
    Array.from({ length: n * 9 }, (_, i) => i + 1),
    [n, 3, 3, 1],
  );
}

/** The offsets (dy, dx) at which `crop` is a window of `img` padded by `p` zeros. */
function offsetsOf(crop: Image, img: Image, p: number): string[] {
  const at = (i: number, j: number) => img[i - p]?.[j - p]?.[0] ?? 0;
  const found: string[] = [];
  for (let dy = 0; dy <= 2 * p; dy++)
    for (let dx = 0; dx <= 2 * p; dx++)
      if (crop.every((row, i) => row.every((v, j) => v[0] === at(i + dy, j + dx))))
        found.push(`${dy},${dx}`);
  return found;
}

describe('RandomCrop', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('is the identity at inference with the default size', async () => {
    const x = images(4);
    const y = new RandomCrop({ padding: 1, seed: 1 }).apply(x) as Tensor;
    await expectTensorsClose(y, x, { atol: 0, rtol: 0 });
    dispose([x, y]);
  });

  it('while training, every output is a window of the zero-padded image, offsets varying', async () => {
    const x = images(16);
    const y = new RandomCrop({ padding: 1, seed: 2 }).apply(x, { training: true }) as Tensor;
    expect(y.shape).toEqual([16, 3, 3, 1]);
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    const seen = new Set<string>();
    for (const [b, crop] of ys.entries()) {
      const found = offsetsOf(crop, xs[b], 1);
      expect(found, `image ${b}`).toHaveLength(1);
      seen.add(found[0]);
    }
    expect(seen.size).toBeGreaterThan(3);
    dispose([x, y]);
  });

  it('same seed → same crops; another seed → others', async () => {
    const x = images(8);
    const run = async (seed: number) => {
      const y = new RandomCrop({ padding: 2, seed }).apply(x, { training: true }) as Tensor;
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    expect(await run(4)).toEqual(await run(4));
    expect(await run(4)).not.toEqual(await run(5));
    x.dispose();
  });

  it('at inference a smaller window is the centre one', async () => {
    const x = images(1);
    const y = new RandomCrop({ height: 1, width: 1 }).apply(x) as Tensor;
    await expectTensorsClose(y, [5]);
    dispose([x, y]);
  });

  it('refuses a negative padding and a window larger than the padded input', () => {
    expect(() => new RandomCrop({ padding: -1, name: 'crop' })).toThrow(
      "<Layer 'crop'>: expected padding, an integer ≥ 0. Received: -1.",
    );
    const x = images(1);
    expect(
      () => new RandomCrop({ height: 6, padding: 1, name: 'crop2' }).apply(x) as Tensor,
    ).toThrow(ConfigError);
    x.dispose();
  });

  it('passes gradients back to the source pixels while training', async () => {
    const x = tensor(
      Array.from({ length: 4 * 3 * 3 * 2 }, (_, i) => Math.sin(i)),
      [4, 3, 3, 2],
    );
    const layer = new RandomCrop({ padding: 1, height: 2, width: 3 });
    const f = (t: Tensor) => layer.apply(t, { training: true, rng: new RandomStream(8) }) as Tensor;
    await numericalGradientCheck(f, [x]);
    x.dispose();
  });
});
