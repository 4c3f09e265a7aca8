import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError, formatShape } from '../errors.js';

/** The dtypes an initializer can be asked for. */
export type InitializerDType = 'float32' | 'int32';

/** A JSON-safe initializer config, as Keras's `get_config()` (camelCase keys). */
export type InitializerConfig = Record<string, number | string | null>;

/**
 * Makes the starting value of a weight: `apply(shape)` returns a new tensor of that shape.
 *
 * `className` is the Keras class name (`'GlorotUniform'`) and `getConfig()` the Keras config,
 * so that `{className, config}` serializes the initializer and `getInitializer` reads it back.
 * An initializer given a `seed` returns the same values on every `apply`; one without draws
 * from the global stream, which `seed(n)` makes reproducible.
 *
 * @example
 * const w = initializers.glorotUniform({ seed: 1 }).apply([784, 128]);
 */
export interface Initializer {
  /** The Keras class name, e.g. `'GlorotUniform'`. */
  readonly className: string;
  /** The Keras config, e.g. `{ seed: null }`. */
  getConfig(): InitializerConfig;
  /** A new tensor of `shape` (the caller owns and disposes it). */
  apply(shape: readonly number[], dtype?: InitializerDType): Tensor;
}

/** The number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws `ConfigError` unless `shape` is a list of non-negative integers. */
export function checkShape(className: string, shape: readonly number[]): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ConfigError({
      subject: `Initializer '${className}'`,
      expected: 'a shape of non-negative integers',
      received: formatShape(shape),
    });
  }
}

/** Throws `ConfigError` for a random initializer asked for an integer dtype. */
export function checkFloat(className: string, dtype: InitializerDType): void {
  if (dtype !== 'float32') {
    throw new ConfigError({
      subject: `Initializer '${className}'`,
      expected: "dtype 'float32' (random values are not integers)",
      received: `'${dtype}'`,
    });
  }
}

/** A `ConfigError` about initializer `className`. */
export function initializerError(
  className: string,
  expected: string,
  received: unknown,
): ConfigError {
  return new ConfigError({
    subject: `Initializer '${className}'`,
    expected,
    received: typeof received === 'string' ? `'${received}'` : String(received),
  });
}

/** Throws `ConfigError` unless `seed` is a finite number, `null` or `undefined`. */
export function checkSeed(className: string, seed: number | null | undefined): void {
  if (seed != null && !Number.isFinite(seed)) {
    throw initializerError(className, 'a finite seed or null', seed);
  }
}

/** Throws `ConfigError` unless `stddev` is a non-negative number. */
export function checkStddev(className: string, stddev: number): void {
  if (!(stddev >= 0)) throw initializerError(className, 'stddev ≥ 0', stddev);
}
