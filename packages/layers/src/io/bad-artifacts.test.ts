import { type io, memory, SerializationError, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense } from '../layers/dense.js';
import { sequential } from '../models/sequential.js';
import { defineRegistry } from '../registry.js';
import { loadModel } from './load-model.js';
import { saveToMemory } from './save-model.js';

beforeAll(async () => {
  await useBackend('cpu');
});

type Topology = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };

/** Fresh artifacts of a two-layer MLP (26 weights, 104 bytes), to break in each test. */
async function artifacts(): Promise<io.ModelArtifacts & { modelTopology: Topology }> {
  const m = sequential(
    [
      new Dense({ units: 4, inputShape: [3], name: 'hidden' }),
      new Dense({ units: 2, name: 'out' }),
    ],
    { name: 'mlp' },
  );
  const a = await saveToMemory(m);
  m.dispose();
  return a as io.ModelArtifacts & { modelTopology: Topology };
}

/** Loads expecting a SerializationError whose message matches, leaking no tensor. */
async function expectRefused(
  source: Parameters<typeof loadModel>[0],
  message: RegExp,
  options?: Parameters<typeof loadModel>[1],
): Promise<SerializationError> {
  const before = memory().numTensors;
  const error = await loadModel(source, options).catch((e) => e);
  expect(error).toBeInstanceOf(SerializationError);
  expect(error.message).toMatch(message);
  expect(memory().numTensors).toBe(before);
  return error;
}

describe('loading refuses bad artifacts, leaking nothing', () => {
  it('artifacts without a modelTopology', async () => {
    const { modelTopology: _, ...rest } = await artifacts();
    await expectRefused(rest, /<Model artifacts>: expected a modelTopology.*Received: keys/);
  });

  it('a graph model', async () => {
    await expectRefused({ ...(await artifacts()), format: 'graph-model' }, /a graph model/);
  });

  it.each([
    ['Conv2D', '@strata/cnn'],
    ['Bidirectional', '@strata/rnn'],
    ['MultiHeadAttention', '@strata/attention'],
  ])('an unknown class %s, naming %s', async (className, pkg) => {
    const a = await artifacts();
    a.modelTopology.config.layers[1].class_name = className;
    const error = await expectRefused(a, new RegExp(`unknown class_name '${className}'`));
    expect(error.expected).toContain(`'${className}' is in ${pkg}`);
  });

  it('a class no package provides, naming the registries searched', async () => {
    const a = await artifacts();
    a.modelTopology.config.layers[1].class_name = 'MyLayer';
    const mine = defineRegistry('my-layers', []);
    const error = await expectRefused(a, /unknown class_name 'MyLayer'/, { registries: [mine] });
    expect(error.expected).toBe(
      'a layer class of the registries given (my-layers, @strata/layers)',
    );
  });

  it('resolves classes through the registries given', async () => {
    const a = await artifacts();
    a.modelTopology.config.layers[1].class_name = 'MyDense';
    const m = await loadModel(a, {
      registries: [{ package: 'mine', classes: { MyDense: Dense } }],
    });
    expect(m.countParams()).toBe(26);
    m.dispose();
  });

  it('a weight missing from the specs', async () => {
    const a = await artifacts();
    a.weightSpecs = a.weightSpecs?.filter((s) => s.name !== 'hidden/bias');
    const error = await expectRefused(a, /<Weight 'hidden\/bias'>: expected an entry/);
    expect(error.expected).toContain('shape [4]');
  });

  it('a weight of another shape, naming the weight and both shapes', async () => {
    const a = await artifacts();
    (a.weightSpecs as io.WeightsManifestEntry[])[2].shape = [2, 4];
    const error = await expectRefused(a, /<Weight 'out\/kernel'>/);
    expect(error.message).toBe(
      "<Weight 'out/kernel'>: expected shape [4, 2]. Received: shape [2, 4] in the manifest.",
    );
  });

  it('an extra weight', async () => {
    const a = await artifacts();
    a.weightSpecs?.push({ name: 'out/extra', shape: [], dtype: 'float32' });
    a.weightData = new Uint8Array(108).buffer;
    await expectRefused(
      a,
      /no weights in the manifest besides the model’s. Received: extra 'out\/extra'/,
    );
  });

  it('truncated weight data, before building the model', async () => {
    const a = await artifacts();
    a.weightData = (a.weightData as ArrayBuffer).slice(0, 100);
    const error = await expectRefused(a, /<Weight data>: expected 104 bytes/);
    expect(error.received).toBe('100 bytes (truncated)');
  });

  it('weight specs that are not {name, shape, dtype}', async () => {
    const a = await artifacts();
    a.weightSpecs = [null as never];
    await expectRefused(a, /<Weights manifest>: expected weight entries \{name, shape, dtype\}/);
  });

  it('a regularizer Strata does not have', async () => {
    const a = await artifacts();
    a.modelTopology.config.layers[0].config.kernel_regularizer = {
      class_name: 'L1L2',
      config: { l1: 0.01, l2: 0 },
    };
    await expectRefused(a, /<Layer 'hidden'>: expected no kernel_regularizer/);
  });

  it('a functional model whose nodes name a missing layer', async () => {
    const a = await artifacts();
    a.modelTopology = {
      class_name: 'Functional',
      config: {
        name: 'broken',
        layers: [
          {
            name: 'x',
            class_name: 'InputLayer',
            config: { batch_input_shape: [null, 3], name: 'x' },
            inbound_nodes: [],
          },
          {
            name: 'hidden',
            class_name: 'Dense',
            config: { units: 4, name: 'hidden' },
            inbound_nodes: [[['nobody', 0, 0, {}]]],
          },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['hidden', 0, 0]],
      },
    } as never;
    await expectRefused(a, /inbound_nodes of 'hidden' that name existing layers/);
  });

  it('a handler that fails, as a SerializationError with the cause', async () => {
    const failing = { load: async () => Promise.reject(new TypeError('fetch failed')) };
    const error = await expectRefused(
      failing,
      /<Source 'IOHandler'>: expected model artifacts. Received: TypeError: fetch failed/,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
