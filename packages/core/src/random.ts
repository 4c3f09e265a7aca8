import { type DataType, type Tensor, tensor } from '@tensorflow/tfjs-core';

/**
 * A seeded stream of pseudo-random numbers (xoshiro128**, seeded through splitmix32).
 *
 * Values are generated in JavaScript, so the same seed gives bit-identical tensors on every
 * backend. `fork()` derives an independent child stream, which is how layers, dropout and
 * shuffling each get their own reproducible sequence from one `seed(n)`.
 *
 * @example
 * const rng = new RandomStream(42);
 * const w = rng.normal([3, 4], { stddev: 0.1 });
 */
export class RandomStream {
  /** The seed this stream started from. */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new TypeError(`RandomStream: expected a finite seed. Received: ${seed}.`);
    }
    this.seed = seed;
    let x = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal number (Box–Muller, both values of each pair used). */
  nextNormal(): number {
    if (this.spareNormal != null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A new stream whose sequence is independent of this one's; advances this stream. */
  fork(): RandomStream {
    return new RandomStream(this.nextUint32());
  }

  /** Fills `n` values uniform in [minval, maxval). */
  uniformArray(n: number, minval = 0, maxval = 1): Float32Array {
    const out = new Float32Array(n);
    const width = maxval - minval;
    for (let i = 0; i < n; i++) out[i] = minval + width * this.next();
    return out;
  }

  /** Fills `n` values from N(mean, stddev²). */
  normalArray(n: number, mean = 0, stddev = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + stddev * this.nextNormal();
    return out;
  }

  /**
   * Fills `n` values from N(mean, stddev²) truncated to two standard deviations (values
   * outside are drawn again), as Keras's `TruncatedNormal`.
   */
  truncatedNormalArray(n: number, mean = 0, stddev = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let z = this.nextNormal();
      while (z < -2 || z > 2) z = this.nextNormal();
      out[i] = mean + stddev * z;
    }
    return out;
  }

  /** A tensor of uniform values in [minval, maxval). */
  uniform(
    shape: readonly number[],
    {
      minval = 0,
      maxval = 1,
      dtype = 'float32',
    }: { minval?: number; maxval?: number; dtype?: DataType } = {},
  ): Tensor {
    return tensor(this.uniformArray(sizeOf(shape), minval, maxval), [...shape], dtype);
  }

  /** A tensor of normal values. */
  normal(
    shape: readonly number[],
    { mean = 0, stddev = 1 }: { mean?: number; stddev?: number } = {},
  ): Tensor {
    return tensor(this.normalArray(sizeOf(shape), mean, stddev), [...shape], 'float32');
  }

  /** A tensor of normal values truncated at two standard deviations. */
  truncatedNormal(
    shape: readonly number[],
    { mean = 0, stddev = 1 }: { mean?: number; stddev?: number } = {},
  ): Tensor {
    return tensor(this.truncatedNormalArray(sizeOf(shape), mean, stddev), [...shape], 'float32');
  }

  /** A tensor of 0/1 values, each 1 with probability `p`. */
  bernoulli(shape: readonly number[], p: number): Tensor {
    const n = sizeOf(shape);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() < p ? 1 : 0;
    return tensor(out, [...shape], 'float32');
  }

  /** A random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

let globalStream: RandomStream | null = null;

/**
 * Seeds Strata's global random stream: initializers without their own seed, dropout and
 * shuffling draw from it, so one call makes a whole training run reproducible.
 *
 * @example
 * seed(42);
 * const a = globalRandom().normal([2]);
 */
export function seed(n: number): void {
  globalStream = new RandomStream(n);
}

/** The global random stream; seeded from `Math.random` until `seed(n)` is called. */
export function globalRandom(): RandomStream {
  if (globalStream == null) globalStream = new RandomStream(Math.floor(Math.random() * 2 ** 32));
  return globalStream;
}

/** A stream for `seed` if given, else an independent stream forked from the global one. */
export function randomStream(seed?: number | null): RandomStream {
  return seed == null ? globalRandom().fork() : new RandomStream(seed);
}
