import { ConfigError, randomStream } from '@strata/core';
import { checkCount } from './points.js';

/** Options of {@link copyTask} and {@link reverseTask}. */
export interface SequenceTaskOptions {
  /** Number of pairs. Default 1000. */
  n?: number;
  /** Shortest sequence. Default 1. */
  minLength?: number;
  /** Longest sequence. Default 10. */
  maxLength?: number;
  /** Ids are drawn from [firstId, vocabSize), so an `Embedding` of `vocabSize` rows fits. Default 20. */
  vocabSize?: number;
  /** The smallest id drawn. Default 4, leaving PAD, UNK, BOS, EOS of a `Vocabulary` free. */
  firstId?: number;
  /** Seed; the same seed gives the same sequences. */
  seed?: number;
}

/** Source and target token-id sequences of a sequence task. */
export interface SequencePairs {
  sources: number[][];
  targets: number[][];
}

/**
 * The copy task: random token-id sequences of random length in [minLength, maxLength]; the
 * target is the source. Pad with `padSequences` before batching.
 *
 * @example
 * const { sources, targets } = copyTask({ n: 5000, maxLength: 12, vocabSize: 30, seed: 3 });
 */
export function copyTask(options: SequenceTaskOptions = {}): SequencePairs {
  const sources = randomSequences('copyTask', options);
  return { sources, targets: sources.map((s) => [...s]) };
}

/**
 * The reverse task: as {@link copyTask}, but the target is the source reversed.
 *
 * @example
 * const { sources, targets } = reverseTask({ n: 5000, seed: 3 }); // [5, 9, 7] → [7, 9, 5]
 */
export function reverseTask(options: SequenceTaskOptions = {}): SequencePairs {
  const sources = randomSequences('reverseTask', options);
  return { sources, targets: sources.map((s) => [...s].reverse()) };
}

function randomSequences(subject: string, options: SequenceTaskOptions): number[][] {
  const { n = 1000, minLength = 1, maxLength = 10, vocabSize = 20, firstId = 4, seed } = options;
  checkCount(subject, 'n', n);
  checkCount(subject, 'minLength', minLength);
  checkCount(subject, 'firstId', firstId);
  if (!Number.isInteger(maxLength) || maxLength < minLength) {
    throw new ConfigError({
      subject,
      expected: `maxLength an integer ≥ minLength ${minLength}`,
      received: String(maxLength),
    });
  }
  if (!Number.isInteger(vocabSize) || vocabSize <= firstId) {
    throw new ConfigError({
      subject,
      expected: `vocabSize an integer > firstId ${firstId}`,
      received: String(vocabSize),
    });
  }
  const rng = randomStream(seed);
  return Array.from({ length: n }, () => {
    const length = minLength + rng.int(maxLength - minLength + 1);
    return Array.from({ length }, () => firstId + rng.int(vocabSize - firstId));
  });
}
