import { ConfigError, randomStream, type Tensor2D, tensor2d } from '@strata/core';
import { type GloveVectors, readGloveBytes, readGloveFile, readGloveText } from './glove-reader.js';
import { Vocabulary } from './vocabulary.js';

/** How rows of words missing from GloVe are filled. */
export type UnknownInit = 'normal' | 'uniform' | 'zeros';

/** Options of {@link gloveEmbeddingMatrix}. */
export interface GloveEmbeddingOptions {
  /**
   * Fill for words without a vector: `'normal'` draws N(mean, std²) with GloVe's own mean and
   * standard deviation (default), `'uniform'` draws from [mean − √3·std, mean + √3·std) (same
   * mean and variance), `'zeros'` leaves them 0. PAD is always zeros.
   */
  unknownInit?: UnknownInit;
  /** Seed of the unknown rows; the same seed gives the same matrix. */
  seed?: number;
  /** Also look a word up in lower case when its own form is missing. Default `true`. */
  lowercaseFallback?: boolean;
}

/** An embedding matrix for a vocabulary. */
export interface EmbeddingMatrix {
  /** Row-major values, row `i` is the vector of token id `i`. */
  data: Float32Array;
  /** `[vocab.size, dim]`. */
  shape: [number, number];
  /** Ids of the corpus tokens (special tokens excluded) that got a GloVe vector. */
  foundIds: number[];
  /** Corpus tokens with no GloVe vector (their rows were initialised by `unknownInit`). */
  missing: string[];
  /** `foundIds.length / (vocab.size − 4)`: the share of corpus tokens GloVe covers. */
  coverage: number;
  /** The matrix as a float32 tensor (a new tensor each call; the caller disposes it). */
  toTensor(): Tensor2D;
}

/**
 * Builds the `[vocab.size, d]` embedding matrix of a vocabulary from GloVe vectors: known
 * words get their GloVe row, unknown words (and UNK, BOS, EOS) a seeded random row, PAD a
 * zero row. Pass it to an `Embedding` layer as initial (or frozen) weights.
 *
 * @example
 * const glove = await readGloveFile('glove.6B.50d.txt', { keep: (w) => vocab.has(w) });
 * const emb = gloveEmbeddingMatrix(vocab, glove, { seed: 1 });
 * console.log(`GloVe covers ${(100 * emb.coverage).toFixed(1)}% of the vocabulary`);
 */
export function gloveEmbeddingMatrix(
  vocabulary: Vocabulary,
  glove: GloveVectors,
  options: GloveEmbeddingOptions = {},
): EmbeddingMatrix {
  const { unknownInit = 'normal', seed, lowercaseFallback = true } = options;
  if (unknownInit !== 'normal' && unknownInit !== 'uniform' && unknownInit !== 'zeros') {
    throw new ConfigError({
      subject: 'gloveEmbeddingMatrix',
      expected: "unknownInit 'normal', 'uniform' or 'zeros'",
      received: String(unknownInit),
    });
  }
  const { dim, mean, std } = glove;
  if (dim < 1) {
    throw new ConfigError({
      subject: 'gloveEmbeddingMatrix',
      expected: 'GloVe vectors of length ≥ 1',
      received: `dim ${dim}`,
    });
  }
  const rng = randomStream(seed);
  const size = vocabulary.size;
  const data = new Float32Array(size * dim);
  const foundIds: number[] = [];
  const missing: string[] = [];
  const halfWidth = Math.sqrt(3) * std;
  vocabulary.tokens.forEach((token, id) => {
    if (id === Vocabulary.PAD) return;
    const isSpecial = id < 4;
    const vector =
      glove.vectors.get(token) ??
      (lowercaseFallback && !isSpecial ? glove.vectors.get(token.toLowerCase()) : undefined);
    const row = data.subarray(id * dim, (id + 1) * dim);
    if (vector !== undefined) {
      row.set(vector);
      if (!isSpecial) foundIds.push(id);
      return;
    }
    if (!isSpecial) missing.push(token);
    if (unknownInit === 'normal') {
      for (let j = 0; j < dim; j++) row[j] = mean + std * rng.nextNormal();
    } else if (unknownInit === 'uniform') {
      for (let j = 0; j < dim; j++) row[j] = mean + halfWidth * (2 * rng.next() - 1);
    }
  });
  const corpusTokens = size - 4;
  return {
    data,
    shape: [size, dim],
    foundIds,
    missing,
    coverage: corpusTokens > 0 ? foundIds.length / corpusTokens : 0,
    toTensor: () => tensor2d(data, [size, dim], 'float32'),
  };
}

/** Where GloVe vectors come from: text, UTF-8 bytes or (Node only) a file path. */
export type GloveSource = { text: string } | { bytes: Uint8Array | ArrayBuffer } | { path: string };

/**
 * Reads GloVe vectors for the words of a vocabulary only (a file streamed line by line) and
 * builds its embedding matrix, as {@link gloveEmbeddingMatrix}.
 *
 * @example
 * const emb = await loadGloveEmbeddings(vocab, { path: 'glove.6B.100d.txt' }, { seed: 7 });
 * const weights = emb.toTensor(); // [vocab.size, 100]
 */
export async function loadGloveEmbeddings(
  vocabulary: Vocabulary,
  source: GloveSource,
  options: GloveEmbeddingOptions = {},
): Promise<EmbeddingMatrix> {
  const wanted = new Set(vocabulary.tokens);
  if (options.lowercaseFallback ?? true) {
    for (const token of vocabulary.tokens) wanted.add(token.toLowerCase());
  }
  const readOptions = { keep: (word: string) => wanted.has(word) };
  let glove: GloveVectors;
  if ('text' in source) glove = readGloveText(source.text, readOptions);
  else if ('bytes' in source) glove = readGloveBytes(source.bytes, readOptions);
  else glove = await readGloveFile(source.path, readOptions);
  return gloveEmbeddingMatrix(vocabulary, glove, options);
}
