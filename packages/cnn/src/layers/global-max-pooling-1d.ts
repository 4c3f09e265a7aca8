import { max, type Tensor } from '@strata/core';
import { GlobalPooling, type GlobalPoolingConfig } from './global-pooling.js';

/** Config of `GlobalMaxPooling1D`. */
export type GlobalMaxPooling1DConfig = GlobalPoolingConfig;

/**
 * Takes the largest value of each channel over time, `y[b, c] = max_t x[b, t, c]`.
 *
 * Shapes: `[batch, time, channels]` → `[batch, channels]` (with `keepdims`, the pooled axes stay as size 1).
 *
 * @example
 * const y = new GlobalMaxPooling1D().apply(x); // x: [32, 100, 64] → y: [32, 64]
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  protected readonly rank = 3;

  protected reduce(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    return max(x, axes, keepdims);
  }
}
