import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { LabeledData } from '../builtin/labeled-data.js';
import { blobs } from './blobs.js';
import { moons } from './moons.js';
import { twoSpirals } from './spirals.js';
import { xor } from './xor.js';

function classCounts(data: LabeledData): number[] {
  const counts = new Array(data.classNames.length).fill(0);
  for (const label of data.labels) counts[label]++;
  return counts;
}

function point(data: LabeledData, i: number): number[] {
  return [...data.features.subarray(i * data.shape[1], (i + 1) * data.shape[1])];
}

describe('xor', () => {
  it('labels 1 where the signs differ, the same for the same seed', () => {
    const data = xor({ n: 500, seed: 1 });
    expect(data.shape).toEqual([500, 2]);
    for (let i = 0; i < data.count; i++) {
      const [x, y] = point(data, i);
      expect(data.labels[i]).toBe(x > 0 !== y > 0 ? 1 : 0);
    }
    expect(xor({ n: 500, seed: 1 })).toEqual(data);
    expect(xor({ n: 500, seed: 2 }).features).not.toEqual(data.features);
    const [same, different] = classCounts(data);
    expect(Math.abs(same - different)).toBeLessThan(80);
  });

  it('rejects a negative n', () => {
    expect(() => xor({ n: -1 })).toThrow(ConfigError);
  });
});

describe('twoSpirals', () => {
  it('has n points, ⌊n/2⌋ in class 0, on radius-u spirals turned by π', () => {
    const data = twoSpirals({ n: 301, seed: 4, shuffle: false });
    expect(data.shape).toEqual([301, 2]);
    expect(classCounts(data)).toEqual([150, 151]);
    for (let i = 0; i < data.count; i++) {
      const [x, y] = point(data, i);
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      // The angle of a point on spiral `label` is 2π·turns·r + label·π (mod 2π).
      const expected = 2 * Math.PI * 1.5 * r + data.labels[i] * Math.PI;
      const diff = Math.atan2(y, x) - expected;
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-4);
    }
  });

  it('shuffles by default and repeats under a seed', () => {
    const data = twoSpirals({ n: 200, noise: 0.05, seed: 9 });
    expect(classCounts(data)).toEqual([100, 100]);
    expect([...data.labels.subarray(0, 100)]).not.toEqual(new Array(100).fill(0));
    expect(twoSpirals({ n: 200, noise: 0.05, seed: 9 })).toEqual(data);
  });
});

describe('moons', () => {
  it('puts the points of make_moons on their half circles', () => {
    const data = moons({ n: 101, shuffle: false });
    expect(data.shape).toEqual([101, 2]);
    expect(classCounts(data)).toEqual([50, 51]);
    expect(point(data, 0)).toEqual([1, 0]);
    expect(point(data, 49)[0]).toBeCloseTo(-1, 6);
    expect(point(data, 50)).toEqual([0, 0.5]);
    expect(point(data, 100)[0]).toBeCloseTo(2, 6);
    expect(point(data, 100)[1]).toBeCloseTo(0.5, 6);
    for (let i = 0; i < data.count; i++) {
      const [x, y] = point(data, i);
      const r = data.labels[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 6);
    }
  });

  it('adds seeded noise and shuffles', () => {
    const data = moons({ n: 200, noise: 0.1, seed: 3 });
    expect(classCounts(data)).toEqual([100, 100]);
    expect(moons({ n: 200, noise: 0.1, seed: 3 })).toEqual(data);
    expect(moons({ n: 200, noise: 0.1, seed: 4 }).features).not.toEqual(data.features);
  });
});

describe('blobs', () => {
  it('shares n between the centers as make_blobs does', () => {
    const data = blobs({ n: 100, centers: 3, seed: 0 });
    expect(data.shape).toEqual([100, 2]);
    expect(classCounts(data)).toEqual([34, 33, 33]);
    expect(data.centers).toHaveLength(3);
    for (const c of data.centers.flat()) expect(Math.abs(c)).toBeLessThanOrEqual(10);
    expect(blobs({ n: 100, centers: 3, seed: 0 })).toEqual(data);
  });

  it('draws around given centers with the given spread', () => {
    const centers = [
      [0, 0, 0],
      [50, 50, 50],
    ];
    const data = blobs({ n: 4000, centers, clusterStd: [1, 2], seed: 5 });
    expect(data.shape).toEqual([4000, 3]);
    const sums = [0, 0];
    const squares = [0, 0];
    for (let i = 0; i < data.count; i++) {
      const c = data.labels[i];
      const v = data.features[i * 3] - centers[c][0];
      sums[c] += v / 2000;
      squares[c] += (v * v) / 2000;
    }
    expect(Math.abs(sums[0])).toBeLessThan(0.1);
    expect(Math.sqrt(squares[0])).toBeCloseTo(1, 1);
    expect(Math.sqrt(squares[1])).toBeCloseTo(2, 1);
    expect(() => blobs({ centers: [[0, 0], [1]] })).toThrow(ConfigError);
    expect(() => blobs({ centers: 2, clusterStd: [1] })).toThrow(/clusterStd/);
  });
});
