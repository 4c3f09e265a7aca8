import { ConfigError, SerializationError } from '@strata/core';

/** The strings of the four special tokens, at ids 0 (PAD), 1 (UNK), 2 (BOS) and 3 (EOS). */
export interface SpecialTokens {
  pad: string;
  unk: string;
  bos: string;
  eos: string;
}

/** The default special tokens: `<pad>`, `<unk>`, `<bos>`, `<eos>`. */
export const DEFAULT_SPECIAL_TOKENS: Readonly<SpecialTokens> = Object.freeze({
  pad: '<pad>',
  unk: '<unk>',
  bos: '<bos>',
  eos: '<eos>',
});

/** Options of {@link Vocabulary.build}. */
export interface VocabularyBuildOptions {
  /** Tokens seen fewer times are left out (they encode as UNK). Default 1. */
  minFrequency?: number;
  /** Largest vocabulary size, the four special tokens included. Default unlimited. */
  maxSize?: number;
  /** Other strings for the special tokens. */
  specialTokens?: Partial<SpecialTokens>;
}

/** Options of {@link Vocabulary.encode}. */
export interface EncodeOptions {
  /** Put BOS first. Default `false`. */
  addBos?: boolean;
  /** Put EOS last. Default `false`. */
  addEos?: boolean;
}

/** Options of {@link Vocabulary.decode}. */
export interface DecodeOptions {
  /** Leave out PAD, BOS and EOS (UNK stays: it marks a lost word). Default `true`. */
  skipSpecial?: boolean;
  /** Stop at the first EOS. Default `false`. */
  stopAtEos?: boolean;
}

/** The JSON form of a {@link Vocabulary}. */
export interface VocabularyJSON {
  format: 'strata-vocabulary';
  version: 1;
  specialTokens: SpecialTokens;
  /** Every token in id order, the special tokens first. */
  tokens: string[];
}

/**
 * A token ↔ id mapping with PAD = 0, UNK = 1, BOS = 2 and EOS = 3, followed by the corpus
 * tokens, most frequent first (ties in code-unit order of the token, so the result does not
 * depend on the order of the corpus).
 *
 * @example
 * const vocab = Vocabulary.build([['the', 'cat'], ['the', 'dog']]);
 * vocab.encode(['the', 'cow'], { addEos: true }); // [4, 1, 3]
 * vocab.decode([4, 1, 3]); // ['the', '<unk>']
 */
export class Vocabulary {
  static readonly PAD = 0;
  static readonly UNK = 1;
  static readonly BOS = 2;
  static readonly EOS = 3;

  /** The special token strings. */
  readonly specialTokens: Readonly<SpecialTokens>;
  private readonly idToToken: readonly string[];
  private readonly tokenToId: Map<string, number>;

  /**
   * A vocabulary over `tokens` (corpus tokens in id order, without the special tokens).
   * Most users call {@link Vocabulary.build} instead.
   */
  constructor(tokens: Iterable<string>, specialTokens: Partial<SpecialTokens> = {}) {
    const specials: SpecialTokens = { ...DEFAULT_SPECIAL_TOKENS, ...specialTokens };
    this.specialTokens = Object.freeze(specials);
    const all = [specials.pad, specials.unk, specials.bos, specials.eos];
    this.tokenToId = new Map();
    all.forEach((token, id) => {
      if (this.tokenToId.has(token)) {
        throw new ConfigError({
          subject: 'Vocabulary',
          expected: 'four distinct special tokens',
          received: JSON.stringify(all),
        });
      }
      this.tokenToId.set(token, id);
    });
    for (const token of tokens) {
      if (this.tokenToId.has(token)) {
        throw new ConfigError({
          subject: 'Vocabulary',
          expected: 'each token once',
          received: `${JSON.stringify(token)} twice`,
        });
      }
      this.tokenToId.set(token, all.length);
      all.push(token);
    }
    this.idToToken = Object.freeze(all);
  }

