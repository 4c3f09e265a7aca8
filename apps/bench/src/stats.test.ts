import { describe, expect, it } from 'vitest';
import { gflops, matMulFlop, maxAbsDiff, median, percentile, seededUniform } from './stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for no values and does not reorder its input', () => {
    expect(median([])).toBeNaN();
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    const xs = [10, 20, 30, 40, 50];
    expect(percentile(xs, 0)).toBe(10);
    expect(percentile(xs, 100)).toBe(50);
    expect(percentile(xs, 50)).toBe(30);
    expect(percentile(xs, 10)).toBeCloseTo(14);
    expect(percentile(xs, 90)).toBeCloseTo(46);
  });
  it('returns the only value for every p', () => {
    expect(percentile([7], 10)).toBe(7);
    expect(percentile([7], 90)).toBe(7);
  });
  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('FLOP rates', () => {
  it('counts 2·n³ for an n³ matMul', () => {
    expect(matMulFlop(1024)).toBe(2 * 1024 ** 3);
    expect(matMulFlop(2)).toBe(16);
  });
  it('gives GFLOP/s from FLOP and milliseconds', () => {
    expect(gflops(2e9, 1000)).toBe(2);
    expect(gflops(matMulFlop(1024), 75)).toBeCloseTo(28.63, 2);
  });
});

describe('maxAbsDiff', () => {
  it('is the largest absolute difference', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff(new Float32Array([0]), [0])).toBe(0);
  });
  it('is infinite for NaN or a length mismatch, so it never passes a tolerance', () => {
    expect(maxAbsDiff([Number.NaN], [0])).toBe(Number.POSITIVE_INFINITY);
    expect(maxAbsDiff([1, 2], [1])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('seededUniform', () => {
  it('is reproducible, seed-dependent and within [-1, 1)', () => {
    const a = seededUniform(1000, 7);
    expect(seededUniform(1000, 7)).toEqual(a);
    expect(seededUniform(1000, 8)).not.toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });
});
