import { ConfigError, ShapeError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CorpusBleu, corpusBleu, sentenceBleu } from './bleu.js';

/** NLTK's doctests print `0.5045...`: the value's decimal form starts with these digits. */
function expectEllipsis(value: number, printed: string): void {
  expect(String(value).startsWith(printed), `${value} starts with ${printed}`).toBe(true);
}

// The examples of NLTK's nltk/translate/bleu_score.py docstrings.
const hypothesis1 =
  'It is a guide to action which ensures that the military always obeys the commands of the party'.split(
    ' ',
  );
const hypothesis2 =
  'It is to insure the troops forever hearing the activity guidebook that party direct'.split(' ');
const reference1 =
  'It is a guide to action that ensures that the military will forever heed Party commands'.split(
    ' ',
  );
const reference2 =
  'It is the guiding principle which guarantees the military forces always being under the command of the Party'.split(
    ' ',
  );
const reference3 =
  'It is the practical guide for the army always to heed the directions of the party'.split(' ');
const hyp2 = 'he read the book because he was interested in world history'.split(' ');
const ref2a = 'he was interested in world history because he read the book'.split(' ');
const listOfReferences = [[reference1, reference2, reference3], [ref2a]];
const hypotheses = [hypothesis1, hyp2];

describe('sentenceBleu', () => {
  it('matches the NLTK examples', () => {
    const refs = [reference1, reference2, reference3];
    expectEllipsis(sentenceBleu(refs, hypothesis1), '0.5045');
    expectEllipsis(
      sentenceBleu(refs, hypothesis1, { weights: [0.2, 0.2, 0.2, 0.2, 0.2] }),
      '0.3920',
    );
    expectEllipsis(sentenceBleu(refs, hypothesis1, { weights: [0.5, 0.5] }), '0.7453');
    expectEllipsis(sentenceBleu(refs, hypothesis1, { weights: [1 / 3, 1 / 3, 1 / 3] }), '0.6240');
    // No 3- or 4-gram overlap: 0 without smoothing, 0.0370… with method1.
    expect(sentenceBleu(refs, hypothesis2)).toBe(0);
    expectEllipsis(sentenceBleu(refs, hypothesis2, { smoothing: 'epsilon' }), '0.0370');
  });

  it('matches the NLTK SmoothingFunction examples', () => {
    const refs = [reference1];
    expectEllipsis(sentenceBleu(refs, hypothesis1), '0.4118');
    expectEllipsis(sentenceBleu(refs, hypothesis1, { smoothing: 'epsilon' }), '0.4118');
    // method2 leaves unigrams unsmoothed (NLTK ≥ 3.6).
    expectEllipsis(sentenceBleu(refs, hypothesis1, { smoothing: 'add-one' }), '0.4452');
    expectEllipsis(sentenceBleu(refs, hypothesis1, { smoothing: 'exponential' }), '0.4118');
  });

  it('smooths zero precisions as NLTK methods 1, 2 and 3 (hand-computed)', () => {
    // Hypothesis "a b", reference "a b c": p1 = 2/2, p2 = 1/1, p3 = 0/1, p4 = 0/1 (the
    // hypothesis has no trigrams: total 1); BP = exp(1 − 3/2).
    const bp = Math.exp(-0.5);
    expect(sentenceBleu(['a b c'], 'a b', { smoothing: 'exponential' })).toBeCloseTo(
      bp * (((1 / 2) * 1) / 4) ** 0.25,
      12,
    );
    expect(sentenceBleu(['a b c'], 'a b', { smoothing: 'epsilon' })).toBeCloseTo(
      bp * (0.1 * 0.1) ** 0.25,
      12,
    );
    expect(sentenceBleu(['a b c'], 'a b', { smoothing: 'epsilon', epsilon: 0.5 })).toBeCloseTo(
      bp * (0.5 * 0.5) ** 0.25,
      12,
    );
    // add-one: p2 = 2/2, p3 = p4 = 1/2.
    expect(sentenceBleu(['a b c'], 'a b', { smoothing: 'add-one' })).toBeCloseTo(
      bp * 0.25 ** 0.25,
      12,
    );
    expect(sentenceBleu(['a b c'], 'a b')).toBe(0);
  });

  it('gives the documented values of a short sentence', () => {
    // BLEU-2 of "the cat sat on the mat": p1 = 5/6, p2 = 3/5, BP = 1 → √(1/2).
    const refs = ['the cat is on the mat'];
    expect(sentenceBleu(refs, 'the cat sat on the mat', { weights: [0.5, 0.5] })).toBeCloseTo(
      Math.SQRT1_2,
      14,
    );
    // BLEU-4 with ε = 0.1 for the missing 4-gram: (5/6 · 3/5 · 1/4 · 0.1/3)^¼.
    expect(sentenceBleu(refs, 'the cat sat on the mat', { smoothing: 'epsilon' })).toBeCloseTo(
      ((5 / 6) * (3 / 5) * (1 / 4) * (0.1 / 3)) ** 0.25,
      14,
    );
  });

  it('clips n-gram counts by the references ("the the the …", 2/7)', () => {
    const refs = ['the cat is on the mat', 'there is a cat on the mat'];
    expect(sentenceBleu(refs, 'the the the the the the the', { weights: [1] })).toBeCloseTo(
      2 / 7,
      12,
    );
  });

  it('applies the brevity penalty with the closest reference length (NLTK examples)', () => {
    const a = (n: number) => new Array<string>(n).fill('a');
    expect(sentenceBleu([a(28), a(28)], a(12), { weights: [1] })).toBeCloseTo(
      0.2635971381157267,
      14,
    );
    expectEllipsis(sentenceBleu([a(13), a(2)], a(12), { weights: [1] }), '0.9200');
    expectEllipsis(sentenceBleu([a(11), a(8)], a(7), { weights: [1] }), '0.8668');
    expect(sentenceBleu([a(11), a(8), a(6), a(7)], a(7), { weights: [1] })).toBe(1);
    // Equally close references: the shorter one counts, so no penalty here.
    expect(sentenceBleu([a(13), a(11)], a(12), { weights: [1] })).toBe(1);
  });

  it('takes strings and token ids', () => {
    expect(sentenceBleu(['the cat is on the mat'], ' the cat  is on the mat ')).toBe(1);
    expect(sentenceBleu([[1, 2, 3, 4, 5]], [1, 2, 3, 4, 5])).toBe(1);
    expect(sentenceBleu([[1, 2, 3, 4, 5]], [])).toBe(0);
  });
});

