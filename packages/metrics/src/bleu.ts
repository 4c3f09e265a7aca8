import { ConfigError, ShapeError } from '@strata/core';
import { metricSubject } from './metric-input.js';
import type { StreamingMetric } from './streaming-metric.js';

/** A token: a word or a token id. */
export type Token = string | number;

/** A sentence: a string (split on whitespace) or its tokens. */
export type Sentence = string | readonly Token[];

/**
 * Smoothing of zero n-gram precisions (Chen & Cherry 2014, as NLTK's `SmoothingFunction`):
 * - `'none'` (NLTK `method0`): a zero precision makes BLEU 0;
 * - `'epsilon'` (`method1`): a zero count becomes `epsilon` (default 0.1): `p = ε / total`;
 * - `'add-one'` (`method2`): `p = (matches + 1) / (total + 1)` for n ≥ 2 (unigrams as is);
 * - `'exponential'` (`method3`, NIST): the k-th zero precision becomes `1 / (2^k · total)`.
 */
export type BleuSmoothing = 'none' | 'epsilon' | 'add-one' | 'exponential';

/** Options of the BLEU functions. */
export interface BleuOptions {
  /** Weights of the 1-, 2-, … n-gram log precisions. Default `[0.25, 0.25, 0.25, 0.25]` (BLEU-4). */
  weights?: readonly number[];
  /** Default `'none'`, as NLTK. */
  smoothing?: BleuSmoothing;
  /** The count `'epsilon'` smoothing puts in place of 0. Default 0.1 (NLTK). */
  epsilon?: number;
}

/** Corpus-level sufficient statistics: clipped matches and totals per order, lengths. */
interface BleuCounts {
  matches: number[];
  totals: number[];
  hypLength: number;
  refLength: number;
}

const NAME = 'bleu';

function tokensOf(sentence: Sentence): readonly Token[] {
  if (typeof sentence !== 'string') return sentence;
  return sentence.split(/\s+/).filter((t) => t.length > 0);
}

