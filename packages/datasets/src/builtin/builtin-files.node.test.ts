import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digits } from './digits.js';
import { iris } from './iris.js';

const dataDir = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));

describe('embedded data sets equal the files in data/ (run scripts/embed-data.mjs if not)', () => {
  it('iris', () => {
    const rows = csvRows(readFileSync(dataDir('iris.csv'), 'utf8')).slice(1);
    const data = iris();
    expect(Array.from(data.features)).toEqual(rows.flatMap((r) => r.slice(0, 4).map(Math.fround)));
    expect(Array.from(data.labels)).toEqual(rows.map((r) => r[4]));
  });

  it('digits', () => {
    const rows = csvRows(gunzipSync(readFileSync(dataDir('digits.csv.gz'))).toString('utf8'));
    const data = digits();
    expect(rows).toHaveLength(1797);
    expect(Array.from(data.features)).toEqual(rows.flatMap((r) => r.slice(0, 64)));
    expect(Array.from(data.labels)).toEqual(rows.map((r) => r[64]));
  });
});
