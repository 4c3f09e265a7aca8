import type { Tensor } from '@tensorflow/tfjs-core';
import { randomStream } from '../random.js';
import {
  checkFloat,
  checkSeed,
  checkShape,
  checkStddev,
  type Initializer,
  type InitializerDType,
} from './initializer.js';
import type { NormalOptions } from './random-normal.js';

/**
 * Draws each element from a normal distribution cut at two standard deviations (values
 * outside are drawn again): `w ~ N(mean, stddev²)` restricted to `|w − mean| ≤ 2·stddev`.
 * The spread of the result is about `0.88·stddev`.
 *
 * @example
 * initializers.truncatedNormal({ stddev: 0.02, seed: 3 }).apply([768, 768]);
 */
export function truncatedNormal({
  mean = 0,
  stddev = 0.05,
  seed = null,
}: NormalOptions = {}): Initializer {
  const className = 'TruncatedNormal';
  checkStddev(className, stddev);
  checkSeed(className, seed);
  return {
    className,
    getConfig: () => ({ mean, stddev, seed }),
    apply(shape: readonly number[], dtype: InitializerDType = 'float32'): Tensor {
      checkShape(className, shape);
      checkFloat(className, dtype);
      return randomStream(seed).truncatedNormal(shape, { mean, stddev });
    },
  };
}
