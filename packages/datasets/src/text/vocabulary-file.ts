import { importNodeBuiltin } from './import-node-builtin.js';
import { Vocabulary } from './vocabulary.js';

type NodeFsPromises = typeof import('node:fs/promises');

/**
 * Writes a vocabulary as a JSON file (Node only; `node:fs` is imported on first use, so
 * browser bundles that never call this do not need it).
 *
 * @example
 * await saveVocabulary(vocab, './vocab.json');
 */
export async function saveVocabulary(vocabulary: Vocabulary, path: string): Promise<void> {
  const { writeFile } = await importNodeBuiltin<NodeFsPromises>('node:fs/promises');
  await writeFile(path, `${JSON.stringify(vocabulary.toJSON())}\n`, 'utf8');
}

/**
 * Reads a vocabulary written by {@link saveVocabulary} (Node only).
 *
 * @example
 * const vocab = await loadVocabulary('./vocab.json');
 */
export async function loadVocabulary(path: string): Promise<Vocabulary> {
  const { readFile } = await importNodeBuiltin<NodeFsPromises>('node:fs/promises');
  return Vocabulary.fromJSON(JSON.parse(await readFile(path, 'utf8')));
}
