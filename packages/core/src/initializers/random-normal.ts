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

/** Options of {@link randomNormal} and {@link truncatedNormal}. */
export interface NormalOptions {
  /** Mean of the distribution. Default 0. */
  mean?: number;
  /** Standard deviation of the (untruncated) distribution. Default 0.05. */
  stddev?: number;
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * Draws each element from a normal distribution: `w ~ N(mean, stddev²)`.
 *
 * @example
 * initializers.randomNormal({ stddev: 0.02, seed: 3 }).apply([768, 768]);
 */
export function randomNormal({
  mean = 0,
  stddev = 0.05,
  seed = null,
}: NormalOptions = {}): Initializer {
  const className = 'RandomNormal';
  checkStddev(className, stddev);
  checkSeed(className, seed);
  return {
    className,
    getConfig: () => ({ mean, stddev, seed }),
    apply(shape: readonly number[], dtype: InitializerDType = 'float32'): Tensor {
      checkShape(className, shape);
      checkFloat(className, dtype);
      return randomStream(seed).normal(shape, { mean, stddev });
    },
  };
}
