import { mul, type Tensor } from '@strata/core';
import type { LayerConfig } from '../layer.js';
import { Merge } from './merge.js';

/** Config of `Multiply`. */
export type MultiplyConfig = LayerConfig;

/**
 * Multiplies a list of tensors element-wise, `y = x₁ ⊙ x₂ ⊙ … ⊙ xₙ` (size-1 axes broadcast).
 *
 * Shapes: `[[batch, …], …]` → `[batch, …]`.
 *
 * @example
 * const y = new Multiply().apply([x, gate]); // a gating product
 */
export class Multiply extends Merge<MultiplyConfig> {
  static override readonly className = 'Multiply';

  constructor(config: MultiplyConfig = {}) {
    super(config);
  }

  protected override merge(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => mul(a, b));
  }
}
