import type { Initializer } from './initializer.js';
import { varianceScalingAs } from './variance-scaling.js';

/** Options of {@link heUniform} and {@link heNormal}. */
export interface HeOptions {
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * He uniform: `w ~ U[−limit, limit]`, `limit = sqrt(6 / n)`, `n = fanIn`
 * (variance scaling with scale 2, mode `'fanIn'`, uniform).
 *
 * @example
 * initializers.heUniform({ seed: 1 }).apply([3, 3, 64, 128]);
 * @see He et al. 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852
 */
export function heUniform({ seed = null }: HeOptions = {}): Initializer {
  return varianceScalingAs(
    'HeUniform',
    { scale: 2, mode: 'fanIn', distribution: 'uniform', seed },
    { seed },
  );
}

/**
 * He normal: `w ~ N(0, σ²)` truncated at 2σ, `σ = sqrt(2 / n) / 0.8796…`, `n = fanIn`,
 * so that the variance is `2 / n` (variance scaling with scale 2, mode `'fanIn'`,
 * truncated normal).
 *
 * @example
 * initializers.heNormal({ seed: 1 }).apply([3, 3, 64, 128]);
 * @see He et al. 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852
 */
export function heNormal({ seed = null }: HeOptions = {}): Initializer {
  return varianceScalingAs(
    'HeNormal',
    { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed },
    { seed },
  );
}
