import { max, type Tensor } from '@strata/core';
import { GlobalPooling, type GlobalPoolingConfig } from './global-pooling.js';

/** Config of `GlobalMaxPooling2D`. */
export type GlobalMaxPooling2DConfig = GlobalPoolingConfig;

/**
 * Takes the largest value of each channel over height and width, `y[b, c] = max_{i, j} x[b, i, j, c]`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, channels]` (with `keepdims`, the pooled axes stay as size 1).
 *
 * @example
 * const y = new GlobalMaxPooling2D().apply(x); // x: [16, 7, 7, 512] → y: [16, 512]
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';
  protected readonly rank = 4;

  protected reduce(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    return max(x, axes, keepdims);
  }
}
