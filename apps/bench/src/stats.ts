/** Pure helpers: statistics, FLOP rates, error norms and seeded data. No tfjs here. */

/** The median (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile (0–100) with linear interpolation between closest ranks (the
 * "R-7"/NumPy default); NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in [0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Floating-point operations of an n×n·n×n matMul (one multiply and one add per term). */
export function matMulFlop(n: number): number {
  return 2 * n ** 3;
}

/** GFLOP/s for `flop` operations done in `ms` milliseconds. */
export function gflops(flop: number, ms: number): number {
  return flop / (ms * 1e6);
}

/**
 * The largest |a[i] − b[i]|. Infinity when the lengths differ or a value is NaN, so that a
 * broken result can never pass a tolerance check.
 */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > max) max = d;
  }
  return max;
}

/** `length` uniform values in [-1, 1) from a mulberry32 generator seeded with `seed`. */
export function seededUniform(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
