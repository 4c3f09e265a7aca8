import { ConfigError } from '@strata/core';
import { type ActivationName, getActivation } from '@strata/layers';

/*
 * Config checks shared by the model builders; each error names the builder, so that a bad
 * option is reported where the user wrote it and not by a layer deep inside the model.
 */

/** `[height, width, channels]` of positive integers, or a ConfigError. */
export function checkImageShape(builder: string, shape: unknown): [number, number, number] {
  const ok =
    Array.isArray(shape) && shape.length === 3 && shape.every((d) => Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new ConfigError({
      subject: builder,
      expected: 'inputShape [height, width, channels] of positive integers',
      received: JSON.stringify(shape) ?? 'undefined',
    });
  }
  return shape as [number, number, number];
}

/** An integer ≥ `min`, or a ConfigError. */
export function checkInteger(builder: string, option: string, value: unknown, min = 1): number {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new ConfigError({
      subject: builder,
      expected: `${option}, an integer ≥ ${min}`,
      received: JSON.stringify(value) ?? 'undefined',
    });
  }
  return value as number;
}

/** A dropout rate in [0, 1), or a ConfigError. */
export function checkRate(builder: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError({
      subject: builder,
      expected: 'dropout in [0, 1)',
      received: JSON.stringify(value) ?? 'undefined',
    });
  }
  return value;
}

/** A known activation name, or a ConfigError naming the builder. */
export function checkActivation(builder: string, value: ActivationName): ActivationName {
  getActivation(value, `${builder} activation`);
  return value;
}

/** Output side of a window `k` at stride `s`: `⌈n / s⌉` for `'same'`, `⌊(n − k) / s⌋ + 1` for `'valid'`. */
export function windowOutput(n: number, k: number, s: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}
