import { Dataset } from '../dataset.js';
import { splitLines, type TextSource, textChunks } from './text-source.js';

/**
 * A `Dataset` of the lines of a text — a string, bytes, a file `{path}` (Node) or a `{url}` —
 * read as a stream: a file is never held in memory whole, and each pass reads it again.
 * Lines end at `\n` or `\r\n`; the terminator is not included.
 *
 * @example
 * const lines = textLines({ path: 'corpus.txt' }).filter((l) => l !== '');
 * for await (const line of lines.take(5)) console.log(line);
 */
export function textLines(source: TextSource): Dataset<string> {
  return new Dataset(() => splitLines(textChunks(source)));
}
