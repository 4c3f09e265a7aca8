import { type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, it } from 'vitest';
import { loadModel } from './load-model.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('reading what Keras writes', () => {
  const weights = (specs: [string, number[]][], values: number[]) => ({
    weightSpecs: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' as const })),
    weightData: new Float32Array(values).buffer,
  });

  it('a Keras 2 converter file: model_config wrapper, InputLayer first, null regularizers', async () => {
    const dense = {
      name: 'd',
      trainable: true,
      dtype: 'float32',
      units: 1,
      activation: 'linear',
      use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
    const m = await loadModel({
      modelTopology: {
        keras_version: '2.4.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'seq',
            layers: [
              {
                class_name: 'InputLayer',
                config: {
                  batch_input_shape: [null, 2],
                  dtype: 'float32',
                  sparse: false,
                  ragged: false,
                  name: 'input_1',
                },
              },
              { class_name: 'Dense', config: dense },
            ],
          },
        },
      },
      ...weights(
        [
          ['d/kernel', [2, 1]],
          ['d/bias', [1]],
        ],
        [2, 3, 1],
      ),
    });
    const x = tensor([[1, 1]]);
    await expectTensorsClose(m.predict(x) as Tensor, [6]);
    x.dispose();
    m.dispose();
  });

  it('a Keras 3 functional model: {args, kwargs} nodes, batch_shape, dtype policies', async () => {
    const history = (name: string) => ({
      class_name: '__keras_tensor__',
      config: { shape: [null, 2], dtype: 'float32', keras_history: [name, 0, 0] },
    });
    const m = await loadModel({
      modelTopology: {
        class_name: 'Functional',
        config: {
          name: 'k3',
          layers: [
            {
              module: 'keras.layers',
              class_name: 'InputLayer',
              config: { batch_shape: [null, 2], dtype: 'float32', sparse: false, name: 'x' },
              name: 'x',
              inbound_nodes: [],
            },
            {
              module: 'keras.layers',
              class_name: 'Dense',
              config: {
                name: 'd',
                units: 1,
                dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
                kernel_initializer: {
                  module: 'keras.initializers',
                  class_name: 'GlorotUniform',
                  config: { seed: null },
                  registered_name: null,
                },
              },
              name: 'd',
              inbound_nodes: [{ args: [history('x')], kwargs: {} }],
            },
          ],
          input_layers: ['x', 0, 0],
          output_layers: ['d', 0, 0],
        },
      },
      ...weights(
        [
          ['d/kernel', [2, 1]],
          ['d/bias', [1]],
        ],
        [1, -1, 0.5],
      ),
    });
    const x = tensor([[3, 1]]);
    await expectTensorsClose(m.predict(x) as Tensor, [2.5]);
    x.dispose();
    m.dispose();
  });
});
