import { maxPool, type Tensor4D } from '@strata/core';
import { Pooling2D, type Pooling2DConfig } from './pooling-2d.js';

/** Config of `MaxPooling2D`. */
export type MaxPooling2DConfig = Pooling2DConfig;

/**
 * Takes the largest value of each window, channel by channel,
 * `y[b, i, j, c] = max_{p < ph, q < pw} x[b, i·sh + p, j·sw + q, c]`.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, outHeight, outWidth, channels]`, with
 * `out = ⌊(n − p) / s⌋ + 1` for `'valid'` and `⌈n / s⌉` for `'same'`.
 *
 * @example
 * const y = new MaxPooling2D({ poolSize: 2 }).apply(x); // [16, 28, 28, 32] → [16, 14, 14, 32]
 */
export class MaxPooling2D extends Pooling2D {
  static override readonly className = 'MaxPooling2D';

  protected pool(x: Tensor4D): Tensor4D {
    return maxPool(x, this.poolSize, this.strides, this.padding);
  }
}
