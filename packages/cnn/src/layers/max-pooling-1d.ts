import { maxPool, type Tensor4D } from '@strata/core';
import { Pooling1D, type Pooling1DConfig } from './pooling-1d.js';

/** Config of `MaxPooling1D`. */
export type MaxPooling1DConfig = Pooling1DConfig;

/**
 * Takes the largest value of each window of time steps, channel by channel,
 * `y[b, t, c] = max_{p < poolSize} x[b, t·s + p, c]`.
 *
 * Shapes: `[batch, time, channels]` → `[batch, outTime, channels]`, with
 * `outTime = ⌊(t − p) / s⌋ + 1` for `'valid'` and `⌈t / s⌉` for `'same'`.
 *
 * @example
 * const y = new MaxPooling1D({ poolSize: 2 }).apply(x); // [32, 100, 64] → [32, 50, 64]
 */
export class MaxPooling1D extends Pooling1D {
  static override readonly className = 'MaxPooling1D';

  protected pool(x: Tensor4D, size: [number, number], strides: [number, number]): Tensor4D {
    return maxPool(x, size, strides, this.padding);
  }
}