  /**
   * Builds a vocabulary from token sequences: counts every token, keeps those seen at least
   * `minFrequency` times, most frequent first, up to `maxSize` ids in all.
   *
   * @example
   * Vocabulary.build(sentences.map((s) => tokenizeWords(s)), { minFrequency: 2, maxSize: 10_000 });
   */
  static build(
    sequences: Iterable<Iterable<string>>,
    options: VocabularyBuildOptions = {},
  ): Vocabulary {
    const counts = new Map<string, number>();
    for (const sequence of sequences) {
      for (const token of sequence) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return Vocabulary.fromCounts(counts, options);
  }

  /**
   * {@link Vocabulary.build} over an async source of token sequences, e.g. a `Dataset`.
   *
   * @example
   * const vocab = await Vocabulary.buildAsync(lines.map((line) => tokenizeWords(line)));
   */
  static async buildAsync(
    sequences: AsyncIterable<Iterable<string>> | Iterable<Iterable<string>>,
    options: VocabularyBuildOptions = {},
  ): Promise<Vocabulary> {
    const counts = new Map<string, number>();
    for await (const sequence of sequences) {
      for (const token of sequence) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return Vocabulary.fromCounts(counts, options);
  }

  /**
   * A vocabulary from token counts (the rule of {@link Vocabulary.build}).
   *
   * @example
   * Vocabulary.fromCounts(new Map([['a', 3], ['b', 1]]), { minFrequency: 2 }).size; // 5
   */
  static fromCounts(
    counts: ReadonlyMap<string, number>,
    options: VocabularyBuildOptions = {},
  ): Vocabulary {
    const { minFrequency = 1, maxSize = Number.POSITIVE_INFINITY, specialTokens = {} } = options;
    if (!(maxSize >= 4)) {
      throw new ConfigError({
        subject: 'Vocabulary',
        expected: 'maxSize ≥ 4 (the special tokens)',
        received: String(maxSize),
      });
    }
    const specials = new Set(Object.values({ ...DEFAULT_SPECIAL_TOKENS, ...specialTokens }));
    const kept = [...counts]
      .filter(([token, count]) => count >= minFrequency && !specials.has(token))
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxSize - 4)
      .map(([token]) => token);
    return new Vocabulary(kept, specialTokens);
  }

  /**
   * Reads the JSON form written by {@link Vocabulary.toJSON}.
   *
   * @example
   * const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
   */
  static fromJSON(json: unknown): Vocabulary {
    const fail = (expected: string, received: unknown) =>
      new SerializationError({
        subject: 'Vocabulary',
        expected,
        received: JSON.stringify(received)?.slice(0, 80) ?? String(received),
      });
    if (json == null || typeof json !== 'object') throw fail('a JSON object', json);
    const obj = json as Partial<VocabularyJSON>;
    if (obj.format !== 'strata-vocabulary') throw fail('format "strata-vocabulary"', obj.format);
    if (obj.version !== 1) throw fail('version 1', obj.version);
    const specials = obj.specialTokens;
    const names = ['pad', 'unk', 'bos', 'eos'] as const;
    if (specials == null || names.some((n) => typeof specials[n] !== 'string')) {
      throw fail('specialTokens {pad, unk, bos, eos} as strings', specials);
    }
    const tokens = obj.tokens;
    if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string')) {
      throw fail('tokens as an array of strings', tokens);
    }
    const head = names.map((n) => specials[n]);
    if (head.some((token, i) => tokens[i] !== token)) {
      throw fail(
        `tokens starting with the special tokens ${JSON.stringify(head)}`,
        tokens.slice(0, 4),
      );
    }
    return new Vocabulary(tokens.slice(4), specials);
  }

  /** The number of ids, special tokens included. */
  get size(): number {
    return this.idToToken.length;
  }

  /** Every token in id order. */
  get tokens(): readonly string[] {
    return this.idToToken;
  }

  /** Whether `token` has its own id. */
  has(token: string): boolean {
    return this.tokenToId.has(token);
  }

  /** The id of `token`, or UNK (1) if it is unknown. */
  idOf(token: string): number {
    return this.tokenToId.get(token) ?? Vocabulary.UNK;
  }

  /** The token of `id`; throws for an id outside [0, size). */
  tokenOf(id: number): string {
    const token = this.idToToken[id];
    if (token === undefined) {
      throw new ConfigError({
        subject: 'Vocabulary',
        expected: `an integer id in [0, ${this.size})`,
        received: String(id),
      });
    }
    return token;
  }

  /**
   * Maps tokens to ids (unknown tokens → UNK), optionally framed by BOS/EOS.
   *
   * @example
   * vocab.encode(['hello', 'world'], { addBos: true }); // [2, 5, 4]
   */
  encode(tokens: Iterable<string>, options: EncodeOptions = {}): number[] {
    const out: number[] = options.addBos ? [Vocabulary.BOS] : [];
    for (const token of tokens) out.push(this.idOf(token));
    if (options.addEos) out.push(Vocabulary.EOS);
    return out;
  }

  /**
   * Maps ids back to tokens.
   *
   * @example
   * vocab.decode([2, 5, 4, 3, 0, 0]); // ['hello', 'world']
   */
  decode(ids: Iterable<number>, options: DecodeOptions = {}): string[] {
    const { skipSpecial = true, stopAtEos = false } = options;
    const out: string[] = [];
    for (const id of ids) {
      if (stopAtEos && id === Vocabulary.EOS) break;
      if (
        skipSpecial &&
        (id === Vocabulary.PAD || id === Vocabulary.BOS || id === Vocabulary.EOS)
      ) {
        continue;
      }
      out.push(this.tokenOf(id));
    }
    return out;
  }

  /** The JSON form, for `JSON.stringify` and {@link Vocabulary.fromJSON}. */
  toJSON(): VocabularyJSON {
    return {
      format: 'strata-vocabulary',
      version: 1,
      specialTokens: { ...this.specialTokens },
      tokens: [...this.idToToken],
    };
  }
}
