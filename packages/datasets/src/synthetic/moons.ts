import { randomStream } from '@strata/core';
import type { LabeledData } from '../builtin/labeled-data.js';
import { checkCount, checkNonNegative, packPoints } from './points.js';

/** Options of {@link moons}. */
export interface MoonsOptions {
  /** Number of points; the outer moon (class 0) gets ⌊n/2⌋, the inner one the rest. Default 100. */
  n?: number;
  /** Standard deviation of Gaussian noise on each coordinate. Default 0. */
  noise?: number;
  /** Shuffle the points (else class 0 comes first). Default `true`. */
  shuffle?: boolean;
  /** Seed; the same seed gives the same points. */
  seed?: number;
}

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: the outer moon
 * `(cos θ, sin θ)` and the inner moon `(1 − cos θ, 1 − sin θ − 0.5)` for θ evenly spaced in
 * [0, π]. Shapes: `features [n, 2]`, `labels [n]`.
 *
 * @example
 * const { features, labels } = moons({ n: 300, noise: 0.1, seed: 0 });
 */
export function moons(options: MoonsOptions = {}): LabeledData {
  const { n = 100, noise = 0, shuffle = true, seed } = options;
  checkCount('moons', 'n', n);
  checkNonNegative('moons', 'noise', noise);
  const rng = randomStream(seed);
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  const points = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  const angle = (i: number, count: number) => (count > 1 ? (Math.PI * i) / (count - 1) : 0);
  for (let i = 0; i < n; i++) {
    const isInner = i >= outer;
    const theta = isInner ? angle(i - outer, inner) : angle(i, outer);
    labels[i] = isInner ? 1 : 0;
    points[2 * i] = isInner ? 1 - Math.cos(theta) : Math.cos(theta);
    points[2 * i + 1] = isInner ? 1 - Math.sin(theta) - 0.5 : Math.sin(theta);
  }
  if (noise > 0) for (let k = 0; k < points.length; k++) points[k] += noise * rng.nextNormal();
  return packPoints(points, labels, 2, ['outer', 'inner'], shuffle ? rng : null);
}
