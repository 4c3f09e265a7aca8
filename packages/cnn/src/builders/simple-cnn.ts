import { ConfigError } from '@strata/core';
import { Dense, Dropout, Flatten, type Layer, type Sequential, sequential } from '@strata/layers';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Conv2D } from '../layers/conv2d.js';
import { MaxPooling2D } from '../layers/max-pooling-2d.js';
import { checkImageShape, checkInteger, checkRate } from './builder-checks.js';

/** Options of `simpleCnn`. */
export interface SimpleCnnOptions {
  /** `[height, width, channels]`, e.g. `[28, 28, 1]` for Fashion-MNIST. */
  inputShape: [number, number, number];
  /** Number of classes of the softmax output. Default 10. */
  classes?: number;
  /** Filters of each block's convolution; one block per entry. Default `[32, 64]`. */
  filters?: number[];
  /** Units of the hidden dense layer. Default 128. */
  dense?: number;
  /** Dropout rate before the output layer; 0 leaves it out. Default 0. */
  dropout?: number;
  /** Add BatchNormalization after each block's convolution. Default false. */
  batchNorm?: boolean;
  /** Default `'simple_cnn'`. */
  name?: string;
}

const BUILDER = 'simpleCnn';

/**
 * The small CNN of the Fashion-MNIST examples as a Sequential model: per entry of `filters`, a
 * block Conv2D 3×3 `'same'` ReLU → (BatchNormalization) → MaxPooling2D 2×2; then Flatten →
 * Dense `dense` ReLU → (Dropout) → Dense `classes` softmax.
 *
 * Shapes: `[batch, height, width, channels]` → `[batch, classes]`; each block halves the
 * height and width (rounding down).
 *
 * @throws ConfigError naming `simpleCnn` for a bad option, or an input that the blocks would
 *   pool below 1 × 1.
 * @example
 * const m = simpleCnn({ inputShape: [28, 28, 1], classes: 10, dropout: 0.25 });
 * m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 */
export function simpleCnn(options: SimpleCnnOptions): Sequential {
  const {
    classes = 10,
    filters = [32, 64],
    dense = 128,
    dropout = 0,
    batchNorm = false,
    name = 'simple_cnn',
  } = options ?? {};
  const inputShape = checkImageShape(BUILDER, options?.inputShape);
  checkInteger(BUILDER, 'classes', classes);
  checkInteger(BUILDER, 'dense', dense);
  checkRate(BUILDER, dropout);
  if (
    !Array.isArray(filters) ||
    filters.length === 0 ||
    !filters.every((f) => Number.isInteger(f) && f >= 1)
  ) {
    throw new ConfigError({
      subject: BUILDER,
      expected: 'filters, a non-empty list of positive integers',
      received: JSON.stringify(filters) ?? 'undefined',
    });
  }
  const smallest = Math.min(inputShape[0], inputShape[1]);
  if (smallest < 2 ** filters.length) {
    throw new ConfigError({
      subject: BUILDER,
      expected: `an input of at least ${2 ** filters.length} px a side for ${filters.length} pooling blocks`,
      received: `inputShape ${JSON.stringify(inputShape)}`,
    });
  }
  const layers: Layer[] = [];
  for (const [i, f] of filters.entries()) {
    const block = `block${i + 1}`;
    layers.push(
      new Conv2D({
        filters: f,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: `${block}_conv`,
        ...(i === 0 ? { inputShape } : {}),
      }),
    );
    if (batchNorm) layers.push(new BatchNormalization({ name: `${block}_bn` }));
    layers.push(new MaxPooling2D({ poolSize: 2, name: `${block}_pool` }));
  }
  layers.push(new Flatten({ name: 'flatten' }));
  layers.push(new Dense({ units: dense, activation: 'relu', name: 'dense' }));
  if (dropout > 0) layers.push(new Dropout({ rate: dropout, name: 'dropout' }));
  layers.push(new Dense({ units: classes, activation: 'softmax', name: 'predictions' }));
  return sequential(layers, { name });
}
