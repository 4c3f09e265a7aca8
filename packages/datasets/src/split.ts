import { ConfigError, type RandomStream, randomStream, ShapeError } from '@strata/core';

/** Options of `trainTestSplit`. */
export interface TrainTestSplitOptions {
  /** The test part: a fraction in (0, 1) (rounded up, as scikit-learn) or a count. */
  testSize: number;
  /** Seed of the shuffle; without one it forks Strata's global stream (see `seed(n)`). */
  seed?: number;
  /** Shuffle before splitting (default true); false takes the last items as the test part. */
  shuffle?: boolean;
  /** One label per item: each class is split in the same proportion as the whole. */
  stratify?: readonly (number | string)[];
}

/** The two parts of a split, as items and as indices into the original array. */
export interface TrainTestSplit<T> {
  train: T[];
  test: T[];
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/** One fold of `kFold`: the indices to train on and the ones to validate on. */
export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

function testCount(n: number, testSize: number): number {
  const count = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!(testSize > 0) || !Number.isInteger(count) || count < 1 || count >= n) {
    throw new ConfigError({
      subject: 'trainTestSplit',
      expected: `testSize in (0, 1) or an integer from 1 to ${n - 1}, leaving both parts non-empty`,
      received: String(testSize),
    });
  }
  return count;
}

function shuffled(indices: number[], rng: RandomStream): number[] {
  const order = rng.permutation(indices.length);
  return Array.from(order, (i) => indices[i]);
}

/**
 * Splits items into a training and a test part, shuffled with a seed. With `stratify`, every
 * class contributes to the test part in proportion to its size (largest remainders decide the
 * rounding, so the total is exactly the requested test size).
 *
 * @example
 * const { train, test } = trainTestSplit(rows, { testSize: 0.2, seed: 0, stratify: labels });
 */
export function trainTestSplit<T>(
  items: readonly T[],
  options: TrainTestSplitOptions,
): TrainTestSplit<T> {
  const n = items.length;
  const nTest = testCount(n, options.testSize);
  const rng = randomStream(options.seed);
  const shuffle = options.shuffle ?? true;
  let train: number[];
  let test: number[];
  if (options.stratify != null) {
    if (options.stratify.length !== n) {
      throw new ShapeError({
        subject: 'trainTestSplit',
        expected: `one stratify label per item (${n})`,
        received: String(options.stratify.length),
      });
    }
    ({ train, test } = stratifiedSplit(options.stratify, nTest, rng));
    if (shuffle) {
      train = shuffled(train, rng);
      test = shuffled(test, rng);
    }
  } else {
    const all = Array.from({ length: n }, (_, i) => i);
    const order = shuffle ? shuffled(all, rng) : all;
    train = order.slice(0, n - nTest);
    test = order.slice(n - nTest);
  }
  return {
    train: train.map((i) => items[i]),
    test: test.map((i) => items[i]),
    trainIndices: Int32Array.from(train),
    testIndices: Int32Array.from(test),
  };
}

function stratifiedSplit(
  labels: readonly (number | string)[],
  nTest: number,
  rng: RandomStream,
): { train: number[]; test: number[] } {
  const classes = new Map<number | string, number[]>();
  labels.forEach((label, i) => {
    const members = classes.get(label);
    if (members == null) classes.set(label, [i]);
    else members.push(i);
  });
  const groups = [...classes.values()];
  const quotas = groups.map((g) => (nTest * g.length) / labels.length);
  const counts = quotas.map(Math.floor);
  // Hand the seats that flooring lost to the largest remainders (ties: the larger class).
  const byRemainder = groups
    .map((_, c) => c)
    .sort(
      (a, b) =>
        quotas[b] - counts[b] - (quotas[a] - counts[a]) || groups[b].length - groups[a].length,
    );
  let missing = nTest - counts.reduce((a, b) => a + b, 0);
  for (const c of byRemainder) {
    if (missing === 0) break;
    if (counts[c] < groups[c].length) {
      counts[c]++;
      missing--;
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((members, c) => {
    const order = shuffled(members, rng);
    test.push(...order.slice(0, counts[c]));
    train.push(...order.slice(counts[c]));
  });
  return { train, test };
}

/**
 * Splits `0 … n−1` into `k` folds for cross-validation: each index is in exactly one fold's
 * validation part, and fold sizes differ by at most one (the first `n mod k` are larger).
 *
 * @example
 * for (const { train, validation } of kFold(150, 5, { seed: 0 })) { … }
 */
export function kFold(
  n: number,
  k: number,
  options: { seed?: number; shuffle?: boolean } = {},
): Fold[] {
  if (!Number.isInteger(k) || k < 2 || !Number.isInteger(n) || k > n) {
    throw new ConfigError({
      subject: 'kFold',
      expected: `an integer k from 2 to n (${n})`,
      received: `k = ${k}`,
    });
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const order = (options.shuffle ?? true) ? shuffled(all, randomStream(options.seed)) : all;
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds.push({
      validation: Int32Array.from(order.slice(start, start + size)),
      train: Int32Array.from([...order.slice(0, start), ...order.slice(start + size)]),
    });
    start += size;
  }
  return folds;
}