function ngramCounts(tokens: readonly Token[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function emptyCounts(orders: number): BleuCounts {
  return {
    matches: new Array(orders).fill(0),
    totals: new Array(orders).fill(0),
    hypLength: 0,
    refLength: 0,
  };
}

function checkWeights(weights: readonly number[]): void {
  if (weights.length === 0 || weights.some((w) => !(w >= 0))) {
    throw new ConfigError({
      subject: metricSubject(NAME),
      expected: 'weights: a non-empty list of non-negative numbers, one per n-gram order',
      received: `[${weights.join(', ')}]`,
    });
  }
}

/** Adds one hypothesis and its references to `counts` (NLTK's `modified_precision`). */
function addSentence(
  counts: BleuCounts,
  references: readonly Sentence[],
  hypothesis: Sentence,
): void {
  const hyp = tokensOf(hypothesis);
  const refs = references.map(tokensOf);
  counts.matches.forEach((_, i) => {
    const n = i + 1;
    const hypCounts = ngramCounts(hyp, n);
    const refCounts = refs.map((r) => ngramCounts(r, n));
    let clipped = 0;
    let total = 0;
    for (const [gram, count] of hypCounts) {
      const maxRef = Math.max(0, ...refCounts.map((r) => r.get(gram) ?? 0));
      clipped += Math.min(count, maxRef);
      total += count;
    }
    counts.matches[i] += clipped;
    // NLTK: at least 1, so an order longer than the hypothesis counts as 0/1.
    counts.totals[i] += Math.max(1, total);
  });
  counts.hypLength += hyp.length;
  // The closest reference length; ties go to the shorter reference.
  const closest = refs
    .map((r) => r.length)
    .reduce((best, len) => {
      const d = Math.abs(len - hyp.length) - Math.abs(best - hyp.length);
      return d < 0 || (d === 0 && len < best) ? len : best;
    });
  counts.refLength += closest;
}

/** Brevity penalty `BP = 1 if c > r, else exp(1 − r/c)` (0 for an empty hypothesis). */
function brevityPenalty(refLength: number, hypLength: number): number {
  if (hypLength > refLength) return 1;
  if (hypLength === 0) return 0;
  return Math.exp(1 - refLength / hypLength);
}

function bleuOfCounts(
  counts: BleuCounts,
  weights: readonly number[],
  smoothing: BleuSmoothing,
  epsilon: number,
): number {
  if (counts.matches[0] === 0) return 0;
  let zeros = 0;
  let logSum = 0;
  for (let i = 0; i < weights.length; i++) {
    const m = counts.matches[i];
    const t = counts.totals[i];
    let p = m / t;
    if (smoothing === 'add-one' && i > 0) p = (m + 1) / (t + 1);
    else if (m === 0 && smoothing === 'epsilon') p = epsilon / t;
    else if (m === 0 && smoothing === 'exponential') p = 1 / (2 ** ++zeros * t);
    if (weights[i] === 0) continue;
    // NLTK substitutes log(sys.float_info.min) here, giving ~1e-77; we return the intended 0.
    if (p === 0) return 0;
    logSum += weights[i] * Math.log(p);
  }
  return brevityPenalty(counts.refLength, counts.hypLength) * Math.exp(logSum);
}

/**
 * Corpus BLEU, `BP · exp(Σₙ wₙ · log pₙ)` where `pₙ` is the clipped n-gram precision summed
 * over the corpus (micro-average) and `BP = min(1, exp(1 − r/c))` with `r` the sum of the
 * closest reference lengths (NLTK's `corpus_bleu`, same numbers).
 *
 * @see Papineni et al., 2002, "BLEU: a method for automatic evaluation of machine translation".
 * @example
 * corpusBleu(
 *   [['the cat is on the mat', 'there is a cat on the mat'], ['he read the book']],
 *   ['the cat sat on the mat', 'he read the book'],
 * ); // 0.5390 (NLTK's corpus_bleu docstring example gives its 0.5920… here too)
 */
export function corpusBleu(
  listOfReferences: readonly (readonly Sentence[])[],
  hypotheses: readonly Sentence[],
  { weights = [0.25, 0.25, 0.25, 0.25], smoothing = 'none', epsilon = 0.1 }: BleuOptions = {},
): number {
  checkWeights(weights);
  const counts = emptyCounts(weights.length);
  addCorpus(counts, listOfReferences, hypotheses);
  return bleuOfCounts(counts, weights, smoothing, epsilon);
}

function addCorpus(
  counts: BleuCounts,
  listOfReferences: readonly (readonly Sentence[])[],
  hypotheses: readonly Sentence[],
): void {
  if (listOfReferences.length !== hypotheses.length) {
    throw new ShapeError({
      subject: metricSubject(NAME),
      expected: `one list of references per hypothesis (${hypotheses.length})`,
      received: `${listOfReferences.length} lists`,
    });
  }
  const empty = listOfReferences.findIndex((refs) => refs.length === 0);
  if (empty >= 0) {
    throw new ShapeError({
      subject: metricSubject(NAME),
      expected: 'at least one reference per hypothesis',
      received: `no references for hypothesis ${empty}`,
    });
  }
  hypotheses.forEach((h, i) => {
    addSentence(counts, listOfReferences[i], h);
  });
}

/**
 * Sentence BLEU: `corpusBleu` of one hypothesis (NLTK's `sentence_bleu`). Without smoothing
 * a sentence with no matching 4-gram scores 0; `'epsilon'` or `'exponential'` smoothing
 * gives short sentences a useful score.
 *
 * @example
 * sentenceBleu(['the cat is on the mat'], 'the cat is on the mat'); // 1
 * // BLEU-2: p₁ = 5/6, p₂ = 3/5, so √(1/2)
 * sentenceBleu(['the cat is on the mat'], 'the cat sat on the mat', { weights: [0.5, 0.5] }); // 0.7071
 * // No matching 4-gram: 0 unless smoothed
 * sentenceBleu(['the cat is on the mat'], 'the cat sat on the mat', { smoothing: 'epsilon' }); // 0.2541
 */
export function sentenceBleu(
  references: readonly Sentence[],
  hypothesis: Sentence,
  options: BleuOptions = {},
): number {
  return corpusBleu([references], [hypothesis], options);
}

/**
 * Streaming `corpusBleu`: n-gram counts and lengths are summed on the host (inputs are text,
 * there is nothing on the device). Sample weights are not supported.
 *
 * @example
 * const bleu = new CorpusBleu();
 * bleu.update([['the cat is on the mat', 'there is a cat on the mat']], ['the cat sat on the mat']);
 * bleu.update([['he read the book']], ['he read the book']);
 * await bleu.result(); // 0.5390, corpusBleu of both (not the mean of sentence scores)
 */
export class CorpusBleu
  implements StreamingMetric<number, readonly (readonly Sentence[])[], readonly Sentence[]>
{
  readonly name: string;
  private readonly weights: readonly number[];
  private readonly smoothing: BleuSmoothing;
  private readonly epsilon: number;
  private counts: BleuCounts;

  constructor({
    name = NAME,
    weights = [0.25, 0.25, 0.25, 0.25],
    smoothing = 'none',
    epsilon = 0.1,
  }: BleuOptions & { name?: string } = {}) {
    checkWeights(weights);
    this.name = name;
    this.weights = weights;
    this.smoothing = smoothing;
    this.epsilon = epsilon;
    this.counts = emptyCounts(weights.length);
  }

  update(
    listOfReferences: readonly (readonly Sentence[])[],
    hypotheses: readonly Sentence[],
    sampleWeight?: unknown,
  ): void {
    if (sampleWeight != null) {
      throw new ConfigError({
        subject: metricSubject(this.name),
        expected: 'no sampleWeight (BLEU is a corpus statistic)',
        received: 'a sampleWeight',
      });
    }
    addCorpus(this.counts, listOfReferences, hypotheses);
  }

  async result(): Promise<number> {
    return bleuOfCounts(this.counts, this.weights, this.smoothing, this.epsilon);
  }

  reset(): void {
    this.counts = emptyCounts(this.weights.length);
  }

  dispose(): void {
    this.reset();
  }
}
