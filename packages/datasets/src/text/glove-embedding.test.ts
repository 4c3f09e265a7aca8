import { ConfigError, RandomStream, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { gloveEmbeddingMatrix, loadGloveEmbeddings } from './glove-embedding.js';
import { readGloveText } from './glove-reader.js';
import { Vocabulary } from './vocabulary.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const text = 'the 1 2\ncat 3 4\ndog -1 0\n';
const vocab = Vocabulary.build([['the', 'Cat', 'zebra', 'the']]);

describe('gloveEmbeddingMatrix', () => {
  it('copies known rows, zeroes PAD and reports coverage', () => {
    const emb = gloveEmbeddingMatrix(vocab, readGloveText(text), { seed: 3 });
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'Cat', 'zebra']);
    expect(emb.shape).toEqual([7, 2]);
    expect([...emb.data.subarray(0, 2)]).toEqual([0, 0]);
    expect([...emb.data.subarray(8, 10)]).toEqual([1, 2]);
    expect([...emb.data.subarray(10, 12)]).toEqual([3, 4]); // 'Cat' found as 'cat'
    expect(emb.foundIds).toEqual([4, 5]);
    expect(emb.missing).toEqual(['zebra']);
    expect(emb.coverage).toBeCloseTo(2 / 3, 12);
  });

  it('draws unknown rows from N(mean, std²) of the GloVe values, in id order, under the seed', () => {
    const glove = readGloveText(text);
    const emb = gloveEmbeddingMatrix(vocab, glove, { seed: 3 });
    const rng = new RandomStream(3);
    const expected = [1, 2, 3, 6].flatMap(() =>
      [0, 1].map(() => glove.mean + glove.std * rng.nextNormal()),
    );
    const got = [1, 2, 3, 6].flatMap((id) => [...emb.data.subarray(id * 2, id * 2 + 2)]);
    expect(got).toEqual(Array.from(Float32Array.from(expected)));
    expect(gloveEmbeddingMatrix(vocab, glove, { seed: 3 }).data).toEqual(emb.data);
    expect(gloveEmbeddingMatrix(vocab, glove, { seed: 4 }).data).not.toEqual(emb.data);
  });

  it('fills unknown rows with zeros or a uniform draw on request', () => {
    const glove = readGloveText(text);
    const zeros = gloveEmbeddingMatrix(vocab, glove, { unknownInit: 'zeros' });
    expect([...zeros.data.subarray(12, 14)]).toEqual([0, 0]);
    const uniform = gloveEmbeddingMatrix(vocab, glove, { unknownInit: 'uniform', seed: 1 });
    const bound = glove.mean + Math.sqrt(3) * glove.std;
    for (const v of uniform.data.subarray(12, 14)) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    expect(() =>
      // @ts-expect-error: an invalid mode on purpose
      gloveEmbeddingMatrix(vocab, glove, { unknownInit: 'glorot' }),
    ).toThrow(ConfigError);
  });

  it('gives a [size, dim] tensor', async () => {
    const emb = await loadGloveEmbeddings(vocab, { text }, { seed: 3, lowercaseFallback: false });
    expect(emb.missing).toEqual(['Cat', 'zebra']);
    const t = emb.toTensor();
    expect(t.shape).toEqual([7, 2]);
    await expectTensorsClose(t, emb.data);
    t.dispose();
  });
});
