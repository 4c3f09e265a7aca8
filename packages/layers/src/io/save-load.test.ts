import { initializers, memory, type Tensor, tensor, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { input } from '../layers/input-layer.js';
import { model } from '../models/functional.js';
import { Sequential, sequential } from '../models/sequential.js';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { toModelJson } from './artifacts.js';
import { loadModel } from './load-model.js';
import { toModelTopology } from './model-topology.js';
import { saveToMemory } from './save-model.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function mlp() {
  return sequential(
    [
      new Dense({
        units: 4,
        inputShape: [3],
        activation: 'leakyRelu',
        kernelInitializer: initializers.varianceScaling({
          mode: 'fanAvg',
          distribution: 'uniform',
        }),
        name: 'hidden',
      }),
      new Dense({ units: 2, kernelInitializer: 'lecunNormal', useBias: false, name: 'out' }),
    ],
    { name: 'mlp' },
  );
}

describe('tfjs-layers topology', () => {
  it('writes Keras class names, snake_case configs and the first layer batch_input_shape', () => {
    const m = mlp();
    const topology = toModelTopology(m);
    expect(topology).toMatchObject({
      class_name: 'Sequential',
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
      config: { name: 'mlp' },
    });
    const [hidden, out] = topology.config.layers as { class_name: string; config: object }[];
    expect(hidden).toEqual({
      class_name: 'Dense',
      config: {
        units: 4,
        batch_input_shape: [null, 3],
        activation: 'leaky_relu',
        kernel_initializer: {
          class_name: 'VarianceScaling',
          config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null },
        },
        name: 'hidden',
        trainable: true,
      },
    });
    // tfjs spells it LeCunNormal, Keras LecunNormal: written as the VarianceScaling both read.
    expect(out.config).toMatchObject({
      use_bias: false,
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
      },
    });
    m.dispose();
  });

  it('writes functional graphs as inbound_nodes, input_layers and output_layers', () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = new Dense({ units: 2, name: 'shared' });
    const ha = shared.apply(a) as SymbolicTensor;
    const hb = shared.apply(b) as SymbolicTensor;
    const head = new Dense({ units: 1, name: 'head' }).apply(hb) as SymbolicTensor;
    const m = model({ inputs: [a, b], outputs: [ha, head], name: 'two' });
    const { config, class_name } = toModelTopology(m);
    expect(class_name).toBe('Functional');
    expect(config.input_layers).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
    expect(config.output_layers).toEqual([
      ['shared', 0, 0],
      ['head', 0, 0],
    ]);
    const layers = config.layers as { name: string; inbound_nodes: unknown[] }[];
    const byName = Object.fromEntries(layers.map((l) => [l.name, l.inbound_nodes]));
    expect(byName.a).toEqual([]);
    expect(byName.shared).toEqual([[['a', 0, 0, {}]], [['b', 0, 0, {}]]]);
    expect(byName.head).toEqual([[['shared', 1, 0, {}]]]);
    m.dispose();
  });

  it('lists the weight shards in model.json', () => {
    const m = sequential([new Dense({ units: 4, inputShape: [3] })]); // 64 bytes of weights
    expect(toModelJson(m).weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    const json = toModelJson(m, 30);
    expect(json.weightsManifest[0].paths).toEqual([
      'group1-shard1of3.bin',
      'group1-shard2of3.bin',
      'group1-shard3of3.bin',
    ]);
    expect(json.weightsManifest[0].weights.map((w) => w.name)).toEqual(
      m.weights.map((w) => w.path),
    );
    m.dispose();
  });
});

describe('save and load in memory', () => {
  it('round-trips a Sequential model: config, weights and predictions', async () => {
    const m = mlp();
    const x = tensor([
      [1, -2, 3],
      [0.5, 0, -1],
    ]);
    const artifacts = await saveToMemory(m);
    const copy = await loadModel(artifacts);
    expect(copy).toBeInstanceOf(Sequential);
    expect(copy.name).toBe('mlp');
    expect((copy as Sequential).layers.map((l) => l.getConfig())).toEqual(
      m.layers.map((l) => ({
        ...l.getConfig(),
        kernelInitializer: expect.anything(),
      })),
    );
    await expectTensorsClose(copy.predict(x) as Tensor, m.predict(x) as Tensor, { atol: 0 });
    await expectNoLeaks(async () => {
      const again = await loadModel(artifacts);
      again.dispose();
    });
    for (const t of [x, m, copy]) t.dispose();
  });

  it('round-trips a functional model with two inputs, a shared layer and two outputs', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = new Dense({ units: 2, name: 'shared', activation: 'tanh' });
    const hb = shared.apply(b) as SymbolicTensor;
    const head = new Dense({ units: 1, name: 'head' }).apply(hb) as SymbolicTensor;
    const m = model({ inputs: [a, b], outputs: [shared.apply(a) as SymbolicTensor, head] });
    const copy = await loadModel((await m.save('memory')).artifacts);
    expect(copy.countParams()).toBe(m.countParams());
    const xs = [tensor([[1, 2, 3]]), tensor([[-1, 0, 1]])];
    const want = m.predict(xs) as Tensor[];
    const got = copy.predict(xs) as Tensor[];
    expect(got).toHaveLength(2);
    await expectTensorsClose(got[0], want[0], { atol: 0 });
    await expectTensorsClose(got[1], want[1], { atol: 0 });
    for (const t of [...xs, ...want, ...got, m, copy]) t.dispose();
  });

  it('records the input shape of a Sequential model built by its first call', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 2 })] });
    const x = tensor([[1, 2, 3]]);
    const y = m.apply(x) as Tensor;
    const layers = toModelTopology(m).config.layers as { config: object }[];
    expect(layers[0].config).toMatchObject({ batch_input_shape: [null, 3] });
    const copy = await loadModel(await saveToMemory(m));
    await expectTensorsClose(copy.predict(x) as Tensor, y, { atol: 0 });
    for (const t of [x, y, m, copy]) t.dispose();
  });

  it('round-trips a Sequential model used as a layer of a functional model', async () => {
    const inner = sequential([new Dense({ units: 3, inputShape: [2], activation: 'relu' })]);
    const a = input({ shape: [2] });
    const out = new Dense({ units: 1 }).apply(inner.apply(a) as SymbolicTensor) as SymbolicTensor;
    const m = model({ inputs: a, outputs: out });
    const copy = await loadModel(await saveToMemory(m));
    expect(copy.weights.map((w) => w.path)).toEqual(m.weights.map((w) => w.path));
    const x = tensor([[0.5, -1]]);
    await expectTensorsClose(copy.predict(x) as Tensor, m.predict(x) as Tensor, { atol: 0 });
    for (const t of [x, m, copy]) t.dispose();
  });

  it('frees nothing it did not make and leaks nothing', async () => {
    const m = mlp();
    const before = memory().numTensors;
    const artifacts = await saveToMemory(m);
    expect(memory().numTensors).toBe(before);
    const copy = await loadModel(artifacts);
    expect(memory().numTensors).toBe(before + m.weights.length);
    copy.dispose();
    m.dispose();
  });
});
