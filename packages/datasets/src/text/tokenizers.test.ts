import { describe, expect, it } from 'vitest';
import { tokenizeChars } from './char-tokenizer.js';
import { KERAS_FILTERS, textToWordSequence, tokenizeWords } from './word-tokenizer.js';

describe('tokenizeChars', () => {
  it('splits into code points, keeping surrogate pairs whole', () => {
    expect(tokenizeChars('Hi 🙂!')).toEqual(['H', 'i', ' ', '🙂', '!']);
  });

  it('lower-cases and skips whitespace on request', () => {
    expect(tokenizeChars('A b\tC', { lowercase: true, skipWhitespace: true })).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('textToWordSequence (Keras)', () => {
  it('lower-cases and splits on the default filters, keeping apostrophes', () => {
    expect(textToWordSequence('The quick brown fox jumped over the lazy dog.')).toEqual([
      'the',
      'quick',
      'brown',
      'fox',
      'jumped',
      'over',
      'the',
      'lazy',
      'dog',
    ]);
    expect(textToWordSequence("Don't panic, it's fine!")).toEqual([
      "don't",
      'panic',
      "it's",
      'fine',
    ]);
    expect(textToWordSequence('state-of-the-art\tmodels\n(2019)')).toEqual([
      'state',
      'of',
      'the',
      'art',
      'models',
      '2019',
    ]);
  });

  it('has the Keras default filters', () => {
    expect(KERAS_FILTERS).toBe('!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n');
  });

  it('honours filters, lower and split', () => {
    expect(textToWordSequence('A|B,C', { filters: ',', lower: false, split: '|' })).toEqual([
      'A',
      'B',
      'C',
    ]);
  });
});

describe('tokenizeWords', () => {
  it('drops punctuation by default and keeps inner apostrophes', () => {
    expect(tokenizeWords('Hello, World! It’s 5pm... Right?')).toEqual([
      'hello',
      'world',
      'it’s',
      '5pm',
      'right',
    ]);
  });

  it('keeps each punctuation mark as a token in separate mode', () => {
    expect(tokenizeWords("Hi, you... (don't!)", { punctuation: 'separate' })).toEqual([
      'hi',
      ',',
      'you',
      '.',
      '.',
      '.',
      '(',
      "don't",
      '!',
      ')',
    ]);
  });

  it('handles non-ASCII letters and keeps case when asked', () => {
    expect(tokenizeWords('Café Über-naïve', { lowercase: false })).toEqual([
      'Café',
      'Über',
      'naïve',
    ]);
  });

  it('accepts a custom pattern with or without the global flag', () => {
    expect(tokenizeWords('a,b c', { pattern: /\S+/ })).toEqual(['a,b', 'c']);
    expect(tokenizeWords('a,b c', { pattern: /[a-z]/g })).toEqual(['a', 'b', 'c']);
  });
});
