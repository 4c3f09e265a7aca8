import { ConfigError, randomStream } from '@strata/core';
import { DATE_FORMATS, formatDate } from './date-format.js';
import { checkCount } from './points.js';

/** Options of {@link humanDates}. */
export interface HumanDatesOptions {
  /** Number of pairs. Default 1000. */
  n?: number;
  /** Patterns to draw from (tokens of `formatDate`). Default {@link DATE_FORMATS}. */
  formats?: readonly string[];
  /** First year (inclusive). Default 1950. */
  startYear?: number;
  /** Last year (inclusive). Default 2049: with 1950 a two-digit year is unambiguous. */
  endYear?: number;
  /** Lower-case the human-readable side. Default `false`. */
  lowercase?: boolean;
  /** Seed; the same seed gives the same pairs. */
  seed?: number;
}

/** Human-readable dates and their ISO forms. */
export interface HumanDates {
  /** e.g. `'Tuesday, March 5, 2019'`. */
  inputs: string[];
  /** e.g. `'2019-03-05'`. */
  targets: string[];
  /** The pattern each input was written with. */
  formats: string[];
}

const DAY_MS = 86_400_000;

/**
 * The date-normalisation task (the classic attention demo): a date uniform between January 1
 * of `startYear` and December 31 of `endYear`, written in a random pattern, → `yyyy-MM-dd`.
 *
 * @example
 * const { inputs, targets } = humanDates({ n: 10_000, seed: 5 });
 * // inputs[i] like '5 Mar 2019' or '03/05/19', targets[i] like '2019-03-05'
 */
export function humanDates(options: HumanDatesOptions = {}): HumanDates {
  const {
    n = 1000,
    formats = DATE_FORMATS,
    startYear = 1950,
    endYear = 2049,
    lowercase = false,
    seed,
  } = options;
  checkCount('humanDates', 'n', n);
  if (!Number.isInteger(startYear) || !Number.isInteger(endYear) || endYear < startYear) {
    throw new ConfigError({
      subject: 'humanDates',
      expected: 'integer years with startYear ≤ endYear',
      received: `${startYear}…${endYear}`,
    });
  }
  if (formats.length === 0) {
    throw new ConfigError({
      subject: 'humanDates',
      expected: 'at least one format',
      received: '[]',
    });
  }
  const rng = randomStream(seed);
  const first = utcDays(startYear, 1, 1);
  const span = utcDays(endYear, 12, 31) - first + 1;
  const out: HumanDates = { inputs: [], targets: [], formats: [] };
  for (let i = 0; i < n; i++) {
    const d = new Date((first + rng.int(span)) * DAY_MS);
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    const pattern = formats[rng.int(formats.length)];
    const human = formatDate(date, pattern);
    out.inputs.push(lowercase ? human.toLowerCase() : human);
    out.targets.push(formatDate(date, 'yyyy-MM-dd'));
    out.formats.push(pattern);
  }
  return out;
}

function utcDays(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}
