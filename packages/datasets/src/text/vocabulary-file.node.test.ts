import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.js';
import { loadVocabulary, saveVocabulary } from './vocabulary-file.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-vocab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveVocabulary / loadVocabulary', () => {
  it('round-trips a vocabulary through a JSON file', async () => {
    const vocab = Vocabulary.build([['héllo', 'world', 'héllo']]);
    const path = join(dir, 'vocab.json');
    await saveVocabulary(vocab, path);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('strata-vocabulary');
    const loaded = await loadVocabulary(path);
    expect(loaded.tokens).toEqual(vocab.tokens);
    expect(loaded.decode(loaded.encode(['héllo', 'x']))).toEqual(['héllo', '<unk>']);
  });
});
