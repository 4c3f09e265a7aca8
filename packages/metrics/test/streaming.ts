import { dispose, type Tensor, tensor } from '@strata/core';
import { expectNoLeaks } from '@strata/test-utils';
import { expect } from 'vitest';
import type { MetricInput, NestedNumbers, StreamingMetric } from '../src/index.js';

/** Deterministic numbers in [0, 1) (a 32-bit LCG), so test data is the same everywhere. */
export function randomNumbers(count: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** Random integer labels in [0, classes). */
export function randomLabels(count: number, classes: number, seed: number): number[] {
  return randomNumbers(count, seed).map((u) => Math.floor(u * classes));
}

/** Random rows of positive scores that sum to 1. */
export function randomProbabilities(rows: number, classes: number, seed: number): number[][] {
  const u = randomNumbers(rows * classes, seed);
  return Array.from({ length: rows }, (_, r) => {
    const row = u.slice(r * classes, (r + 1) * classes).map((v) => v + 0.05);
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / total);
  });
}

/** Splits `rows` into consecutive batches of the given sizes. */
export function batchesOf<T>(rows: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(rows.slice(start, start + size));
    start += size;
  }
  expect(start, 'batch sizes add up to the data').toBe(rows.length);
  return out;
}

/** One batch for `streamBatches`: plain arrays, turned into tensors by `streamBatches`. */
export interface Batch {
  yTrue: NestedNumbers;
  yPred: NestedNumbers;
  sampleWeight?: NestedNumbers;
}

/**
 * Feeds `batches` (as tensors, disposed right after `update`) to `metric` and returns its
 * result. With `checkLeaks`, every `update` from the second on must leave `numTensors`
 * unchanged: the accumulators are created by the first update and reused.
 */
export async function streamBatches<R>(
  metric: StreamingMetric<R>,
  batches: readonly Batch[],
  { asTensors = true, checkLeaks = true }: { asTensors?: boolean; checkLeaks?: boolean } = {},
): Promise<R> {
  for (const [i, batch] of batches.entries()) {
    const make = (x: NestedNumbers | undefined): MetricInput | undefined =>
      x == null || !asTensors ? x : tensor(x as number[]);
    const inputs = [make(batch.yTrue), make(batch.yPred), make(batch.sampleWeight)];
    const update = () =>
      metric.update(inputs[0] as MetricInput, inputs[1] as MetricInput, inputs[2]);
    if (i === 0 || !checkLeaks) update();
    else await expectNoLeaks(update);
    dispose(inputs.filter((x): x is Tensor => x != null && typeof x === 'object' && 'dataId' in x));
  }
  return metric.result();
}
