import { ConfigError, randomStream } from '@strata/core';
import { checkCount } from './points.js';

/** Options of {@link additionProblems}. */
export interface AdditionOptions {
  /** Number of problems. Default 1000. */
  n?: number;
  /** Most digits of each operand. Default 3. */
  digits?: number;
  /** Reverse the padded query string (Keras's `REVERSE`, which trains faster). Default `false`. */
  reverse?: boolean;
  /** No pair `{a, b}` twice, `a + b` and `b + a` counting as one (as in Keras). Default `true`. */
  unique?: boolean;
  /** Seed; the same seed gives the same problems. */
  seed?: number;
}

/** Addition problems as fixed-length strings. */
export interface AdditionProblems {
  /** `"535+61 "`: the query, right-padded with spaces to `queryLength` (reversed if asked). */
  queries: string[];
  /** `"596 "`: the sum, right-padded with spaces to `answerLength`. */
  answers: string[];
  /** The operands. */
  a: Int32Array;
  b: Int32Array;
  /** `2·digits + 1`. */
  queryLength: number;
  /** `digits + 1`. */
  answerLength: number;
  /** Every character the strings use: `'0123456789+ '`. */
  alphabet: string;
}

/**
 * The sequence-to-sequence addition task of the Keras example `addition_rnn`: each operand has
 * a random length of 1 to `digits` digits, each digit uniform; query `"a+b"` and answer
 * `String(a + b)` are right-padded with spaces.
 *
 * @example
 * const { queries, answers } = additionProblems({ n: 50_000, digits: 3, seed: 1 });
 * // queries[0] like '535+61 ', answers[0] like '596 '
 */
export function additionProblems(options: AdditionOptions = {}): AdditionProblems {
  const { n = 1000, digits = 3, reverse = false, unique = true, seed } = options;
  checkCount('additionProblems', 'n', n);
  if (!Number.isInteger(digits) || digits < 1 || digits > 9) {
    throw new ConfigError({
      subject: 'additionProblems',
      expected: 'digits an integer in [1, 9]',
      received: String(digits),
    });
  }
  const values = 10 ** digits;
  const pairs = (values * (values + 1)) / 2;
  if (unique && n > pairs) {
    throw new ConfigError({
      subject: 'additionProblems',
      expected: `n ≤ ${pairs} (the distinct pairs of ${digits}-digit numbers) when unique`,
      received: String(n),
    });
  }
  const rng = randomStream(seed);
  const operand = () => {
    const length = 1 + rng.int(digits);
    let value = 0;
    for (let i = 0; i < length; i++) value = 10 * value + rng.int(10);
    return value;
  };
  const queryLength = 2 * digits + 1;
  const answerLength = digits + 1;
  const seen = new Set<number>();
  const out: AdditionProblems = {
    queries: [],
    answers: [],
    a: new Int32Array(n),
    b: new Int32Array(n),
    queryLength,
    answerLength,
    alphabet: '0123456789+ ',
  };
  while (out.queries.length < n) {
    const a = operand();
    const b = operand();
    if (unique) {
      const key = Math.min(a, b) * values + Math.max(a, b);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const query = `${a}+${b}`.padEnd(queryLength, ' ');
    const i = out.queries.length;
    out.a[i] = a;
    out.b[i] = b;
    out.queries.push(reverse ? [...query].reverse().join('') : query);
    out.answers.push(String(a + b).padEnd(answerLength, ' '));
  }
  return out;
}
