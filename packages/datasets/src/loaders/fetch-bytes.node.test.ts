import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerializationError } from '@strata/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fashionMnist } from './fashion-mnist.js';
import { fetchBytes } from './fetch-bytes.js';

const DIR = '/usr/share/datasets/fashion-mnist/';

/**
 * Serves the Fashion-MNIST files under /fashion/, 404s elsewhere, and under /truncated/ sends
 * half of a body before cutting the connection. Counts every request.
 */
let server: Server;
let base: string;
const requests: string[] = [];
let cacheDir: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const name = url.split('/').pop() ?? '';
    if (url.startsWith('/fashion/')) {
      try {
        const body = await readFile(join(DIR, name));
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    } else if (url.startsWith('/truncated/')) {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(500, 1));
      setTimeout(() => res.destroy(), 20);
    } else {
      res.writeHead(404, 'Not Found').end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  requests.length = 0;
  cacheDir = await mkdtemp(join(tmpdir(), 'strata-cache-'));
  return () => rm(cacheDir, { recursive: true, force: true });
});

describe('fashionMnist({url, cacheDir})', () => {
  it('downloads once, writes the cache, and reads it on the second call without a request', async () => {
    const first = await fashionMnist({ url: `${base}/fashion/`, cacheDir });
    expect(requests.sort()).toEqual([
      '/fashion/t10k-images-idx3-ubyte.gz',
      '/fashion/t10k-labels-idx1-ubyte.gz',
      '/fashion/train-images-idx3-ubyte.gz',
      '/fashion/train-labels-idx1-ubyte.gz',
    ]);
    expect((await readdir(cacheDir)).sort()).toEqual([
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
    const cached = await readFile(join(cacheDir, 'train-labels-idx1-ubyte.gz'));
    expect(cached.equals(await readFile(join(DIR, 'train-labels-idx1-ubyte.gz')))).toBe(true);

    const second = await fashionMnist({ url: `${base}/fashion`, cacheDir });
    expect(requests).toHaveLength(4);
    expect(second.train.count).toBe(60_000);
    expect(second.test.count).toBe(10_000);
    expect(second.train.labels).toEqual(first.train.labels);
    expect(second.test.images.subarray(0, 784 * 10)).toEqual(
      first.test.images.subarray(0, 784 * 10),
    );
    // The cache directory is a valid {dir} too.
    expect((await fashionMnist({ dir: cacheDir })).train.labels[0]).toBe(first.train.labels[0]);
  });

  it('reports a 404 clearly and leaves no cache file', async () => {
    const attempt = fashionMnist({ url: `${base}/missing/`, cacheDir });
    await expect(attempt).rejects.toThrow(SerializationError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `<Download '${base}/missing/t(rain|10k)-.*-ubyte.gz'>: expected HTTP status 200. Received: 404 Not Found.`,
      ),
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });
});

describe('fetchBytes', () => {
  it('leaves no half-written file when the connection drops mid-body', async () => {
    await expect(fetchBytes(`${base}/truncated/data.bin`, { cacheDir })).rejects.toThrow(
      `<Download '${base}/truncated/data.bin'>: expected the complete response body.`,
    );
    expect(await readdir(cacheDir)).toEqual([]);
    await expect(fetchBytes(`${base}/truncated/data.bin`, { cacheDir })).rejects.toThrow(
      SerializationError,
    );
    expect(requests).toHaveLength(2);
  });

  it('names an unreachable server', async () => {
    await expect(fetchBytes('http://127.0.0.1:1/x.gz', { cacheDir })).rejects.toThrow(
      "<Download 'http://127.0.0.1:1/x.gz'>: expected a response. Received: fetch failed",
    );
  });

  it('caches under cacheName and serves it without a request', async () => {
    const url = `${base}/fashion/t10k-labels-idx1-ubyte.gz`;
    const a = await fetchBytes(url, { cacheDir, cacheName: 'labels.gz' });
    const b = await fetchBytes(url, { cacheDir, cacheName: 'labels.gz' });
    expect(requests).toHaveLength(1);
    expect(b).toEqual(a);
    expect(await readdir(cacheDir)).toEqual(['labels.gz']);
  });
});
