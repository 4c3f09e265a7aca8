import { RandomStream, seed, tensor, train } from '@strata/core';
import { Dense, Flatten, sequential } from '@strata/layers';
import { describeBackends } from '@strata/test-utils';
import { expect, it } from 'vitest';
import { Conv2D } from './layers/conv2d.js';
import { MaxPooling2D } from './layers/max-pooling-2d.js';

/** 32 8×8 images, class 1 where the left half is brighter than the right. */
function data() {
  const rng = new RandomStream(7);
  const pixels = rng.uniformArray(32 * 8 * 8, 0, 1);
  const labels = Array.from({ length: 32 }, (_, n) => {
    let left = 0;
    for (let i = 0; i < 64; i++) left += (i % 8 < 4 ? 1 : -1) * pixels[n * 64 + i];
    return left > 0 ? 1 : 0;
  });
  return { x: tensor(pixels, [32, 8, 8, 1]), y: tensor(labels, [32]) };
}

describeBackends('a small Sequential CNN', () => {
  it('Conv2D → MaxPooling2D → Flatten → Dense lowers its loss with fit', async () => {
    seed(1);
    const model = sequential([
      new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
      new MaxPooling2D(),
      new Flatten(),
      new Dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = data();
    const { history } = await model.fit(x, y, {
      epochs: 6,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    const loss = history.loss;
    expect(loss).toHaveLength(6);
    expect(loss[5]).toBeLessThan(loss[0] * 0.9);
    x.dispose();
    y.dispose();
    model.dispose();
  });
});
