import { SerializationError } from '@strata/core';
import { importNodeBuiltin } from './import-node-builtin.js';

/** Word vectors read from a GloVe text file. */
export interface GloveVectors {
  /** The vector length `d`. */
  dim: number;
  /** The kept vectors by word (all of them unless `keep` filtered). */
  vectors: Map<string, Float32Array>;
  /** How many vectors the source holds (kept or not). */
  totalWords: number;
  /** Mean of every value of every vector in the source. */
  mean: number;
  /** Standard deviation of every value of every vector in the source. */
  std: number;
}

/** Options of the GloVe readers. */
export interface ReadGloveOptions {
  /**
   * Which words to keep in memory, e.g. `(w) => vocab.has(w)`: a full GloVe file holds
   * 400,000 or more words. The statistics still cover every vector. Default: keep all.
   */
  keep?: (word: string) => boolean;
  /** A name for the source in error messages. */
  sourceName?: string;
}

/**
 * Reads GloVe text format — one `word v1 v2 … vd` line per word — from a string. A first
 * line of exactly two integers (word2vec's `count dim` header) is skipped; a word containing
 * spaces (as in glove.840B) is everything before the last `d` fields, where `d` comes from the
 * header or the numbers that end the first line.
 *
 * @example
 * const glove = readGloveText('the 0.1 0.2\ncat 0.3 0.4\n');
 * glove.vectors.get('cat'); // Float32Array [0.3, 0.4]
 */
export function readGloveText(text: string, options: ReadGloveOptions = {}): GloveVectors {
  const reader = new GloveLineReader(options);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    reader.addLine(text.slice(start, end));
    start = end + 1;
  }
  return reader.result();
}

/**
 * Reads GloVe text format from UTF-8 bytes (e.g. a fetched `ArrayBuffer`).
 *
 * @example
 * const glove = readGloveBytes(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 */
export function readGloveBytes(
  bytes: Uint8Array | ArrayBuffer,
  options: ReadGloveOptions = {},
): GloveVectors {
  return readGloveText(new TextDecoder('utf-8').decode(bytes), options);
}

/**
 * Reads a GloVe text file line by line (Node only; `node:fs` is imported on first use), so a
 * file of gigabytes needs memory only for the kept vectors.
 *
 * @example
 * const glove = await readGloveFile('glove.6B.100d.txt', { keep: (w) => vocab.has(w) });
 */
export async function readGloveFile(
  path: string,
  options: ReadGloveOptions = {},
): Promise<GloveVectors> {
  const { createReadStream } = await importNodeBuiltin<typeof import('node:fs')>('node:fs');
  const { createInterface } =
    await importNodeBuiltin<typeof import('node:readline')>('node:readline');
  const reader = new GloveLineReader({ sourceName: path, ...options });
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) reader.addLine(line);
  return reader.result();
}

/** Parses lines one at a time and keeps running statistics. */
class GloveLineReader {
  private dim = 0;
  private lineNumber = 0;
  private totalWords = 0;
  private sum = 0;
  private sumSquares = 0;
  private readonly vectors = new Map<string, Float32Array>();
  private readonly keep: (word: string) => boolean;
  private readonly sourceName: string;

  constructor({ keep = () => true, sourceName = 'GloVe text' }: ReadGloveOptions) {
    this.keep = keep;
    this.sourceName = sourceName;
  }

  addLine(rawLine: string): void {
    this.lineNumber++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    const fields = line.trimEnd().split(' ');
    if (this.lineNumber === 1 && fields.length === 2 && fields.every((f) => /^\d+$/.test(f))) {
      this.dim = Number(fields[1]);
      return;
    }
    if (this.dim === 0) this.dim = trailingNumbers(fields);
    const wordFields = fields.length - this.dim;
    if (this.dim < 1 || wordFields < 1) {
      throw this.error(`a word and ${this.dim || 'at least 1'} numbers`, line);
    }
    const word = fields.slice(0, wordFields).join(' ');
    const vector = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) {
      const value = Number(fields[wordFields + i]);
      if (!Number.isFinite(value) || fields[wordFields + i] === '') {
        throw this.error(`${this.dim} numbers after the word`, line);
      }
      vector[i] = value;
      this.sum += value;
      this.sumSquares += value * value;
    }
    this.totalWords++;
    if (this.keep(word) && !this.vectors.has(word)) this.vectors.set(word, vector);
  }

  result(): GloveVectors {
    const n = this.totalWords * this.dim;
    const mean = n > 0 ? this.sum / n : 0;
    const variance = n > 0 ? Math.max(0, this.sumSquares / n - mean * mean) : 0;
    return {
      dim: this.dim,
      vectors: this.vectors,
      totalWords: this.totalWords,
      mean,
      std: Math.sqrt(variance),
    };
  }

  private error(expected: string, line: string): SerializationError {
    return new SerializationError({
      subject: `${this.sourceName} line ${this.lineNumber}`,
      expected,
      received: JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line),
    });
  }
}

/** How many fields at the end are numbers, leaving at least one field for the word. */
function trailingNumbers(fields: string[]): number {
  let count = 0;
  while (count < fields.length - 1) {
    const field = fields[fields.length - 1 - count];
    if (field === '' || !Number.isFinite(Number(field))) break;
    count++;
  }
  return count;
}
