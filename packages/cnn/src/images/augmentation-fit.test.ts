import { dispose, seed, type Tensor, tensor, train, useBackend } from '@strata/core';
import { Dense, Flatten, sequential } from '@strata/layers';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D } from '../layers/conv2d.js';
import { RandomCrop } from './random-crop.js';
import { RandomFlip } from './random-flip.js';
import { Rescaling } from './rescaling.js';

function augmented() {
  return sequential([
    new Rescaling({ scale: 1 / 255, inputShape: [6, 6, 1] }),
    new RandomFlip({ mode: 'horizontal' }),
    new RandomCrop({ padding: 1 }),
    new Conv2D({ filters: 2, kernelSize: 3, activation: 'relu' }),
    new Flatten(),
    new Dense({ units: 2, activation: 'softmax' }),
  ]);
}

describe('augmentation layers inside fit', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('augment while fitting, reproducibly under seed, and leave predict untouched', async () => {
    const pixels = Array.from({ length: 16 * 36 }, (_, i) => (i * 53) % 256);
    const x = tensor(pixels, [16, 6, 6, 1]);
    const y = tensor(
      Array.from({ length: 16 }, (_, i) => i % 2),
      [16],
    );
    // The same initial weights each time (seed 8); the augmentation draws from the global
    // stream, reseeded before fit.
    const run = async (augmentationSeed: number) => {
      seed(8);
      const m = augmented();
      seed(augmentationSeed);
      m.compile({ optimizer: train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
      const { history } = await m.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: 3 });
      return { m, losses: history.loss };
    };
    const a = await run(100);
    const b = await run(100);
    const c = await run(101);
    expect(a.losses.every(Number.isFinite)).toBe(true);
    expect(b.losses).toEqual(a.losses);
    expect(c.losses).not.toEqual(a.losses);
    // At inference the augmentation layers are the identity: predict is deterministic.
    const p1 = a.m.predict(x) as Tensor;
    const p2 = a.m.predict(x) as Tensor;
    await expectTensorsClose(p1, p2, { atol: 0, rtol: 0 });
    dispose([x, y, p1, p2]);
    for (const r of [a, b, c]) r.m.dispose();
  });
});
