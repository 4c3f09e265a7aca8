export { computeFans } from './compute-fans.js';
export { type ConstantOptions, constant, ones, zeros } from './constant.js';
export {
  getInitializer,
  INITIALIZER_NAMES,
  type InitializerIdentifier,
  type SerializedInitializer,
} from './get-initializer.js';
export { type GlorotOptions, glorotNormal, glorotUniform } from './glorot.js';
export { type HeOptions, heNormal, heUniform } from './he.js';
export type { Initializer, InitializerConfig, InitializerDType } from './initializer.js';
export { type LecunOptions, lecunNormal, lecunUniform } from './lecun.js';
export { type OrthogonalOptions, orthogonal } from './orthogonal.js';
export { type NormalOptions, randomNormal } from './random-normal.js';
export { type RandomUniformOptions, randomUniform } from './random-uniform.js';
export { truncatedNormal } from './truncated-normal.js';
export {
  type FanMode,
  type ScalingDistribution,
  type VarianceScalingOptions,
  varianceScaling,
} from './variance-scaling.js';
