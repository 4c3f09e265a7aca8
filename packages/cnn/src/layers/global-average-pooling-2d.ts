import { mean, type Tensor } from '@strata/core';
import { GlobalPooling, type GlobalPoolingConfig } from './global-pooling.js';

/** Config of `GlobalAveragePooling2D`. */
export type GlobalAveragePooling2DConfig = GlobalPoolingConfig;

/**
 * Takes the mean of each channel over height and width, `y[b, c] = mean_{i, j} x[b, i, j, c]`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, channels]` (with `keepdims`, the pooled axes stay as size 1).
 *
 * @example
 * const y = new GlobalAveragePooling2D().apply(x); // x: [16, 7, 7, 512] → y: [16, 512]
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  protected readonly rank = 4;

  protected reduce(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    return mean(x, axes, keepdims);
  }
}
