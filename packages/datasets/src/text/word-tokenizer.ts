/**
 * The characters Keras's `Tokenizer` and `text_to_word_sequence` remove by default: ASCII
 * punctuation except the apostrophe, plus tab and newline.
 */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Options of {@link textToWordSequence}. */
export interface TextToWordSequenceOptions {
  /** Characters replaced by `split` before splitting. Default {@link KERAS_FILTERS}. */
  filters?: string;
  /** Lower-case the text first. Default `true`. */
  lower?: boolean;
  /** The separator. Default `' '`. */
  split?: string;
}

/**
 * Keras's `text_to_word_sequence`: lower-case, replace every filter character by `split`,
 * split on `split` and drop empty pieces.
 *
 * @example
 * textToWordSequence("Don't panic, it's fine!"); // ["don't", 'panic', "it's", 'fine']
 */
export function textToWordSequence(
  text: string,
  options: TextToWordSequenceOptions = {},
): string[] {
  const { filters = KERAS_FILTERS, lower = true, split = ' ' } = options;
  let source = lower ? text.toLowerCase() : text;
  const filterSet = new Set(filters);
  let replaced = '';
  for (const ch of source) replaced += filterSet.has(ch) ? split : ch;
  source = replaced;
  return source.split(split).filter((piece) => piece.length > 0);
}

/**
 * How {@link tokenizeWords} treats punctuation: `'remove'` drops it (Keras filters),
 * `'separate'` keeps each punctuation mark as its own token.
 */
export type PunctuationMode = 'remove' | 'separate';

/** Options of {@link tokenizeWords}. */
export interface WordTokenizeOptions {
  /** Lower-case the text first. Default `true`. */
  lowercase?: boolean;
  /** What to do with punctuation. Default `'remove'`. */
  punctuation?: PunctuationMode;
  /**
   * A custom token pattern (global flag added if missing); each match is a token. Overrides
   * `punctuation`.
   */
  pattern?: RegExp;
}

// A word is letters/digits with inner apostrophes ("don't", "o'clock"); anything else that is
// not whitespace is a punctuation token.
const WORD = "[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}\\p{N}]+)*";
const WORDS_ONLY = new RegExp(WORD, 'gu');
const WORDS_AND_PUNCTUATION = new RegExp(`${WORD}|[^\\p{L}\\p{M}\\p{N}\\s]`, 'gu');

/**
 * Splits a text into word tokens with a Unicode-aware regular expression: words keep inner
 * apostrophes, punctuation is dropped or kept as separate tokens.
 *
 * @example
 * tokenizeWords('Hello, World! It’s 5pm.'); // ['hello', 'world', 'it’s', '5pm']
 * tokenizeWords('Hi, you.', { punctuation: 'separate' }); // ['hi', ',', 'you', '.']
 */
export function tokenizeWords(text: string, options: WordTokenizeOptions = {}): string[] {
  const { lowercase = true, punctuation = 'remove', pattern } = options;
  const source = lowercase ? text.toLowerCase() : text;
  let regex: RegExp;
  if (pattern != null) {
    regex = pattern.global ? new RegExp(pattern) : new RegExp(pattern.source, `${pattern.flags}g`);
  } else {
    regex = new RegExp(punctuation === 'separate' ? WORDS_AND_PUNCTUATION : WORDS_ONLY);
  }
  return Array.from(source.matchAll(regex), (m) => m[0]);
}
