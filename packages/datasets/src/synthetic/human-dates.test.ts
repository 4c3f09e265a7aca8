import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, formatDate } from './date-format.js';
import { humanDates } from './human-dates.js';

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const DAYS = 'sun mon tue wed thu fri sat'.split(' ');

/** An independent parser of the generated forms; two-digit years pivot at 1950. */
function parseHuman(text: string): { iso: string; weekday: number | null } {
  const lower = text.toLowerCase();
  const words = lower.match(/[a-z]+/g) ?? [];
  const numbers = (lower.match(/\d+/g) ?? []).map(Number);
  const monthWord = words.find((w) => MONTHS.includes(w.slice(0, 3)) && w !== 'sun');
  const dayWord = words.find(
    (w) => DAYS.includes(w.slice(0, 3)) && !MONTHS.includes(w.slice(0, 3)),
  );
  let year: number;
  let month: number;
  let day: number;
  if (monthWord) {
    month = MONTHS.indexOf(monthWord.slice(0, 3)) + 1;
    [day, year] = numbers[0] > 31 ? [numbers[1], numbers[0]] : [numbers[0], numbers[1]];
  } else if (lower.includes('.')) {
    [day, month, year] = numbers;
  } else {
    [month, day, year] = numbers;
  }
  if (year < 100) year += year >= 50 ? 1900 : 2000;
  const two = (v: number) => String(v).padStart(2, '0');
  return {
    iso: `${year}-${two(month)}-${two(day)}`,
    weekday: dayWord ? DAYS.indexOf(dayWord.slice(0, 3)) : null,
  };
}

describe('formatDate', () => {
  it('writes every default pattern', () => {
    const date = { year: 2019, month: 3, day: 5 };
    expect(DATE_FORMATS.map((p) => formatDate(date, p))).toEqual([
      'Tuesday, March 5, 2019',
      'March 5, 2019',
      'Mar 5, 2019',
      '3/5/19',
      '5 Mar 2019',
      '5 March 2019',
      '05 Mar 2019',
      '5 March, 2019',
      'Tue 5 Mar 2019',
      'Tuesday 5 March 2019',
      'March 5 2019',
      '03/05/19',
      '05.03.19',
    ]);
    expect(formatDate(date, 'yyyy-MM-dd')).toBe('2019-03-05');
    expect(formatDate({ year: 1, month: 1, day: 1 }, 'EEEE yyyy')).toBe('Monday 0001');
  });
});

describe('humanDates', () => {
  it('pairs human dates with ISO dates that parse back to the same day', () => {
    const { inputs, targets, formats } = humanDates({ n: 2000, seed: 12 });
    expect(new Set(formats).size).toBe(DATE_FORMATS.length);
    for (let i = 0; i < inputs.length; i++) {
      const parsed = parseHuman(inputs[i]);
      expect(parsed.iso, inputs[i]).toBe(targets[i]);
      const [y, m, d] = targets[i].split('-').map(Number);
      expect(new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10)).toBe(targets[i]);
      if (parsed.weekday != null) {
        expect(parsed.weekday, inputs[i]).toBe(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
      }
      expect(y).toBeGreaterThanOrEqual(1950);
      expect(y).toBeLessThanOrEqual(2049);
    }
  });

  it('is the same for the same seed, lower-cases on request', () => {
    const a = humanDates({ n: 50, seed: 3, lowercase: true });
    expect(humanDates({ n: 50, seed: 3, lowercase: true })).toEqual(a);
    expect(humanDates({ n: 50, seed: 3 }).inputs.map((s) => s.toLowerCase())).toEqual(a.inputs);
    expect(humanDates({ n: 50, seed: 4 }).inputs).not.toEqual(a.inputs);
  });

  it('stays within the given years', () => {
    const { targets } = humanDates({ n: 300, startYear: 2000, endYear: 2000, seed: 1 });
    expect(new Set(targets.map((t) => t.slice(0, 4)))).toEqual(new Set(['2000']));
    expect(new Set(targets).size).toBeGreaterThan(200);
  });
});
