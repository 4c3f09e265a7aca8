import { randomStream } from '@strata/core';
import type { LabeledData } from '../builtin/labeled-data.js';
import { checkCount, checkNonNegative, packPoints } from './points.js';

/** Options of {@link xor}. */
export interface XorOptions {
  /** Number of points. Default 200. */
  n?: number;
  /** Standard deviation of Gaussian noise added after labelling. Default 0. */
  noise?: number;
  /** Seed; the same seed gives the same points. */
  seed?: number;
}

/**
 * The XOR problem: points uniform in [−1, 1]², class `1` where the signs of x and y differ
 * (`(x > 0) xor (y > 0)`), else `0` — not linearly separable, one hidden layer suffices.
 * Shapes: `features [n, 2]`, `labels [n]`.
 *
 * @example
 * const { features, labels } = xor({ n: 400, noise: 0.05, seed: 1 });
 */
export function xor(options: XorOptions = {}): LabeledData {
  const { n = 200, noise = 0, seed } = options;
  checkCount('xor', 'n', n);
  checkNonNegative('xor', 'noise', noise);
  const rng = randomStream(seed);
  const points = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = 2 * rng.next() - 1;
    const y = 2 * rng.next() - 1;
    labels[i] = x > 0 !== y > 0 ? 1 : 0;
    points[2 * i] = x + noise * rng.nextNormal();
    points[2 * i + 1] = y + noise * rng.nextNormal();
  }
  return packPoints(points, labels, 2, ['same sign', 'different signs'], null);
}
