import { describe, expect, it } from 'vitest';
import { registry } from './registry.js';

describe('registry', () => {
  it('lists every layer of @strata/cnn by its Keras class name', () => {
    expect(registry.package).toBe('@strata/cnn');
    expect(Object.keys(registry.classes).sort()).toEqual([
      'AveragePooling1D',
      'AveragePooling2D',
      'BatchNormalization',
      'Conv1D',
      'Conv2D',
      'Conv2DTranspose',
      'Cropping2D',
      'DepthwiseConv2D',
      'GlobalAveragePooling1D',
      'GlobalAveragePooling2D',
      'GlobalMaxPooling1D',
      'GlobalMaxPooling2D',
      'MaxPooling1D',
      'MaxPooling2D',
      'Normalization',
      'RandomCrop',
      'RandomFlip',
      'Rescaling',
      'SeparableConv2D',
      'UpSampling2D',
      'ZeroPadding2D',
    ]);
  });
});
