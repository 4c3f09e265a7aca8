/** Options of {@link tokenizeChars}. */
export interface CharTokenizeOptions {
  /** Lower-case the text first. Default `false`. */
  lowercase?: boolean;
  /** Drop whitespace characters. Default `false`. */
  skipWhitespace?: boolean;
}

/**
 * Splits a text into its characters (Unicode code points, so a surrogate pair such as an emoji
 * stays one token).
 *
 * @example
 * tokenizeChars('Hi!'); // ['H', 'i', '!']
 * tokenizeChars('a b', { skipWhitespace: true }); // ['a', 'b']
 */
export function tokenizeChars(text: string, options: CharTokenizeOptions = {}): string[] {
  const { lowercase = false, skipWhitespace = false } = options;
  const source = lowercase ? text.toLowerCase() : text;
  const out: string[] = [];
  for (const ch of source) {
    if (skipWhitespace && /\s/u.test(ch)) continue;
    out.push(ch);
  }
  return out;
}
