import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerializationError } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvDataset } from './csv.js';
import { textLines } from './text-lines.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-text-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('text sources from files and URLs', () => {
  it('streams a file larger than one read chunk line by line', async () => {
    const path = join(dir, 'big.csv');
    // ≈ 1.3 MB: about 20 reads of 64 KiB, with records and UTF-8 cut at chunk edges.
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},"ü ${i}, quoted"`);
    await writeFile(path, `id,text\r\n${rows.join('\r\n')}\r\n`);
    let count = 0;
    let sum = 0;
    await csvDataset({ path }, { columnTypes: { id: 'number' } }).forEach((row) => {
      if (row.text !== `ü ${row.id}, quoted`)
        throw new Error(`row ${count} is ${JSON.stringify(row)}`);
      count++;
      sum += row.id as number;
    });
    expect(count).toBe(50_000);
    expect(sum).toBe((49_999 * 50_000) / 2);
    const lines = textLines({ path });
    expect(await lines.take(2).toArray()).toEqual(['id,text', '0,"ü 0, quoted"']);
    expect(await lines.skip(50_000).toArray()).toEqual(['49999,"ü 49999, quoted"']);
  });

  it('fails with the file system error for a missing file', async () => {
    await expect(textLines({ path: join(dir, 'missing.txt') }).toArray()).rejects.toThrow(/ENOENT/);
  });

  it('streams a URL and reports an HTTP error', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/data.csv') res.end('x,y\n1,2\n3,4\n');
      else res.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await csvDataset({ url: `${base}/data.csv` }).toArray()).toEqual([
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ]);
      const missing = textLines({ url: `${base}/nope.txt` }).toArray();
      await expect(missing).rejects.toThrow(SerializationError);
      await expect(missing).rejects.toThrow('expected HTTP status 200. Received: 404 Not Found.');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
