import { memory, type Tensor } from '@strata/core';
import { expect } from 'vitest';

/** Tolerance as `|actual − expected| ≤ atol + rtol·|expected|`. */
export interface Tolerance {
  atol?: number;
  rtol?: number;
}

type Values = Tensor | ArrayLike<number> | number;

// Tensors are read with `await data()`: WebGPU's `dataSync` is not reliable.
async function toArray(v: Values): Promise<{ values: Float64Array; shape: number[] | null }> {
  if (typeof v === 'number') return { values: Float64Array.of(v), shape: [] };
  if (isTensor(v))
    return { values: Float64Array.from((await v.data()) as ArrayLike<number>), shape: v.shape };
  return { values: Float64Array.from(v as ArrayLike<number>), shape: null };
}

function isTensor(v: Tensor | ArrayLike<number>): v is Tensor {
  return typeof (v as Tensor).data === 'function' && Array.isArray((v as Tensor).shape);
}

/**
 * Asserts that two tensors (or arrays) have the same shape and close values. The message
 * names the first element out of tolerance and the largest error. Async: tensors are read
 * with `await data()`, which every backend supports.
 */
export async function expectTensorsClose(
  actual: Values,
  expected: Values,
  { atol = 1e-5, rtol = 1e-5 }: Tolerance = {},
): Promise<void> {
  const a = await toArray(actual);
  const e = await toArray(expected);
  if (a.shape != null && e.shape != null) expect(a.shape, 'shape').toEqual(e.shape);
  expect(a.values.length, 'number of elements').toBe(e.values.length);
  let worst = -1;
  let worstError = 0;
  let firstBad = -1;
  for (let i = 0; i < a.values.length; i++) {
    const err = Math.abs(a.values[i] - e.values[i]);
    const bad =
      !(err <= atol + rtol * Math.abs(e.values[i])) ||
      Number.isNaN(a.values[i]) !== Number.isNaN(e.values[i]);
    if ((bad || err > worstError) && !Number.isNaN(err)) {
      if (err > worstError) {
        worstError = err;
        worst = i;
      }
    }
    if (bad && firstBad < 0) firstBad = i;
  }
  if (firstBad >= 0) {
    expect.fail(
      `tensors differ: element ${firstBad} is ${a.values[firstBad]}, expected ${e.values[firstBad]} ` +
        `(atol ${atol}, rtol ${rtol}); largest error ${worstError} at element ${worst}`,
    );
  }
}

/** The largest absolute difference between two tensors or arrays of the same size. */
export async function maxAbsDiff(a: Values, b: Values): Promise<number> {
  const x = (await toArray(a)).values;
  const y = (await toArray(b)).values;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/**
 * Runs `fn` and asserts that `tf.memory().numTensors` is the same before and after: whatever
 * `fn` created it also disposed. Returns what `fn` returned.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = memory().numTensors;
  const result = await fn();
  const after = memory().numTensors;
  expect(after - before, `tensors leaked (numTensors ${before} → ${after})`).toBe(0);
  return result;
}
