import { ConfigError, ShapeError } from '@strata/core';
import type { Token } from './bleu.js';
import { metricSubject } from './metric-input.js';
import type { StreamingMetric } from './streaming-metric.js';

/**
 * Transcripts for the error rates: one utterance as a string, several as `string[]`, or
 * tokenized utterances as `Token[][]` (so one tokenized utterance is `[tokens]`).
 * Strings are split into words on whitespace.
 */
export type Transcripts = string | readonly string[] | readonly (readonly Token[])[];

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions (each cost 1) that
 * turn `reference` into `hypothesis`. Strings are compared by characters (code points),
 * arrays by tokens.
 *
 * Shapes: sequences of lengths `n`, `m`; time `O(n·m)`, memory `O(m)`.
 *
 * @see Levenshtein, 1966, "Binary codes capable of correcting deletions, insertions, and reversals".
 * @example
 * editDistance('kitten', 'sitting'); // 3
 * editDistance(['the', 'cat', 'sat'], ['the', 'cat', 'sit', 'down']); // 2
 */
export function editDistance(
  reference: string | readonly Token[],
  hypothesis: string | readonly Token[],
): number {
  const a = typeof reference === 'string' ? Array.from(reference) : reference;
  const b = typeof hypothesis === 'string' ? Array.from(hypothesis) : hypothesis;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

type Unit = 'word' | 'character' | 'position-independent';

const NAMES: Record<Unit, string> = {
  word: 'wer',
  character: 'cer',
  'position-independent': 'per',
};

function utterances(x: Transcripts): readonly (string | readonly Token[])[] {
  return typeof x === 'string' ? [x] : x;
}

function wordsOf(u: string | readonly Token[]): readonly Token[] {
  return typeof u === 'string' ? u.split(/\s+/).filter((w) => w.length > 0) : u;
}

function charsOf(u: string | readonly Token[]): readonly string[] {
  return Array.from(typeof u === 'string' ? u.trim() : u.join(' '));
}

/** `max(|ref|, |hyp|) − |ref ∩ hyp|` with the intersection of the two bags of words. */
function positionIndependentErrors(ref: readonly Token[], hyp: readonly Token[]): number {
  const counts = new Map<Token, number>();
  for (const w of ref) counts.set(w, (counts.get(w) ?? 0) + 1);
  let matches = 0;
  for (const w of hyp) {
    const left = counts.get(w) ?? 0;
    if (left > 0) {
      matches++;
      counts.set(w, left - 1);
    }
  }
  return Math.max(ref.length, hyp.length) - matches;
}

/** Errors and reference length summed over utterances. */
function errorCounts(unit: Unit, references: Transcripts, hypotheses: Transcripts) {
  const refs = utterances(references);
  const hyps = utterances(hypotheses);
  if (refs.length !== hyps.length) {
    throw new ShapeError({
      subject: metricSubject(NAMES[unit]),
      expected: `one hypothesis per reference (${refs.length})`,
      received: `${hyps.length} hypotheses`,
    });
  }
  let errors = 0;
  let length = 0;
  refs.forEach((r, i) => {
    const split = unit === 'character' ? charsOf : wordsOf;
    const ref = split(r);
    const hyp = split(hyps[i]);
    errors +=
      unit === 'position-independent'
        ? positionIndependentErrors(ref, hyp)
        : editDistance(ref, hyp);
    length += ref.length;
  });
  return { errors, length };
}

// An empty reference has no rate; 0 when nothing is wrong, else +∞ (jiwer raises instead).
const rate = ({ errors, length }: { errors: number; length: number }): number =>
  length === 0 ? (errors === 0 ? 0 : Number.POSITIVE_INFINITY) : errors / length;

/**
 * Word error rate, `WER = Σ edits / Σ |reference words|` over all utterances, edits being the
 * word-level Levenshtein distance `S + D + I` (the corpus-level WER of jiwer / NIST sclite).
 *
 * @example
 * wordErrorRate('the cat sat on the mat', 'the cat sit on mat'); // 2/6 = 0.333
 */
export function wordErrorRate(references: Transcripts, hypotheses: Transcripts): number {
  return rate(errorCounts('word', references, hypotheses));
}

/**
 * Character error rate, `CER = Σ edits / Σ |reference characters|`, spaces included (leading
 * and trailing ones trimmed, as jiwer does).
 *
 * @example
 * characterErrorRate('kitten', 'sitting'); // 3/6 = 0.5
 */
export function characterErrorRate(references: Transcripts, hypotheses: Transcripts): number {
  return rate(errorCounts('character', references, hypotheses));
}

/**
 * Position-independent word error rate, `PER = Σ (max(|ref|, |hyp|) − matches) / Σ |ref|`
 * where `matches` is the size of the bag-of-words intersection (word order ignored; Tillmann
 * et al., 1997).
 *
 * @example
 * positionIndependentErrorRate('a b c d', 'd c b a'); // 0 (WER would be 1)
 */
export function positionIndependentErrorRate(
  references: Transcripts,
  hypotheses: Transcripts,
): number {
  return rate(errorCounts('position-independent', references, hypotheses));
}

/** Streaming error rate: errors and reference lengths summed on the host (text inputs). */
class ErrorRateMetric implements StreamingMetric<number, Transcripts, Transcripts> {
  readonly name: string;
  private readonly unit: Unit;
  private errors = 0;
  private length = 0;

  constructor(unit: Unit, name = NAMES[unit]) {
    this.unit = unit;
    this.name = name;
  }

  update(references: Transcripts, hypotheses: Transcripts, sampleWeight?: unknown): void {
    if (sampleWeight != null) {
      throw new ConfigError({
        subject: metricSubject(this.name),
        expected: 'no sampleWeight (error rates are corpus statistics)',
        received: 'a sampleWeight',
      });
    }
    const counts = errorCounts(this.unit, references, hypotheses);
    this.errors += counts.errors;
    this.length += counts.length;
  }

  async result(): Promise<number> {
    return rate({ errors: this.errors, length: this.length });
  }

  reset(): void {
    this.errors = 0;
    this.length = 0;
  }

  dispose(): void {}
}

/**
 * Streaming `wordErrorRate` over all utterances since `reset` (host-side).
 *
 * @example
 * const wer = new WordErrorRate();
 * wer.update(['the cat sat'], ['the cat sit']);
 * await wer.result(); // 0.333
 */
export class WordErrorRate extends ErrorRateMetric {
  constructor({ name }: { name?: string } = {}) {
    super('word', name);
  }
}

/**
 * Streaming `characterErrorRate` (host-side).
 *
 * @example
 * const cer = new CharacterErrorRate();
 * cer.update('kitten', 'sitting');
 * await cer.result(); // 0.5
 */
export class CharacterErrorRate extends ErrorRateMetric {
  constructor({ name }: { name?: string } = {}) {
    super('character', name);
  }
}

/**
 * Streaming `positionIndependentErrorRate` (host-side).
 *
 * @example
 * const per = new PositionIndependentErrorRate();
 * per.update('a b c d', 'd c b a');
 * await per.result(); // 0
 */
export class PositionIndependentErrorRate extends ErrorRateMetric {
  constructor({ name }: { name?: string } = {}) {
    super('position-independent', name);
  }
}
