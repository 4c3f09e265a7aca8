import { add, type Tensor } from '@strata/core';
import type { LayerConfig } from '../layer.js';
import { Merge } from './merge.js';

/** Config of `Add`. */
export type AddConfig = LayerConfig;

/**
 * Sums a list of tensors element-wise, `y = x₁ + x₂ + … + xₙ` (size-1 axes broadcast).
 *
 * Shapes: `[[batch, …], …]` → `[batch, …]`.
 *
 * @example
 * const y = new Add().apply([a, b]); // a residual connection
 */
export class Add extends Merge<AddConfig> {
  static override readonly className = 'Add';

  constructor(config: AddConfig = {}) {
    super(config);
  }

  protected override merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => add(a, b));
  }
}
