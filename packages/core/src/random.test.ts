import { globalRandom, RandomStream, randomStream, seed, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('RandomStream', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new RandomStream(123).uniformArray(1000);
    const b = new RandomStream(123).uniformArray(1000);
    const c = new RandomStream(124).uniformArray(1000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('draws uniform values in [minval, maxval) with the right mean and variance', () => {
    const x = new RandomStream(1).uniformArray(200_000, -2, 4);
    let mean = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      mean += v / x.length;
    }
    expect(min).toBeGreaterThanOrEqual(-2);
    expect(max).toBeLessThan(4);
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2 / x.length;
    expect(mean).toBeCloseTo(1, 1);
    expect(variance).toBeCloseTo(36 / 12, 1);
  });

  it('draws normal values with mean and stddev as asked', () => {
    const x = new RandomStream(2).normalArray(200_000, 3, 0.5);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    expect(mean).toBeCloseTo(3, 2);
    expect(std).toBeCloseTo(0.5, 2);
  });

  it('truncates the truncated normal at two standard deviations', () => {
    const x = new RandomStream(3).truncatedNormalArray(50_000, 0, 1);
    expect(Math.max(...x)).toBeLessThanOrEqual(2);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-2);
  });

  it('permutation contains every index exactly once', () => {
    const p = new RandomStream(4).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('fork gives an independent, reproducible child stream', () => {
    const parent1 = new RandomStream(5);
    const parent2 = new RandomStream(5);
    const child1 = parent1.fork().uniformArray(10);
    expect(parent2.fork().uniformArray(10)).toEqual(child1);
    expect(parent1.uniformArray(10)).not.toEqual(child1);
  });

  it('makes tensors of the requested shape, identical under one seed', async () => {
    const a = new RandomStream(9).normal([3, 4], { stddev: 0.1 });
    const b = new RandomStream(9).normal([3, 4], { stddev: 0.1 });
    expect(a.shape).toEqual([3, 4]);
    expect(await a.data()).toEqual(await b.data());
    const mask = new RandomStream(9).bernoulli([1000], 0.25);
    const ones = Array.from(await mask.data()).reduce((s, v) => s + v, 0);
    expect(ones).toBeGreaterThan(200);
    expect(ones).toBeLessThan(300);
    for (const t of [a, b, mask]) t.dispose();
  });
});

describe('seed', () => {
  it('makes the global stream and streams forked from it reproducible', () => {
    seed(42);
    const a = [globalRandom().next(), ...randomStream().uniformArray(5)];
    seed(42);
    const b = [globalRandom().next(), ...randomStream().uniformArray(5)];
    expect(b).toEqual(a);
  });

  it('randomStream(seed) ignores the global stream', () => {
    seed(1);
    const a = randomStream(7).uniformArray(5);
    seed(2);
    expect(randomStream(7).uniformArray(5)).toEqual(a);
  });
});
