import { ConfigError, SerializationError } from '@strata/core';
import { Dataset } from '../dataset.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';
import { type TextSource, textChunks } from './text-source.js';

/**
 * How a column's text becomes a value: `'number'` (an empty field is `NaN`; anything else
 * that is not a number is an error), `'string'` (as written), or `'auto'` (a number if the
 * field reads as one, otherwise the string — so `''` stays `''`).
 */
export type CsvColumnType = 'number' | 'string' | 'auto';

/** A value of a CSV row. */
export type CsvValue = number | string;

/** A CSV row: column name → value. */
export type CsvRow = Record<string, CsvValue>;

/** Options of `csvDataset`. */
export interface CsvOptions {
  /** One character between fields (default `','`). */
  delimiter?: string;
  /** Whether the first record names the columns (default true). */
  header?: boolean;
  /** Column names; required without a header, and replace the header's names if given. */
  columnNames?: readonly string[];
  /** Per-column types; columns not listed get `defaultType`. */
  columnTypes?: Readonly<Record<string, CsvColumnType>>;
  /** The type of unlisted columns (default `'auto'`). */
  defaultType?: CsvColumnType;
}

/**
 * A `Dataset` of the rows of a CSV text, as objects keyed by column name. The text is parsed
 * as a stream (a file `{path}` or `{url}` is read chunk by chunk), per RFC 4180: quoted fields
 * may hold delimiters, `""` quotes and line breaks; `\r\n` and `\n` both end records; blank
 * lines are skipped. Each pass re-reads the source.
 *
 * @example
 * const rows = csvDataset({ path: 'iris.csv' }, { columnTypes: { species: 'string' } });
 * const ds = rows.map((r) => ({ xs: [r.sepal_length, r.sepal_width], ys: r.species }));
 */
export function csvDataset<Row extends CsvRow = CsvRow>(
  source: TextSource,
  options: CsvOptions = {},
): Dataset<Row> {
  const {
    delimiter = ',',
    header = true,
    columnNames,
    columnTypes = {},
    defaultType = 'auto',
  } = options;
  if (!header && columnNames == null) {
    throw new ConfigError({
      subject: 'csvDataset',
      expected: 'columnNames when header is false',
      received: 'no columnNames',
    });
  }
  new CsvParser(delimiter); // validates the delimiter now, not at the first pull
  return new Dataset(() =>
    csvRows<Row>(source, delimiter, header, columnNames, columnTypes, defaultType),
  );
}

async function* csvRows<Row extends CsvRow>(
  source: TextSource,
  delimiter: string,
  header: boolean,
  columnNames: readonly string[] | undefined,
  columnTypes: Readonly<Record<string, CsvColumnType>>,
  defaultType: CsvColumnType,
): AsyncGenerator<Row> {
  const parser = new CsvParser(delimiter);
  let names: readonly string[] | null = header
    ? null
    : checkNames(columnNames as readonly string[], columnTypes);
  let types: CsvColumnType[] = names?.map((n) => columnTypes[n] ?? defaultType) ?? [];
  const toRow = (record: CsvRecord): Row | null => {
    if (names == null) {
      names = checkNames(columnNames ?? record.fields, columnTypes);
      types = names.map((n) => columnTypes[n] ?? defaultType);
      return null;
    }
    if (record.fields.length !== names.length) {
      throw new SerializationError({
        subject: `CSV line ${record.line}`,
        expected: `${names.length} fields (${names.join(', ')})`,
        received: `${record.fields.length} fields`,
      });
    }
    const row: CsvRow = {};
    for (let i = 0; i < names.length; i++) {
      row[names[i]] = convert(record.fields[i], types[i], names[i], record.line);
    }
    return row as Row;
  };
  for await (const chunk of textChunks(source)) {
    for (const record of parser.push(chunk)) {
      const row = toRow(record);
      if (row != null) yield row;
    }
  }
  for (const record of parser.finish()) {
    const row = toRow(record);
    if (row != null) yield row;
  }
}

function checkNames(
  names: readonly string[],
  columnTypes: Readonly<Record<string, CsvColumnType>>,
): readonly string[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new SerializationError({
        subject: 'CSV header',
        expected: 'unique column names',
        received: `'${name}' twice`,
      });
    }
    seen.add(name);
  }
  const unknown = Object.keys(columnTypes).filter((k) => !seen.has(k));
  if (unknown.length > 0) {
    throw new ConfigError({
      subject: 'csvDataset columnTypes',
      expected: `names among the columns (${names.join(', ')})`,
      received: unknown.map((k) => `'${k}'`).join(', '),
    });
  }
  return names;
}

function convert(text: string, type: CsvColumnType, name: string, line: number): CsvValue {
  if (type === 'string') return text;
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (type === 'auto') return Number.isNaN(value) && trimmed !== 'NaN' ? text : value;
  if (Number.isNaN(value) && trimmed !== '' && trimmed !== 'NaN') {
    throw new SerializationError({
      subject: `CSV line ${line}, column '${name}'`,
      expected: 'a number',
      received: `'${text}'`,
    });
  }
  return value;
}
