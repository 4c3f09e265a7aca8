import { ConfigError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { padSequences } from './pad-sequences.js';

// The examples of Keras's `pad_sequences` documentation.
const sequences = [[1], [2, 3], [4, 5, 6]];

describe('padSequences', () => {
  it('pads before by default to the longest sequence', () => {
    expect(padSequences(sequences)).toEqual([
      [0, 0, 1],
      [0, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('pads with value and after', () => {
    expect(padSequences(sequences, { value: -1 })).toEqual([
      [-1, -1, 1],
      [-1, 2, 3],
      [4, 5, 6],
    ]);
    expect(padSequences(sequences, { padding: 'post' })).toEqual([
      [1, 0, 0],
      [2, 3, 0],
      [4, 5, 6],
    ]);
  });

  it('truncates at the start by default, at the end with truncating post', () => {
    expect(padSequences(sequences, { maxLen: 2 })).toEqual([
      [0, 1],
      [2, 3],
      [5, 6],
    ]);
    expect(padSequences(sequences, { maxLen: 2, truncating: 'post' })).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(padSequences(sequences, { maxLen: 2, padding: 'post', truncating: 'post' })).toEqual([
      [1, 0],
      [2, 3],
      [4, 5],
    ]);
  });

  it('accepts typed arrays and empty inputs', () => {
    expect(padSequences([Int32Array.of(7, 8), []], { maxLen: 3 })).toEqual([
      [0, 7, 8],
      [0, 0, 0],
    ]);
    expect(padSequences([])).toEqual([]);
    expect(padSequences(sequences, { maxLen: 0 })).toEqual([[], [], []]);
  });

  it('rejects bad options', () => {
    expect(() => padSequences(sequences, { maxLen: -1 })).toThrow(ConfigError);
    // @ts-expect-error: an invalid mode on purpose
    expect(() => padSequences(sequences, { padding: 'middle' })).toThrow(/'pre' or 'post'/);
  });
});
