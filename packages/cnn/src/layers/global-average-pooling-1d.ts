import { mean, type Tensor } from '@strata/core';
import { GlobalPooling, type GlobalPoolingConfig } from './global-pooling.js';

/** Config of `GlobalAveragePooling1D`. */
export type GlobalAveragePooling1DConfig = GlobalPoolingConfig;

/**
 * Takes the mean of each channel over time, `y[b, c] = mean_t x[b, t, c]`.
 *
 * Shapes: `[batch, time, channels]` → `[batch, channels]` (with `keepdims`, the pooled axes stay as size 1).
 *
 * @example
 * const y = new GlobalAveragePooling1D().apply(x); // x: [32, 100, 64] → y: [32, 64]
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  protected readonly rank = 3;

  protected reduce(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    return mean(x, axes, keepdims);
  }
}
