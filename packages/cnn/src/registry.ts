import { defineRegistry, type LayerRegistry } from '@strata/layers';
import { Normalization } from './images/normalization.js';
import { RandomCrop } from './images/random-crop.js';
import { RandomFlip } from './images/random-flip.js';
import { Rescaling } from './images/rescaling.js';
import { AveragePooling1D } from './layers/average-pooling-1d.js';
import { AveragePooling2D } from './layers/average-pooling-2d.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Conv1D } from './layers/conv1d.js';
import { Conv2D } from './layers/conv2d.js';
import { Conv2DTranspose } from './layers/conv2d-transpose.js';
import { Cropping2D } from './layers/cropping-2d.js';
import { DepthwiseConv2D } from './layers/depthwise-conv2d.js';
import { GlobalAveragePooling1D } from './layers/global-average-pooling-1d.js';
import { GlobalAveragePooling2D } from './layers/global-average-pooling-2d.js';
import { GlobalMaxPooling1D } from './layers/global-max-pooling-1d.js';
import { GlobalMaxPooling2D } from './layers/global-max-pooling-2d.js';
import { MaxPooling1D } from './layers/max-pooling-1d.js';
import { MaxPooling2D } from './layers/max-pooling-2d.js';
import { SeparableConv2D } from './layers/separable-conv2d.js';
import { UpSampling2D } from './layers/up-sampling-2d.js';
import { ZeroPadding2D } from './layers/zero-padding-2d.js';

/** The layers of `@strata/cnn`, for `loadModel(path, { registries: [cnn.registry] })`. */
export const registry: LayerRegistry = defineRegistry('@strata/cnn', [
  AveragePooling1D,
  AveragePooling2D,
  BatchNormalization,
  Conv1D,
  Conv2D,
  Conv2DTranspose,
  Cropping2D,
  DepthwiseConv2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  MaxPooling2D,
  Normalization,
  RandomCrop,
  RandomFlip,
  Rescaling,
  SeparableConv2D,
  UpSampling2D,
  ZeroPadding2D,
]);
