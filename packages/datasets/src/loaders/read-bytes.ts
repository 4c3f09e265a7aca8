import { ConfigError } from '@strata/core';
import { type FetchBytesOptions, fetchBytes } from './fetch-bytes.js';
import { gunzip, isGzip } from './gunzip.js';
import { isNode, nodeFs, nodeUrl } from './node-runtime.js';

/**
 * Where bytes come from: the bytes themselves, an `http(s):` URL (string or `URL`), or — in
 * Node — a file path or `file:` URL.
 */
export type ByteSource = Uint8Array | ArrayBuffer | string | URL;

/** A readable name for a source, for error messages. */
export function sourceName(source: ByteSource): string {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return 'bytes';
  return String(source);
}

function isHttp(source: string | URL): boolean {
  return /^https?:\/\//i.test(String(source));
}

/**
 * Reads all bytes of a source; gzip data (magic `1f 8b`) is decompressed when `decompress`
 * is set (the default).
 *
 * @example
 * const bytes = await readBytes('/data/train-labels-idx1-ubyte.gz');
 */
export async function readBytes(
  source: ByteSource,
  { decompress = true, ...fetchOptions }: FetchBytesOptions & { decompress?: boolean } = {},
): Promise<Uint8Array> {
  const bytes = await readRaw(source, fetchOptions);
  return decompress && isGzip(bytes) ? gunzip(bytes) : bytes;
}

async function readRaw(source: ByteSource, options: FetchBytesOptions): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (isHttp(source)) return fetchBytes(String(source), options);
  if (!isNode()) {
    throw new ConfigError({
      subject: 'readBytes',
      expected: 'bytes or an http(s) URL in a browser',
      received: `'${String(source)}'`,
    });
  }
  const path = String(source).startsWith('file:')
    ? (await nodeUrl()).fileURLToPath(source)
    : String(source);
  const data = await (await nodeFs()).readFile(path);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
