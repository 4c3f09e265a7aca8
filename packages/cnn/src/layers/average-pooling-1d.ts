import type { Tensor4D } from '@strata/core';
import { averagePool } from './conv-utils.js';
import { Pooling1D, type Pooling1DConfig } from './pooling-1d.js';

/** Config of `AveragePooling1D`. */
export type AveragePooling1DConfig = Pooling1DConfig;

/**
 * Averages each window of time steps, channel by channel,
 * `y[b, t, c] = mean_{p < poolSize} x[b, t·s + p, c]`; with `'same'` padding the last windows
 * average only the steps inside the input.
 *
 * Shapes: `[batch, time, channels]` → `[batch, outTime, channels]`, with
 * `outTime = ⌊(t − p) / s⌋ + 1` for `'valid'` and `⌈t / s⌉` for `'same'`.
 *
 * @example
 * const y = new AveragePooling1D({ poolSize: 4 }).apply(x); // [32, 100, 64] → [32, 25, 64]
 */
export class AveragePooling1D extends Pooling1D {
  static override readonly className = 'AveragePooling1D';

  protected pool(x: Tensor4D, size: [number, number], strides: [number, number]): Tensor4D {
    return averagePool(x, size, strides, this.padding);
  }
}
