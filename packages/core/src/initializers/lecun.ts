import type { Initializer } from './initializer.js';
import { varianceScalingAs } from './variance-scaling.js';

/** Options of {@link lecunUniform} and {@link lecunNormal}. */
export interface LecunOptions {
  /** Same values on every `apply`; without it, values come from the global stream. */
  seed?: number | null;
}

/**
 * Lecun uniform: `w ~ U[−limit, limit]`, `limit = sqrt(3 / n)`, `n = fanIn`
 * (variance scaling with scale 1, mode `'fanIn'`, uniform).
 *
 * @example
 * initializers.lecunUniform({ seed: 1 }).apply([128, 64]);
 * @see LeCun et al. 1998, "Efficient BackProp", https://doi.org/10.1007/3-540-49430-8_2
 */
export function lecunUniform({ seed = null }: LecunOptions = {}): Initializer {
  return varianceScalingAs(
    'LecunUniform',
    { scale: 1, mode: 'fanIn', distribution: 'uniform', seed },
    { seed },
  );
}

/**
 * Lecun normal: `w ~ N(0, σ²)` truncated at 2σ, `σ = sqrt(1 / n) / 0.8796…`, `n = fanIn`,
 * so that the variance is `1 / n` (variance scaling with scale 1, mode `'fanIn'`,
 * truncated normal).
 *
 * @example
 * initializers.lecunNormal({ seed: 1 }).apply([128, 64]);
 * @see LeCun et al. 1998, "Efficient BackProp", https://doi.org/10.1007/3-540-49430-8_2
 */
export function lecunNormal({ seed = null }: LecunOptions = {}): Initializer {
  return varianceScalingAs(
    'LecunNormal',
    { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal', seed },
    { seed },
  );
}
