/** A calendar date; `month` 1–12, `day` 1–31. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The date patterns {@link humanDates} draws from, in the tokens of {@link formatDate}
 * (English, after the CLDR full/long/medium/short forms and common variants).
 */
export const DATE_FORMATS: readonly string[] = Object.freeze([
  'EEEE, MMMM d, yyyy', // Tuesday, March 5, 2019
  'MMMM d, yyyy', // March 5, 2019
  'MMM d, yyyy', // Mar 5, 2019
  'M/d/yy', // 3/5/19
  'd MMM yyyy', // 5 Mar 2019
  'd MMMM yyyy', // 5 March 2019
  'dd MMM yyyy', // 05 Mar 2019
  'd MMMM, yyyy', // 5 March, 2019
  'EEE d MMM yyyy', // Tue 5 Mar 2019
  'EEEE d MMMM yyyy', // Tuesday 5 March 2019
  'MMMM d yyyy', // March 5 2019
  'MM/dd/yy', // 03/05/19
  'dd.MM.yy', // 05.03.19
]);

const TOKENS = /EEEE|EEE|MMMM|MMM|MM|M|dd|d|yyyy|yy/g;

/**
 * Formats a date by a pattern of tokens: `EEEE` Tuesday, `EEE` Tue, `MMMM` March, `MMM` Mar,
 * `MM` 03, `M` 3, `dd` 05, `d` 5, `yyyy` 2019, `yy` 19; anything else is copied.
 *
 * @example
 * formatDate({ year: 2019, month: 3, day: 5 }, 'EEEE, MMMM d, yyyy'); // 'Tuesday, March 5, 2019'
 * formatDate({ year: 2019, month: 3, day: 5 }, 'yyyy-MM-dd'); // '2019-03-05'
 */
export function formatDate(date: CalendarDate, pattern: string): string {
  const { year, month, day } = date;
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  const weekday = utc.getUTCDay();
  const two = (v: number) => String(v).padStart(2, '0');
  return pattern.replace(TOKENS, (token) => {
    switch (token) {
      case 'EEEE':
        return WEEKDAYS[weekday];
      case 'EEE':
        return WEEKDAYS[weekday].slice(0, 3);
      case 'MMMM':
        return MONTHS[month - 1];
      case 'MMM':
        return MONTHS[month - 1].slice(0, 3);
      case 'MM':
        return two(month);
      case 'M':
        return String(month);
      case 'dd':
        return two(day);
      case 'd':
        return String(day);
      case 'yyyy':
        return String(year).padStart(4, '0');
      default:
        return two(year % 100);
    }
  });
}
