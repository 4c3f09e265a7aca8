import type { Tensor4D } from '@strata/core';
import { averagePool } from './conv-utils.js';
import { Pooling2D, type Pooling2DConfig } from './pooling-2d.js';

/** Config of `AveragePooling2D`. */
export type AveragePooling2DConfig = Pooling2DConfig;

/**
 * Averages each window, channel by channel,
 * `y[b, i, j, c] = mean_{p < ph, q < pw} x[b, i·sh + p, j·sw + q, c]`; with `'same'` padding
 * the border windows average only the values inside the input (as TensorFlow); see `averagePool` for why
 * that case is composed rather than left to tfjs's kernel.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, outHeight, outWidth, channels]`, with
 * `out = ⌊(n − p) / s⌋ + 1` for `'valid'` and `⌈n / s⌉` for `'same'`.
 *
 * @example
 * const y = new AveragePooling2D({ poolSize: 2 }).apply(x); // [16, 28, 28, 6] → [16, 14, 14, 6]
 */
export class AveragePooling2D extends Pooling2D {
  static override readonly className = 'AveragePooling2D';

  protected pool(x: Tensor4D): Tensor4D {
    return averagePool(x, this.poolSize, this.strides, this.padding);
  }
}
