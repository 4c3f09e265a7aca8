import { ConfigError } from '@strata/core';

/** Options of {@link padSequences}. */
export interface PadSequencesOptions {
  /** The length of every output row. Default: the longest input sequence. */
  maxLen?: number;
  /** Where padding goes: `'pre'` (before, the Keras default) or `'post'`. */
  padding?: 'pre' | 'post';
  /** Which end of a too-long sequence is cut: `'pre'` (the start, Keras default) or `'post'`. */
  truncating?: 'pre' | 'post';
  /** The padding value. Default 0 (PAD). */
  value?: number;
}

/**
 * Keras's `pad_sequences`: brings every sequence to `maxLen` by padding with `value` and
 * cutting the excess, by default both at the start (`'pre'`). Shapes: `n` sequences →
 * `[n, maxLen]` as nested arrays (wrap with `tensor2d(rows, undefined, 'int32')`).
 *
 * @example
 * padSequences([[1], [2, 3], [4, 5, 6]]); // [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
 * padSequences([[1, 2, 3, 4]], { maxLen: 2, truncating: 'post' }); // [[1, 2]]
 */
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options: PadSequencesOptions = {},
): number[][] {
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  for (const [name, mode] of [
    ['padding', padding],
    ['truncating', truncating],
  ] as const) {
    if (mode !== 'pre' && mode !== 'post') {
      throw new ConfigError({
        subject: 'padSequences',
        expected: `${name} 'pre' or 'post'`,
        received: String(mode),
      });
    }
  }
  const maxLen = options.maxLen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxLen) || maxLen < 0) {
    throw new ConfigError({
      subject: 'padSequences',
      expected: 'maxLen a non-negative integer',
      received: String(maxLen),
    });
  }
  return sequences.map((sequence) => {
    const values = Array.from(sequence);
    const kept =
      values.length <= maxLen
        ? values
        : truncating === 'pre'
          ? values.slice(values.length - maxLen)
          : values.slice(0, maxLen);
    const fill = new Array<number>(maxLen - kept.length).fill(value);
    return padding === 'pre' ? [...fill, ...kept] : [...kept, ...fill];
  });
}
