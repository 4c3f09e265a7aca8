import { fill, type Tensor } from '@tensorflow/tfjs-core';
import {
  checkShape,
  type Initializer,
  type InitializerDType,
  initializerError,
} from './initializer.js';

/** Options of {@link constant}. */
export interface ConstantOptions {
  /** The value of every element. */
  value: number;
}

/**
 * Fills the weight with one value: `w = value`.
 *
 * @example
 * initializers.constant({ value: 0.1 }).apply([3]); // [0.1, 0.1, 0.1]
 */
export function constant({ value }: ConstantOptions): Initializer {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw initializerError('Constant', 'a numeric value', value);
  }
  return filled('Constant', value, { value });
}

/**
 * Fills the weight with zeros: `w = 0`. The usual bias initializer.
 *
 * @example
 * initializers.zeros().apply([2, 2]);
 */
export function zeros(): Initializer {
  return filled('Zeros', 0, {});
}

/**
 * Fills the weight with ones: `w = 1`. The usual scale (`gamma`) initializer.
 *
 * @example
 * initializers.ones().apply([4]);
 */
export function ones(): Initializer {
  return filled('Ones', 1, {});
}

function filled(className: string, value: number, config: { value?: number }): Initializer {
  return {
    className,
    getConfig: () => ({ ...config }),
    apply(shape: readonly number[], dtype: InitializerDType = 'float32'): Tensor {
      checkShape(className, shape);
      return fill([...shape], value, dtype);
    },
  };
}
