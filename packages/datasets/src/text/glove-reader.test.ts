import { SerializationError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { readGloveBytes, readGloveText } from './glove-reader.js';

describe('readGloveText', () => {
  it('reads word vectors and the statistics of all values', () => {
    const glove = readGloveText('a 1 2\r\nb 3 -2\n\n');
    expect(glove.dim).toBe(2);
    expect(glove.totalWords).toBe(2);
    expect([...(glove.vectors.get('b') ?? [])]).toEqual([3, -2]);
    expect(glove.mean).toBeCloseTo(1, 12);
    expect(glove.std).toBeCloseTo(Math.sqrt((0 + 1 + 4 + 9) / 4), 12);
  });

  it('keeps only the words asked for, but counts every vector in the statistics', () => {
    const glove = readGloveText('a 1\nb 3\n', { keep: (w) => w === 'b' });
    expect([...glove.vectors.keys()]).toEqual(['b']);
    expect(glove.totalWords).toBe(2);
    expect(glove.mean).toBe(2);
  });

  it("skips a word2vec 'count dim' header and reads words containing spaces", () => {
    const glove = readGloveText('2 3\nnew york 0.5 0.25 1\n. 1 2 3');
    expect(glove.dim).toBe(3);
    expect([...glove.vectors.keys()]).toEqual(['new york', '.']);
    expect([...(glove.vectors.get('new york') ?? [])]).toEqual([0.5, 0.25, 1]);
  });

  it('reads UTF-8 bytes', () => {
    const glove = readGloveBytes(new TextEncoder().encode('café 1 2\n'));
    expect([...(glove.vectors.get('café') ?? [])]).toEqual([1, 2]);
  });

  it('names the line of a malformed vector', () => {
    expect(() => readGloveText('a 1 2\nb 1 x\n', { sourceName: 'mini.txt' })).toThrow(
      SerializationError,
    );
    expect(() => readGloveText('a 1 2\nb 1 x\n', { sourceName: 'mini.txt' })).toThrow(
      /<mini\.txt line 2>: expected 2 numbers after the word\. Received: "b 1 x"\./,
    );
    expect(() => readGloveText('a 1 2\nb\n')).toThrow(/line 2/);
  });
});
