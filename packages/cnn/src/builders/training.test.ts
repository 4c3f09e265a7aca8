import { dispose, RandomStream, seed, type Tensor, tensor, train, useBackend } from '@strata/core';
import { loadModel, type Sequential, saveToMemory } from '@strata/layers';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../registry.js';
import { alexNet } from './alex-net.js';
import { leNet5 } from './le-net5.js';
import { simpleCnn } from './simple-cnn.js';

/**
 * `n` seeded random images and labels in [0, classes) that depend on the images
 * (the class is which horizontal band of the image is brightest), so that a CNN can learn them.
 */
function bandImages(
  n: number,
  [height, width, channels]: [number, number, number],
  classes: number,
  seed = 7,
): { x: Tensor; y: Tensor } {
  const rng = new RandomStream(seed);
  const size = height * width * channels;
  const pixels = rng.uniformArray(n * size, 0, 0.5);
  const labels = Array.from({ length: n }, (_, b) => {
    const label = rng.int(classes);
    for (let i = 0; i < height; i++) {
      if (Math.floor((i * classes) / height) !== label) continue;
      for (let k = 0; k < width * channels; k++) pixels[b * size + i * width * channels + k] += 0.5;
    }
    return label;
  });
  return { x: tensor(pixels, [n, height, width, channels]), y: tensor(labels, [n]) };
}

/** Trains `model` for `epochs` on `data` with Adam and returns the loss of each epoch. */
async function trainLosses(
  model: Sequential,
  data: { x: Tensor; y: Tensor },
  epochs: number,
  learningRate = 0.005,
): Promise<number[]> {
  model.compile({ optimizer: train.adam(learningRate), loss: 'sparseCategoricalCrossentropy' });
  const { history } = await model.fit(data.x, data.y, {
    epochs,
    batchSize: 8,
    shuffle: false,
    verbose: 0,
  });
  return history.loss;
}

// Each builder, small: a few epochs on a tiny seeded data set lower the loss, and the trained
// model saved and loaded through the cnn registry predicts exactly the same.
describe('the builders train and round-trip', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('leNet5 lowers its loss on a tiny seeded data set, and round-trips through save and load', async () => {
    seed(1);
    const m = leNet5({ inputShape: [16, 16, 1], classes: 2, activation: 'relu' });
    const data = bandImages(32, [16, 16, 1], 2);
    const losses = await trainLosses(m, data, 3);
    expect(losses[2]).toBeLessThan(losses[0] * 0.8);
    const copy = await loadModel(await saveToMemory(m), { registries: [registry] });
    expect(copy.name).toBe('lenet5');
    const y = m.predict(data.x) as Tensor;
    const z = copy.predict(data.x) as Tensor;
    await expectTensorsClose(z, y, { atol: 0, rtol: 0 });
    dispose([data.x, data.y, y, z]);
    m.dispose();
    copy.dispose();
  });

  it('alexNet lowers its loss on a tiny seeded data set, and round-trips through save and load', async () => {
    seed(2);
    const m = alexNet({ inputShape: [12, 12, 3], classes: 2, widthScale: 1 / 16, dropout: 0.2 });
    const data = bandImages(24, [12, 12, 3], 2);
    const losses = await trainLosses(m, data, 3, 0.005);
    expect(losses[2]).toBeLessThan(losses[0] * 0.8);
    const copy = await loadModel(await saveToMemory(m), { registries: [registry] });
    const y = m.predict(data.x) as Tensor;
    const z = copy.predict(data.x) as Tensor;
    await expectTensorsClose(z, y, { atol: 0, rtol: 0 });
    dispose([data.x, data.y, y, z]);
    m.dispose();
    copy.dispose();
  });

  it('simpleCnn lowers its loss on a tiny seeded data set, and round-trips through save and load', async () => {
    seed(3);
    const m = simpleCnn({
      inputShape: [12, 12, 1],
      classes: 3,
      filters: [4, 8],
      dense: 16,
      batchNorm: true,
      dropout: 0.1,
    });
    const data = bandImages(24, [12, 12, 1], 3);
    const losses = await trainLosses(m, data, 3, 0.01);
    expect(losses[2]).toBeLessThan(losses[0] * 0.8);
    const copy = await loadModel(await saveToMemory(m), { registries: [registry] });
    const y = m.predict(data.x) as Tensor;
    const z = copy.predict(data.x) as Tensor;
    await expectTensorsClose(z, y, { atol: 0, rtol: 0 });
    dispose([data.x, data.y, y, z]);
    m.dispose();
    copy.dispose();
  });
});
