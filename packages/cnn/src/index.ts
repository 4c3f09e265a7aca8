/**
 * `@strata/cnn`: channels-last convolution (plain, 1-D, transposed, depthwise, separable), pooling, normalisation, padding, cropping and
 * upsampling layers.
 */

export { type AlexNetOptions, alexNet } from './builders/alex-net.js';
export { type LeNet5Options, leNet5 } from './builders/le-net5.js';
export { type SimpleCnnOptions, simpleCnn } from './builders/simple-cnn.js';
export type { AdaptBatch, AdaptData, NestedNumbers } from './images/channel-moments.js';
export {
  type CropOptions,
  centerCropWithPadding,
  type FlipAxes,
  type NormalizeImagesOptions,
  normalizeImages,
  type PerChannel,
  randomCropWithPadding,
  randomFlip,
  randomFlipLeftRight,
  rescaleImages,
} from './images/image-ops.js';
export { Normalization, type NormalizationConfig } from './images/normalization.js';
export { RandomCrop, type RandomCropConfig } from './images/random-crop.js';
export { type FlipMode, RandomFlip, type RandomFlipConfig } from './images/random-flip.js';
export { Rescaling, type RescalingConfig } from './images/rescaling.js';
export { AveragePooling1D, type AveragePooling1DConfig } from './layers/average-pooling-1d.js';
export { AveragePooling2D, type AveragePooling2DConfig } from './layers/average-pooling-2d.js';
export {
  BatchNormalization,
  type BatchNormalizationConfig,
} from './layers/batch-normalization.js';
export type { Border2D, Padding } from './layers/conv-utils.js';
export { Conv1D, type Conv1DConfig } from './layers/conv1d.js';
export { Conv2D, type Conv2DConfig } from './layers/conv2d.js';
export { Conv2DTranspose, type Conv2DTransposeConfig } from './layers/conv2d-transpose.js';
export { Cropping2D, type Cropping2DConfig } from './layers/cropping-2d.js';
export { DepthwiseConv2D, type DepthwiseConv2DConfig } from './layers/depthwise-conv2d.js';
export {
  GlobalAveragePooling1D,
  type GlobalAveragePooling1DConfig,
} from './layers/global-average-pooling-1d.js';
export {
  GlobalAveragePooling2D,
  type GlobalAveragePooling2DConfig,
} from './layers/global-average-pooling-2d.js';
export {
  GlobalMaxPooling1D,
  type GlobalMaxPooling1DConfig,
} from './layers/global-max-pooling-1d.js';
export {
  GlobalMaxPooling2D,
  type GlobalMaxPooling2DConfig,
} from './layers/global-max-pooling-2d.js';
export { GlobalPooling, type GlobalPoolingConfig } from './layers/global-pooling.js';
export { MaxPooling1D, type MaxPooling1DConfig } from './layers/max-pooling-1d.js';
export { MaxPooling2D, type MaxPooling2DConfig } from './layers/max-pooling-2d.js';
export { Pooling1D, type Pooling1DConfig } from './layers/pooling-1d.js';
export { Pooling2D, type Pooling2DConfig } from './layers/pooling-2d.js';
export { SeparableConv2D, type SeparableConv2DConfig } from './layers/separable-conv2d.js';
export { UpSampling2D, type UpSampling2DConfig } from './layers/up-sampling-2d.js';
export { ZeroPadding2D, type ZeroPadding2DConfig } from './layers/zero-padding-2d.js';
export { registry } from './registry.js';
