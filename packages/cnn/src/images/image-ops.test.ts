import { ConfigError, dispose, RandomStream, ShapeError, type Tensor, tensor } from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { expect, it } from 'vitest';
import {
  centerCropWithPadding,
  normalizeImages,
  randomCropWithPadding,
  randomFlip,
  randomFlipLeftRight,
  rescaleImages,
} from './image-ops.js';

/** A batch of `n` h×w images of `c` channels whose values are all distinct: 1000·b + 100·i + 10·j + k. */
function numbered(n: number, h: number, w: number, c: number): Tensor {
  const values: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let k = 0; k < c; k++) values.push(1000 * b + 100 * i + 10 * j + k);
  return tensor(values, [n, h, w, c]);
}

type Image = number[][][];
const mirror = (img: Image): Image => img.map((row) => [...row].reverse());
const upsideDown = (img: Image): Image => [...img].reverse();

describeBackends('image helpers (function forms)', () => {
  it('normalizeImages subtracts the mean and divides by the std of each channel', async () => {
    const x = tensor([
      [
        [1, 10],
        [3, 30],
      ],
    ]); // one 1×2 image, 2 channels
    const y = normalizeImages(x, { mean: [2, 20], std: [0.5, 10] });
    await expectTensorsClose(y, [-2, -1, 2, 1]);
    const z = normalizeImages(x, { mean: 1, std: 2 });
    await expectTensorsClose(z, [0, 4.5, 1, 14.5]);
    dispose([x, y, z]);
  });

  it('normalizeImages and rescaleImages take integer pixels and give float32', async () => {
    const bytes = tensor([0, 51, 255], [1, 3, 1], 'int32');
    const y = rescaleImages(bytes, 1 / 255);
    expect(y.dtype).toBe('float32');
    await expectTensorsClose(y, [0, 0.2, 1]);
    await expectTensorsClose(rescaleImages(bytes, 1 / 127.5, -1), [-1, 0.4 - 1, 1]);
    const z = normalizeImages(bytes, { mean: 51, std: 51 });
    expect(z.dtype).toBe('float32');
    await expectTensorsClose(z, [-1, 0, 4]);
    dispose([bytes, y, z]);
  });

  it('normalizeImages refuses statistics of the wrong length and a std ≤ 0', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    expect(() => normalizeImages(x, { mean: [1, 2] })).toThrow(ConfigError);
    expect(() => normalizeImages(x, { mean: [1, 2] })).toThrow(
      '<normalizeImages>: expected mean, a number or 3 numbers (one per channel). Received: [1,2].',
    );
    expect(() => normalizeImages(x, { std: [1, 0, 1] })).toThrow(
      '<normalizeImages>: expected std > 0. Received: [1,0,1].',
    );
    x.dispose();
  });

  it('randomFlipLeftRight mirrors whole images exactly, or leaves them as they are', async () => {
    const x = numbered(16, 3, 4, 2);
    const y = randomFlipLeftRight(x, new RandomStream(1));
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    let flipped = 0;
    for (const [b, img] of ys.entries()) {
      if (JSON.stringify(img) === JSON.stringify(xs[b])) continue;
      expect(img).toEqual(mirror(xs[b]));
      flipped += 1;
    }
    // 16 fair draws: both outcomes occur (for this seed, and with probability 1 − 2⁻¹⁵).
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(16);
    dispose([x, y]);
  });

  it('randomFlipLeftRight: the same seed gives the same flips, another seed others', async () => {
    const x = numbered(16, 2, 3, 1);
    const flips = async (s: number) => {
      const y = randomFlipLeftRight(x, new RandomStream(s));
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    expect(await flips(7)).toEqual(await flips(7));
    expect(await flips(7)).not.toEqual(await flips(8));
    x.dispose();
  });

  it('randomFlipLeftRight flips a single image [height, width, channels] or not', async () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3, 1]);
    const seen = new Set<string>();
    const rng = new RandomStream(3);
    for (let k = 0; k < 8; k++) {
      const y = randomFlipLeftRight(x, rng);
      seen.add(JSON.stringify(await y.array()));
      y.dispose();
    }
    expect([...seen].sort()).toEqual(
      [
        JSON.stringify([
          [[1], [2], [3]],
          [[4], [5], [6]],
        ]),
        JSON.stringify([
          [[3], [2], [1]],
          [[6], [5], [4]],
        ]),
      ].sort(),
    );
    x.dispose();
  });

  it('randomFlip with both axes gives each image one of its four mirrors', async () => {
    const x = numbered(24, 3, 3, 1);
    const y = randomFlip(x, new RandomStream(5), { horizontal: true, vertical: true });
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    const kinds = new Set<number>();
    for (const [b, img] of ys.entries()) {
      const options = [xs[b], mirror(xs[b]), upsideDown(xs[b]), upsideDown(mirror(xs[b]))];
      const k = options.findIndex((o) => JSON.stringify(o) === JSON.stringify(img));
      expect(k).toBeGreaterThanOrEqual(0);
      kinds.add(k);
    }
    expect(kinds.size).toBe(4);
    dispose([x, y]);
  });

  it('randomCropWithPadding: every crop is a window of the zero-padded image, of the input size', async () => {
    const padding = 2;
    const x = numbered(20, 4, 5, 1);
    const y = randomCropWithPadding(x, padding, new RandomStream(11));
    expect(y.shape).toEqual([20, 4, 5, 1]);
    const xs = (await x.array()) as Image[];
    const ys = (await y.array()) as Image[];
    const offsets = new Set<string>();
    for (const [b, img] of ys.entries()) {
      const at = (i: number, j: number) =>
        i >= 0 && i < 4 && j >= 0 && j < 5 ? xs[b][i][j][0] : 0;
      const windowAt = (dy: number, dx: number) =>
        img.every((row, i) => row.every((v, j) => v[0] === at(i + dy - padding, j + dx - padding)));
      const found: string[] = [];
      for (let dy = 0; dy <= 2 * padding; dy++)
        for (let dx = 0; dx <= 2 * padding; dx++) if (windowAt(dy, dx)) found.push(`${dy},${dx}`);
      expect(found, `image ${b} is no window of its padded image`).toHaveLength(1);
      offsets.add(found[0]);
    }
    expect(offsets.size).toBeGreaterThan(5); // offsets vary from image to image
    dispose([x, y]);
  });

  it('randomCropWithPadding gives exact values on a hand-made image', async () => {
    // One 2×2 image padded by 1 is 4×4; a 2×2 crop at (dy, dx) for each of the 9 offsets.
    const x = tensor([1, 2, 3, 4], [2, 2, 1]);
    const padded = [
      [0, 0, 0, 0],
      [0, 1, 2, 0],
      [0, 3, 4, 0],
      [0, 0, 0, 0],
    ];
    const rng = new RandomStream(2);
    const probe = new RandomStream(2);
    for (let k = 0; k < 6; k++) {
      const dy = probe.int(3);
      const dx = probe.int(3);
      const y = randomCropWithPadding(x, 1, rng);
      const expected = [0, 1].map((i) => [0, 1].map((j) => [padded[i + dy][j + dx]]));
      expect(await y.array()).toEqual(expected);
      y.dispose();
    }
    x.dispose();
  });

  it('randomCropWithPadding: same seed, same crops; another seed, other crops', async () => {
    const x = numbered(12, 4, 4, 1);
    const crops = async (s: number) => {
      const y = randomCropWithPadding(x, 3, new RandomStream(s));
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    expect(await crops(4)).toEqual(await crops(4));
    expect(await crops(4)).not.toEqual(await crops(5));
    x.dispose();
  });

  it('randomCropWithPadding with a smaller window, and centerCropWithPadding', async () => {
    const x = numbered(3, 4, 4, 2);
    const y = randomCropWithPadding(x, 0, new RandomStream(1), { height: 2, width: 3 });
    expect(y.shape).toEqual([3, 2, 3, 2]);
    const centre = centerCropWithPadding(x, 0, { height: 2, width: 2 });
    const xs = (await x.array()) as Image[];
    expect(await centre.array()).toEqual(
      xs.map((img) => img.slice(1, 3).map((r) => r.slice(1, 3))),
    );
    const same = centerCropWithPadding(x, 4);
    await expectTensorsClose(same, x, { atol: 0, rtol: 0 });
    dispose([x, y, centre, same]);
  });

  it('refuses inputs that are not images and crops larger than the padded image', () => {
    const flat = tensor([1, 2, 3, 4], [2, 2]);
    expect(() => randomFlipLeftRight(flat, new RandomStream(1))).toThrow(ShapeError);
    expect(() => randomFlipLeftRight(flat, new RandomStream(1))).toThrow(
      '<randomFlipLeftRight>: expected an image [height, width, channels] or a batch [batch, height, width, channels]. Received: shape [2, 2].',
    );
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(() => randomCropWithPadding(x, 1, new RandomStream(1), { height: 5 })).toThrow(
      '<randomCropWithPadding>: expected a crop of at most the padded size 4 × 4. Received: 5 × 2.',
    );
    expect(() => randomCropWithPadding(x, -1, new RandomStream(1))).toThrow(ConfigError);
    dispose([flat, x]);
  });

  it('leaks no tensors', async () => {
    const x = numbered(4, 3, 3, 2);
    const rng = new RandomStream(9);
    await expectNoLeaks(() => {
      dispose([
        normalizeImages(x, { mean: [1, 2], std: 3 }),
        rescaleImages(x, 0.5, 1),
        randomFlipLeftRight(x, rng),
        randomFlip(x, rng, { horizontal: true, vertical: true }),
        randomCropWithPadding(x, 1, rng),
        centerCropWithPadding(x, 1),
      ]);
    });
    x.dispose();
  });
});
