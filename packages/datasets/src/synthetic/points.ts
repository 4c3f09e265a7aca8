import { ConfigError, type RandomStream } from '@strata/core';
import type { LabeledData } from '../builtin/labeled-data.js';

/** Throws unless `n` is a non-negative integer. */
export function checkCount(subject: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new ConfigError({
      subject,
      expected: `${name} a non-negative integer`,
      received: String(n),
    });
  }
}

/** Throws unless `value` is a finite number ≥ 0. */
export function checkNonNegative(subject: string, name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new ConfigError({ subject, expected: `${name} ≥ 0`, received: String(value) });
  }
}

/** Packs generated points into {@link LabeledData}, optionally in a seeded random order. */
export function packPoints(
  points: ArrayLike<number>,
  labels: ArrayLike<number>,
  numFeatures: number,
  classNames: string[],
  rng: RandomStream | null,
): LabeledData {
  const count = labels.length;
  const order = rng ? rng.permutation(count) : Int32Array.from({ length: count }, (_, i) => i);
  const features = new Float32Array(count * numFeatures);
  const outLabels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const from = order[i];
    for (let j = 0; j < numFeatures; j++) {
      features[i * numFeatures + j] = points[from * numFeatures + j];
    }
    outLabels[i] = labels[from];
  }
  return {
    features,
    labels: outLabels,
    count,
    featureNames: Array.from({ length: numFeatures }, (_, j) =>
      numFeatures === 2 ? 'xy'[j] : `x${j}`,
    ),
    classNames,
    shape: [count, numFeatures],
  };
}
