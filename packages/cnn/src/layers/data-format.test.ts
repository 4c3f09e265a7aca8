import { ConfigError, StrataError } from '@strata/core';
import { type Layer, loadModel } from '@strata/layers';
import { describe, expect, it } from 'vitest';
import { registry } from '../registry.js';

/** The layers Keras gives a `data_format`, each with a minimal config. */
const LAYERS: [string, Record<string, unknown>][] = [
  ['Conv1D', { filters: 1, kernelSize: 1 }],
  ['Conv2D', { filters: 1, kernelSize: 1 }],
  ['Conv2DTranspose', { filters: 1, kernelSize: 1 }],
  ['DepthwiseConv2D', { kernelSize: 1 }],
  ['SeparableConv2D', { filters: 1, kernelSize: 1 }],
  ['MaxPooling1D', {}],
  ['MaxPooling2D', {}],
  ['AveragePooling1D', {}],
  ['AveragePooling2D', {}],
  ['GlobalMaxPooling1D', {}],
  ['GlobalMaxPooling2D', {}],
  ['GlobalAveragePooling1D', {}],
  ['GlobalAveragePooling2D', {}],
  ['Cropping2D', {}],
  ['UpSampling2D', {}],
  ['ZeroPadding2D', {}],
];

function make(className: string, config: Record<string, unknown>): Layer {
  const LayerClass = registry.classes[className] as unknown as new (c: object) => Layer;
  return new LayerClass(config);
}

describe('dataFormat', () => {
  for (const [className, config] of LAYERS) {
    it(`${className} takes 'channelsLast' (or none) and refuses 'channelsFirst'`, () => {
      expect(make(className, { ...config, dataFormat: 'channelsLast' }).getConfig()).toMatchObject({
        dataFormat: 'channelsLast',
      });
      expect(() => make(className, { ...config, dataFormat: null })).not.toThrow();
      expect(() => make(className, { ...config, dataFormat: 'channelsFirst', name: 'l' })).toThrow(
        ConfigError,
      );
      expect(() => make(className, { ...config, dataFormat: 'channelsFirst', name: 'l' })).toThrow(
        `<Layer 'l'>: expected dataFormat 'channelsLast' (Strata's convolution layers are channels-last). Received: "channelsFirst".`,
      );
    });
  }

  it('a channels_first file is refused when loaded, not read as channels-last', async () => {
    const modelTopology = {
      class_name: 'Sequential',
      config: {
        name: 'sequential_1',
        layers: [
          {
            class_name: 'Conv2D',
            config: {
              name: 'conv',
              filters: 2,
              kernel_size: [1, 1],
              data_format: 'channels_first',
              batch_input_shape: [null, 3, 4, 4],
            },
          },
        ],
      },
    };
    const load = loadModel(
      { modelTopology, weightSpecs: [], weightData: new ArrayBuffer(0) },
      {
        registries: [registry],
      },
    );
    await expect(load).rejects.toThrow(StrataError);
    await expect(load).rejects.toThrow(/channelsFirst|channels_first/);
  });
});
