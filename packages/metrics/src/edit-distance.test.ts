import { ConfigError, ShapeError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import {
  CharacterErrorRate,
  characterErrorRate,
  editDistance,
  PositionIndependentErrorRate,
  positionIndependentErrorRate,
  WordErrorRate,
  wordErrorRate,
} from './edit-distance.js';

describe('editDistance', () => {
  it('is the Levenshtein distance over characters or tokens', () => {
    // The textbook example: kitten → sitten → sittin → sitting.
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance(['the', 'cat', 'sat'], ['the', 'cat', 'sit', 'down'])).toBe(2);
    expect(editDistance([1, 2, 3], [1, 3])).toBe(1);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(editDistance('naïve', 'naive')).toBe(1);
    expect(editDistance('a😀b', 'ab')).toBe(1);
  });
});

describe('word, character and position-independent error rates', () => {
  it('WER is word edits over reference words', () => {
    // One substitution (sat → sit) and one deletion (the): 2 / 6.
    expect(wordErrorRate('the cat sat on the mat', 'the cat sit on mat')).toBeCloseTo(2 / 6, 12);
    expect(wordErrorRate('a b', 'a b c d')).toBe(1);
  });

  it('WER over a corpus sums edits and lengths (not a mean of rates)', () => {
    // (1 + 1) / (3 + 2), where the mean of sentence WERs would be (1/3 + 1/2) / 2.
    expect(wordErrorRate(['a b c', 'd e'], ['a x c', 'd'])).toBeCloseTo(0.4, 12);
    // Tokenized utterances give the same.
    expect(
      wordErrorRate(
        [
          ['a', 'b', 'c'],
          ['d', 'e'],
        ],
        [['a', 'x', 'c'], ['d']],
      ),
    ).toBeCloseTo(0.4, 12);
  });

  it('CER is character edits over reference characters, spaces included', () => {
    expect(characterErrorRate('kitten', 'sitting')).toBeCloseTo(0.5, 12);
    expect(characterErrorRate(' ab cd ', 'abcd')).toBeCloseTo(1 / 5, 12);
  });

  it('PER ignores word order: max(|ref|, |hyp|) − bag matches, over |ref|', () => {
    expect(positionIndependentErrorRate('a b c d', 'd c b a')).toBe(0);
    expect(wordErrorRate('a b c d', 'd c b a')).toBe(1);
    expect(positionIndependentErrorRate('a b c', 'a b')).toBeCloseTo(1 / 3, 12);
    // Matches: a min(2, 1) + b min(1, 2) = 2; max(3, 4) − 2 = 2 errors over 3.
    expect(positionIndependentErrorRate('a a b', 'a b b c')).toBeCloseTo(2 / 3, 12);
  });

  it('an empty reference is 0 when matched and +∞ otherwise', () => {
    expect(wordErrorRate('', '')).toBe(0);
    expect(wordErrorRate('', 'a')).toBe(Number.POSITIVE_INFINITY);
  });

  it('throws ShapeError when the numbers of utterances differ', () => {
    expect(() => wordErrorRate(['a', 'b'], ['a'])).toThrow(ShapeError);
    expect(() => wordErrorRate(['a', 'b'], ['a'])).toThrow(
      "<Metric 'wer'>: expected one hypothesis per reference (2). Received: 1 hypotheses.",
    );
  });
});

describe('streaming error rates', () => {
  it('accumulate over updates to the corpus value and reset', async () => {
    const cases = [
      [new WordErrorRate(), wordErrorRate],
      [new CharacterErrorRate(), characterErrorRate],
      [new PositionIndependentErrorRate(), positionIndependentErrorRate],
    ] as const;
    const refs = ['the cat sat on the mat', 'a b c d', 'hello world'];
    const hyps = ['the cat sit on mat', 'd c b a', 'hello word'];
    for (const [metric, fn] of cases) {
      metric.update(refs.slice(0, 2), hyps.slice(0, 2));
      metric.update(refs[2], hyps[2]);
      expect(await metric.result(), metric.name).toBeCloseTo(fn(refs, hyps), 12);
      metric.reset();
      expect(await metric.result()).toBe(0);
      metric.dispose();
    }
  });

  it('are named wer, cer and per and refuse sample weights', () => {
    expect(
      [new WordErrorRate(), new CharacterErrorRate(), new PositionIndependentErrorRate()].map(
        (m) => m.name,
      ),
    ).toEqual(['wer', 'cer', 'per']);
    expect(() => new WordErrorRate().update('a', 'a', [1])).toThrow(ConfigError);
  });
});
