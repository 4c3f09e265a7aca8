import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGloveEmbeddings } from './glove-embedding.js';
import { readGloveBytes, readGloveFile, readGloveText } from './glove-reader.js';
import { Vocabulary } from './vocabulary.js';

const fixture = fileURLToPath(new URL('./fixtures/glove-mini.txt', import.meta.url));
const lines = readFileSync(fixture, 'utf8').trim().split('\n');
const rows = new Map(lines.map((l) => [l.split(' ')[0], l.split(' ').slice(1).map(Number)]));

describe('GloVe fixture (glove-mini.txt, 20 words × 5)', () => {
  it('reads the same vectors from a file, a string and bytes', async () => {
    const fromFile = await readGloveFile(fixture);
    expect(fromFile.dim).toBe(5);
    expect(fromFile.totalWords).toBe(20);
    expect(fromFile.vectors.size).toBe(20);
    expect(readGloveText(readFileSync(fixture, 'utf8'))).toEqual(fromFile);
    expect(readGloveBytes(readFileSync(fixture))).toEqual(fromFile);
    const all = [...rows.values()].flat();
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const std = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
    expect(fromFile.mean).toBeCloseTo(mean, 6);
    expect(fromFile.std).toBeCloseTo(std, 6);
  });

  it('builds an embedding matrix whose known rows are the fixture numbers', async () => {
    const vocab = Vocabulary.build([
      ['the', 'cat', 'sat', 'on', 'the', 'mat'],
      ['the', 'zebra', 'ran', ','],
    ]);
    const emb = await loadGloveEmbeddings(vocab, { path: fixture }, { seed: 11 });
    expect(emb.shape).toEqual([vocab.size, 5]);
    for (const id of emb.foundIds) {
      const row = rows.get(vocab.tokenOf(id)) ?? [];
      expect([...emb.data.subarray(id * 5, id * 5 + 5)]).toEqual(
        Array.from(Float32Array.from(row)),
      );
    }
    expect(emb.foundIds.map((id) => vocab.tokenOf(id)).sort()).toEqual(
      [',', 'cat', 'mat', 'on', 'sat', 'the'].sort(),
    );
    expect(emb.missing).toEqual(['ran', 'zebra']);
    expect(emb.coverage).toBeCloseTo(6 / 8, 12);
    expect([...emb.data.subarray(0, 5)]).toEqual([0, 0, 0, 0, 0]);
    const again = await loadGloveEmbeddings(vocab, { path: fixture }, { seed: 11 });
    expect(again.data).toEqual(emb.data);
  });
});
