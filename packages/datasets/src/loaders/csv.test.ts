import { ConfigError, SerializationError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { csvDataset } from './csv.js';
import { CsvParser } from './csv-parser.js';

/** Feeds `text` to a fresh parser in chunks of `size` characters. */
function parseInChunks(text: string, size: number): string[][] {
  const parser = new CsvParser();
  const records: string[][] = [];
  for (let i = 0; i < text.length; i += size) {
    for (const r of parser.push(text.slice(i, i + size))) records.push(r.fields);
  }
  for (const r of parser.finish()) records.push(r.fields);
  return records;
}

const tricky = [
  'name,quote,n',
  '"Smith, John","He said ""hi""",1',
  '"multi',
  'line",,2',
  'plain,"",',
  '',
  'last,"x""",3',
].join('\r\n');

const expected = [
  ['name', 'quote', 'n'],
  ['Smith, John', 'He said "hi"', '1'],
  ['multi\r\nline', '', '2'],
  ['plain', '', ''],
  ['last', 'x"', '3'],
];

describe('CsvParser', () => {
  it('handles quoted commas, escaped quotes, newlines in quotes, empty fields, CRLF', () => {
    expect(parseInChunks(tricky, tricky.length)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 7, 16]) expect(parseInChunks(tricky, size)).toEqual(expected);
    expect(parseInChunks(`${tricky}\r\n`, 1)).toEqual(expected);
  });

  it('reads LF, CR and CRLF line ends, skips blank lines, keeps stray quotes as text', () => {
    expect(parseInChunks('a,b\n\nc,d\re,f\r\n', 4)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(parseInChunks('5"6,"q"x,', 64)).toEqual([['5"6', 'qx', '']]);
    expect(parseInChunks(',\n"",x', 64)).toEqual([
      ['', ''],
      ['', 'x'],
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    const parser = new CsvParser();
    parser.push('a,b\nc,"open\nstill open');
    expect(() => parser.finish()).toThrow(
      '<CSV>: expected a closing quote for the field opened on line 2. Received: the end of the input.',
    );
  });

  it('takes another delimiter and rejects an unusable one', () => {
    const parser = new CsvParser(';');
    expect(parser.push('a;"b;c"\n')[0].fields).toEqual(['a', 'b;c']);
    expect(() => new CsvParser('"')).toThrow(ConfigError);
  });
});

describe('csvDataset', () => {
  it('yields typed row objects: numbers, strings, auto', async () => {
    const text = 'id,label,score\n1,cat,0.5\n2,"dog, big",\n3,7,1e3\n';
    const rows = await csvDataset(text, {
      columnTypes: { label: 'string', score: 'number' },
    }).toArray();
    expect(rows).toEqual([
      { id: 1, label: 'cat', score: 0.5 },
      { id: 2, label: 'dog, big', score: Number.NaN },
      { id: 3, label: '7', score: 1000 },
    ]);
    const auto = await csvDataset('a,b\n x ,\n-2.5,NaN\n').toArray();
    expect(auto).toEqual([
      { a: ' x ', b: '' },
      { a: -2.5, b: Number.NaN },
    ]);
  });

  it('reads bytes (UTF-8 split across chunks, BOM dropped) and chunk generators', async () => {
    const bytes = new TextEncoder().encode('\uFEFFword,n\nnaïve,1\n日本,2');
    const rows = await csvDataset(bytes).toArray();
    expect(rows).toEqual([
      { word: 'naïve', n: 1 },
      { word: '日本', n: 2 },
    ]);
    // Cut inside "ï" (bytes 12–13) and "日" (19–21).
    const split = () => [bytes.subarray(0, 13), bytes.subarray(13, 20), bytes.subarray(20)];
    expect(await csvDataset(split).toArray()).toEqual(rows);
  });

  it('uses columnNames without a header, or in place of one', async () => {
    expect(
      await csvDataset('1,2\n3,4', { header: false, columnNames: ['x', 'y'] }).toArray(),
    ).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(await csvDataset('a,b\n1,2', { columnNames: ['x', 'y'] }).toArray()).toEqual([
      { x: 1, y: 2 },
    ]);
    expect(() => csvDataset('1,2', { header: false })).toThrow(ConfigError);
  });

  it('names the line and column of a bad value or a wrong field count', async () => {
    await expect(csvDataset('a,b\n1,2\n3\n').toArray()).rejects.toThrow(
      '<CSV line 3>: expected 2 fields (a, b). Received: 1 fields.',
    );
    await expect(
      csvDataset('a,b\n1,2\n3,x\n', { columnTypes: { b: 'number' } }).toArray(),
    ).rejects.toThrow("<CSV line 3, column 'b'>: expected a number. Received: 'x'.");
    await expect(csvDataset('a,a\n1,2').toArray()).rejects.toThrow(SerializationError);
    await expect(csvDataset('a\n1', { columnTypes: { typo: 'number' } }).toArray()).rejects.toThrow(
      "<csvDataset columnTypes>: expected names among the columns (a). Received: 'typo'.",
    );
  });

  it('is lazy and restartable', async () => {
    let passes = 0;
    const ds = csvDataset(function* () {
      passes++;
      yield 'n\n1\n2\n';
    });
    expect(passes).toBe(0);
    expect(await ds.toArray()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await ds.map((r) => r.n).toArray()).toEqual([1, 2]);
    expect(passes).toBe(2);
  });
});
