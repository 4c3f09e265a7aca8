import { randomStream } from '@strata/core';
import type { LabeledData } from '../builtin/labeled-data.js';
import { checkCount, checkNonNegative, packPoints } from './points.js';

/** Options of {@link twoSpirals}. */
export interface TwoSpiralsOptions {
  /** Number of points; class 0 gets ⌊n/2⌋, class 1 the rest. Default 200. */
  n?: number;
  /** Turns of each spiral. Default 1.5. */
  turns?: number;
  /** Standard deviation of Gaussian noise on each coordinate. Default 0. */
  noise?: number;
  /** Shuffle the points (else class 0 comes first). Default `true`. */
  shuffle?: boolean;
  /** Seed; the same seed gives the same points. */
  seed?: number;
}

/**
 * Two interleaved spirals: at `u` uniform in [0, 1], angle `t = 2π·turns·u` and radius `u`,
 * class 0 at `(u cos t, u sin t)` and class 1 the same turned by π. Shapes: `features [n, 2]`,
 * `labels [n]`.
 *
 * @example
 * const spirals = twoSpirals({ n: 500, noise: 0.02, seed: 7 });
 */
export function twoSpirals(options: TwoSpiralsOptions = {}): LabeledData {
  const { n = 200, turns = 1.5, noise = 0, shuffle = true, seed } = options;
  checkCount('twoSpirals', 'n', n);
  checkNonNegative('twoSpirals', 'noise', noise);
  checkNonNegative('twoSpirals', 'turns', turns);
  const rng = randomStream(seed);
  const first = Math.floor(n / 2);
  const points = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < first ? 0 : 1;
    const u = rng.next();
    const t = 2 * Math.PI * turns * u + label * Math.PI;
    labels[i] = label;
    points[2 * i] = u * Math.cos(t) + noise * rng.nextNormal();
    points[2 * i + 1] = u * Math.sin(t) + noise * rng.nextNormal();
  }
  return packPoints(points, labels, 2, ['spiral 0', 'spiral 1'], shuffle ? rng : null);
}
