import { dispose, seed, type Tensor, tensor, useBackend } from '@strata/core';
import { Dense, Flatten, loadModel, saveToMemory, sequential } from '@strata/layers';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D } from '../layers/conv2d.js';
import { registry } from '../registry.js';
import { Normalization } from './normalization.js';
import { RandomCrop } from './random-crop.js';
import { RandomFlip } from './random-flip.js';
import { Rescaling } from './rescaling.js';

describe('image layers in a saved model', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('save and load through the cnn registry, with their configs and the same predictions', async () => {
    seed(2);
    const m = sequential([
      new Rescaling({ scale: 1 / 255, inputShape: [6, 6, 2] }),
      new RandomFlip({ seed: 1 }),
      new RandomCrop({ padding: 2, seed: 4 }),
      new Normalization({ mean: [0.5, 0.25], variance: [0.04, 0.09] }),
      new Conv2D({ filters: 3, kernelSize: 3, activation: 'relu' }),
      new Flatten(),
      new Dense({ units: 2 }),
    ]);
    const artifacts = await saveToMemory(m);
    const layers = (
      artifacts.modelTopology as { config: { layers: { class_name: string; config: never }[] } }
    ).config.layers;
    expect(layers.map((l) => l.class_name).slice(0, 4)).toEqual([
      'Rescaling',
      'RandomFlip',
      'RandomCrop',
      'Normalization',
    ]);
    expect(layers[0].config).toMatchObject({ scale: 1 / 255 });
    expect(layers[2].config).toMatchObject({ padding: 2, seed: 4 });
    expect(layers[3].config).toMatchObject({ mean: [0.5, 0.25], variance: [0.04, 0.09] });
    const copy = await loadModel(artifacts, { registries: [registry] });
    const pixels = Array.from({ length: 3 * 6 * 6 * 2 }, (_, i) => (i * 37) % 256);
    const x = tensor(pixels, [3, 6, 6, 2]);
    const y = m.predict(x) as Tensor;
    const z = copy.predict(x) as Tensor;
    await expectTensorsClose(z, y, { atol: 0, rtol: 0 });
    const copied = (copy as unknown as { layers: { getConfig(): object }[] }).layers;
    expect(copied[1].getConfig()).toMatchObject({ seed: 1 });
    expect(copied[3].getConfig()).toMatchObject({ mean: [0.5, 0.25], variance: [0.04, 0.09] });
    dispose([x, y, z]);
    m.dispose();
    copy.dispose();
  });

  it('saves the statistics Normalization learnt in adapt, as if given in its config', async () => {
    // built (symbolically) before adapt, as a Keras model is
    const norm = new Normalization({ inputShape: [2, 2], name: 'norm' });
    const m = sequential([norm, new Flatten(), new Dense({ units: 2 })]);
    const x = tensor([1, 10, 3, 30, 5, 20, 7, 40], [2, 2, 2]);
    expect(() => m.predict(x)).toThrow("<Layer 'norm'>: expected a mean and a variance");
    await norm.adapt(x);
    const artifacts = await saveToMemory(m);
    const saved = (
      artifacts.modelTopology as { config: { layers: { config: { mean: number[] } }[] } }
    ).config.layers[0].config;
    // channel 0: 1, 3, 5, 7 (mean 4, variance 5); channel 1: 10, 30, 20, 40 (mean 25, variance 125)
    expect(saved).toMatchObject({ mean: [4, 25], variance: [5, 125] });
    const copy = await loadModel(artifacts, { registries: [registry] });
    const y = m.predict(x) as Tensor;
    const z = copy.predict(x) as Tensor;
    await expectTensorsClose(z, y, { atol: 0, rtol: 0 });
    const copied = (copy as unknown as { layers: Normalization[] }).layers[0];
    expect(copied.getConfig()).toMatchObject({ mean: [4, 25], variance: [5, 125] });
    dispose([x, y, z]);
    m.dispose();
    copy.dispose();
  });

  it("writes RandomFlip's mode as Keras does (horizontal_and_vertical) and reads it back", async () => {
    const m = sequential([
      new RandomFlip({ mode: 'horizontalAndVertical', inputShape: [2, 2, 1] }),
      new Flatten(),
    ]);
    const artifacts = await saveToMemory(m);
    expect(JSON.stringify(artifacts.modelTopology)).toContain('"mode":"horizontal_and_vertical"');
    const copy = await loadModel(artifacts, { registries: [registry] });
    const flip = (copy as unknown as { layers: RandomFlip[] }).layers[0];
    expect(flip.getConfig().mode).toBe('horizontalAndVertical');
    m.dispose();
    copy.dispose();
  });
});
