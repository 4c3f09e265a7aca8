import { ConfigError, SerializationError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.js';

const corpus = [
  ['b', 'a', 'c', 'a'],
  ['c', 'd', 'a', 'b', 'e'],
];

describe('Vocabulary', () => {
  it('puts PAD, UNK, BOS, EOS first, then tokens by frequency with ties in code-unit order', () => {
    const vocab = Vocabulary.build(corpus);
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b', 'c', 'd', 'e']);
    expect(vocab.size).toBe(9);
    expect([Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS]).toEqual([0, 1, 2, 3]);
  });

  it('does not depend on the order of the corpus', () => {
    const reversed = corpus.map((s) => [...s].reverse()).reverse();
    expect(Vocabulary.build(reversed).tokens).toEqual(Vocabulary.build(corpus).tokens);
  });

  it('applies minFrequency and maxSize (special tokens included in the size)', () => {
    expect(Vocabulary.build(corpus, { minFrequency: 2 }).tokens.slice(4)).toEqual(['a', 'b', 'c']);
    const small = Vocabulary.build(corpus, { maxSize: 6 });
    expect(small.size).toBe(6);
    expect(small.tokens.slice(4)).toEqual(['a', 'b']);
    expect(() => Vocabulary.build(corpus, { maxSize: 3 })).toThrow(ConfigError);
  });

  it('encodes unknown tokens as UNK and decodes back', () => {
    const vocab = Vocabulary.build(corpus);
    const ids = vocab.encode(['a', 'zebra', 'e'], { addBos: true, addEos: true });
    expect(ids).toEqual([2, 4, 1, 8, 3]);
    expect(vocab.decode([...ids, 0, 0])).toEqual(['a', '<unk>', 'e']);
    expect(vocab.decode(ids, { skipSpecial: false })).toEqual([
      '<bos>',
      'a',
      '<unk>',
      'e',
      '<eos>',
    ]);
    expect(vocab.decode([4, 3, 5], { stopAtEos: true })).toEqual(['a']);
    expect(vocab.idOf('zebra')).toBe(1);
    expect(vocab.has('zebra')).toBe(false);
    expect(() => vocab.tokenOf(9)).toThrow(/expected an integer id in \[0, 9\)/);
  });

  it('round-trips through JSON', () => {
    const vocab = Vocabulary.build(corpus, { specialTokens: { pad: '_', unk: '?' } });
    const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
    expect(copy.tokens).toEqual(vocab.tokens);
    expect(copy.specialTokens).toEqual({ pad: '_', unk: '?', bos: '<bos>', eos: '<eos>' });
    expect(copy.encode(['c', 'x'])).toEqual(vocab.encode(['c', 'x']));
  });

  it('rejects malformed JSON with a SerializationError', () => {
    expect(() => Vocabulary.fromJSON({ format: 'other' })).toThrow(SerializationError);
    const json = Vocabulary.build(corpus).toJSON();
    expect(() => Vocabulary.fromJSON({ ...json, tokens: ['a', ...json.tokens] })).toThrow(
      /expected tokens starting with the special tokens/,
    );
  });

  it('builds from an async source', async () => {
    async function* sequences() {
      yield* corpus;
    }
    expect((await Vocabulary.buildAsync(sequences())).tokens).toEqual(
      Vocabulary.build(corpus).tokens,
    );
  });

  it('leaves corpus tokens equal to a special token out', () => {
    expect(Vocabulary.build([['<unk>', 'a']]).tokens.slice(4)).toEqual(['a']);
  });
});
