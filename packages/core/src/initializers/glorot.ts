import type { Initializer } from './initializer.js';
import { varianceScalingAs } from './variance-scaling.js';

/** Options of {@link glorotUniform} and {@link glorotNormal}. */
export interface GlorotOptions {
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * Glorot uniform: `w ~ U[−limit, limit]`, `limit = sqrt(3 / n)`,
 * `n = (fanIn + fanOut) / 2`
 * (variance scaling with scale 1, mode `'fanAvg'`, uniform).
 *
 * @example
 * initializers.glorotUniform({ seed: 1 }).apply([784, 256]);
 * @see Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward
 *   neural networks", https://proceedings.mlr.press/v9/glorot10a.html
 */
export function glorotUniform({ seed = null }: GlorotOptions = {}): Initializer {
  return varianceScalingAs(
    'GlorotUniform',
    { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed },
    { seed },
  );
}

/**
 * Glorot normal: `w ~ N(0, σ²)` truncated at 2σ, `σ = sqrt(1 / n) / 0.8796…`,
 * `n = (fanIn + fanOut) / 2`,
 * so that the variance is `1 / n` (variance scaling with scale 1, mode `'fanAvg'`,
 * truncated normal).
 *
 * @example
 * initializers.glorotNormal({ seed: 1 }).apply([784, 256]);
 * @see Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward
 *   neural networks", https://proceedings.mlr.press/v9/glorot10a.html
 */
export function glorotNormal({ seed = null }: GlorotOptions = {}): Initializer {
  return varianceScalingAs(
    'GlorotNormal',
    { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed },
    { seed },
  );
}
