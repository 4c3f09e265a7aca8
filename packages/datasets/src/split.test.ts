import { ConfigError, ShapeError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { kFold, trainTestSplit } from './split.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('trainTestSplit', () => {
  it('partitions the items, reproducibly from the seed', () => {
    const items = range(100).map((i) => `item${i}`);
    const a = trainTestSplit(items, { testSize: 0.25, seed: 3 });
    expect(a.train).toHaveLength(75);
    expect(a.test).toHaveLength(25);
    expect([...a.trainIndices, ...a.testIndices].sort((x, y) => x - y)).toEqual(range(100));
    expect(a.test).toEqual(Array.from(a.testIndices, (i) => items[i]));
    expect(trainTestSplit(items, { testSize: 0.25, seed: 3 }).test).toEqual(a.test);
    expect(trainTestSplit(items, { testSize: 0.25, seed: 4 }).test).not.toEqual(a.test);
  });

  it('rounds a fraction up, takes counts, and without shuffling takes the tail', () => {
    expect(trainTestSplit(range(10), { testSize: 0.15, seed: 0 }).test).toHaveLength(2);
    expect(trainTestSplit(range(10), { testSize: 3, seed: 0 }).test).toHaveLength(3);
    expect(trainTestSplit(range(5), { testSize: 2, shuffle: false })).toMatchObject({
      train: [0, 1, 2],
      test: [3, 4],
    });
  });

  it('keeps class proportions with stratify', () => {
    // 60 / 30 / 10 items of three classes; a 20% test part holds 12 / 6 / 2.
    const labels = [
      ...new Array(60).fill('a'),
      ...new Array(30).fill('b'),
      ...new Array(10).fill('c'),
    ];
    const items = labels.map((label, i) => ({ label, i }));
    const { train, test } = trainTestSplit(items, { testSize: 0.2, seed: 1, stratify: labels });
    expect(countBy(test.map((x) => x.label))).toEqual(
      new Map([
        ['a', 12],
        ['b', 6],
        ['c', 2],
      ]),
    );
    expect(countBy(train.map((x) => x.label))).toEqual(
      new Map([
        ['a', 48],
        ['b', 24],
        ['c', 8],
      ]),
    );
  });

  it('hits the exact test size when proportions do not divide evenly', () => {
    // 7 / 7 / 6 items, test 10: quotas 3.5 / 3.5 / 3 → 4 / 3 / 3 or 3 / 4 / 3.
    const labels = [...new Array(7).fill(0), ...new Array(7).fill(1), ...new Array(6).fill(2)];
    const { test } = trainTestSplit(range(20), { testSize: 10, seed: 5, stratify: labels });
    expect(test).toHaveLength(10);
    const counts = countBy(test.map((i) => labels[i]));
    expect(counts.get(2)).toBe(3);
    expect([counts.get(0), counts.get(1)].sort()).toEqual([3, 4]);
  });

  it('rejects sizes that leave a part empty and mismatched labels', () => {
    expect(() => trainTestSplit(range(10), { testSize: 0 })).toThrow(ConfigError);
    expect(() => trainTestSplit(range(10), { testSize: 10 })).toThrow(ConfigError);
    expect(() => trainTestSplit(range(10), { testSize: 0.5, stratify: [0, 1] })).toThrow(
      ShapeError,
    );
  });
});

describe('kFold', () => {
  it('puts every index in exactly one validation fold', () => {
    const folds = kFold(23, 5, { seed: 2 });
    expect(folds.map((f) => f.validation.length)).toEqual([5, 5, 5, 4, 4]);
    const seen = new Array(23).fill(0);
    for (const { train, validation } of folds) {
      for (const i of validation) seen[i]++;
      expect(train.length + validation.length).toBe(23);
      const inValidation = new Set(validation);
      expect(Array.from(train).some((i) => inValidation.has(i))).toBe(false);
      expect(new Set([...train, ...validation]).size).toBe(23);
    }
    expect(seen).toEqual(new Array(23).fill(1));
  });

  it('shuffles by seed, or keeps order without shuffling', () => {
    expect(kFold(10, 2, { seed: 1 })[0].validation).toEqual(
      kFold(10, 2, { seed: 1 })[0].validation,
    );
    expect(Array.from(kFold(6, 3, { shuffle: false })[1].validation)).toEqual([2, 3]);
    expect(() => kFold(3, 4)).toThrow(ConfigError);
    expect(() => kFold(10, 1)).toThrow(ConfigError);
  });
});
