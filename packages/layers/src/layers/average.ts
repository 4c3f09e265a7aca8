import { add, mul, type Tensor } from '@strata/core';
import type { LayerConfig } from '../layer.js';
import { Merge } from './merge.js';

/** Config of `Average`. */
export type AverageConfig = LayerConfig;

/**
 * Averages a list of tensors element-wise, `y = (x₁ + x₂ + … + xₙ) / n` (size-1 axes
 * broadcast).
 *
 * Shapes: `[[batch, …], …]` → `[batch, …]`.
 *
 * @example
 * const y = new Average().apply([modelA, modelB]); // an ensemble's mean prediction
 */
export class Average extends Merge<AverageConfig> {
  static override readonly className = 'Average';

  constructor(config: AverageConfig = {}) {
    super(config);
  }

  protected override merge(inputs: Tensor[]): Tensor {
    return mul(
      inputs.reduce((a, b) => add(a, b)),
      1 / inputs.length,
    );
  }
}