describe('corpusBleu', () => {
  it('matches the NLTK examples', () => {
    expectEllipsis(corpusBleu(listOfReferences, hypotheses), '0.5920');
    expectEllipsis(
      corpusBleu(listOfReferences, hypotheses, { weights: [0.1, 0.3, 0.5, 0.1] }),
      '0.5818',
    );
    expectEllipsis(corpusBleu(listOfReferences, hypotheses, { weights: [0.5, 0.5] }), '0.8242');
    expectEllipsis(
      corpusBleu(listOfReferences, hypotheses, { weights: [0.333, 0.333, 0.334] }),
      '0.7067',
    );
    expectEllipsis(
      corpusBleu(listOfReferences, hypotheses, { weights: [0.2, 0.2, 0.2, 0.2, 0.2] }),
      '0.4719',
    );
    // … which differs from the mean of sentence BLEUs, 0.6223….
    const mean =
      (sentenceBleu(listOfReferences[0], hypotheses[0]) +
        sentenceBleu(listOfReferences[1], hypotheses[1])) /
      2;
    expectEllipsis(mean, '0.6223');
  });

  it('throws for mismatched corpora, missing references and bad weights', () => {
    expect(() => corpusBleu([[reference1]], hypotheses)).toThrow(ShapeError);
    expect(() => corpusBleu([[reference1], []], hypotheses)).toThrow(
      "<Metric 'bleu'>: expected at least one reference per hypothesis. Received: no references for hypothesis 1.",
    );
    expect(() => corpusBleu(listOfReferences, hypotheses, { weights: [] })).toThrow(ConfigError);
  });
});

describe('CorpusBleu', () => {
  it('accumulates counts over updates: the corpus value, not a mean', async () => {
    const bleu = new CorpusBleu();
    bleu.update([listOfReferences[0]], [hypotheses[0]]);
    bleu.update([listOfReferences[1]], [hypotheses[1]]);
    expect(await bleu.result()).toBe(corpusBleu(listOfReferences, hypotheses));
    bleu.reset();
    expect(await bleu.result()).toBe(0);
    bleu.update([listOfReferences[1]], [hypotheses[1]]);
    expect(await bleu.result()).toBe(sentenceBleu(listOfReferences[1], hypotheses[1]));
  });

  it('keeps its smoothing and weights, and refuses sample weights', async () => {
    const bleu = new CorpusBleu({ smoothing: 'epsilon', weights: [0.5, 0.5] });
    bleu.update([[reference1, reference2, reference3]], [hypothesis2]);
    expect(await bleu.result()).toBe(
      sentenceBleu([reference1, reference2, reference3], hypothesis2, {
        smoothing: 'epsilon',
        weights: [0.5, 0.5],
      }),
    );
    expect(() => bleu.update([[reference1]], [hypothesis1], [1])).toThrow(ConfigError);
  });
});
