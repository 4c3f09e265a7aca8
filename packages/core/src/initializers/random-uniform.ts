import type { Tensor } from '@tensorflow/tfjs-core';
import { randomStream } from '../random.js';
import {
  checkFloat,
  checkSeed,
  checkShape,
  type Initializer,
  type InitializerDType,
  initializerError,
} from './initializer.js';

/** Options of {@link randomUniform}. */
export interface RandomUniformOptions {
  /** Lower bound (inclusive). Default −0.05. */
  minval?: number;
  /** Upper bound (exclusive). Default 0.05. */
  maxval?: number;
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * Draws each element uniformly: `w ~ U[minval, maxval)`.
 *
 * @example
 * initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 }).apply([2, 3]);
 */
export function randomUniform({
  minval = -0.05,
  maxval = 0.05,
  seed = null,
}: RandomUniformOptions = {}): Initializer {
  const className = 'RandomUniform';
  if (!(minval <= maxval)) {
    throw initializerError(className, 'minval ≤ maxval', `minval ${minval}, maxval ${maxval}`);
  }
  checkSeed(className, seed);
  return {
    className,
    getConfig: () => ({ minval, maxval, seed }),
    apply(shape: readonly number[], dtype: InitializerDType = 'float32'): Tensor {
      checkShape(className, shape);
      checkFloat(className, dtype);
      return randomStream(seed).uniform(shape, { minval, maxval });
    },
  };
}
