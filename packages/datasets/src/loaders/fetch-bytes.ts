import { SerializationError } from '@strata/core';
import { isNode, nodeFs, nodePath } from './node-runtime.js';

/** Options of `fetchBytes`. */
export interface FetchBytesOptions {
  /**
   * A directory (Node only) that keeps the downloaded file: the first call fetches and writes
   * it, later calls read it without a request. Ignored in browsers, where the HTTP cache works.
   */
  cacheDir?: string;
  /** The file name inside `cacheDir`; defaults to the last segment of the URL's path. */
  cacheName?: string;
  /** The `fetch` to use (default `globalThis.fetch`), e.g. one that adds headers. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Downloads `url` into memory, through an optional cache directory. The cache file appears
 * atomically — written to a temporary file beside it, then renamed — so an interrupted or
 * failed download never leaves a half-written file that a later call would trust.
 *
 * @example
 * const bytes = await fetchBytes('https://example.com/train-labels-idx1-ubyte.gz', {
 *   cacheDir: '/tmp/strata-cache',
 * });
 */
export async function fetchBytes(
  url: string,
  options: FetchBytesOptions = {},
): Promise<Uint8Array> {
  const cacheDir = isNode() ? options.cacheDir : undefined;
  if (cacheDir == null) return download(url, options.fetch);
  const fs = await nodeFs();
  const path = await nodePath();
  const name =
    options.cacheName ?? decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  if (name === '' || name === '.' || name === '..') {
    throw new SerializationError({
      subject: `Download '${url}'`,
      expected: 'a URL that ends in a file name, or a cacheName',
      received: `'${name}'`,
    });
  }
  const target = path.join(cacheDir, name);
  try {
    const cached = await fs.readFile(target);
    return new Uint8Array(cached.buffer, cached.byteOffset, cached.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const bytes = await download(url, options.fetch);
  await fs.mkdir(cacheDir, { recursive: true });
  const temporary = `${target}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return bytes;
}

async function download(url: string, fetchFn = globalThis.fetch): Promise<Uint8Array> {
  const subject = `Download '${url}'`;
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new SerializationError(
      { subject, expected: 'a response', received: errorMessage(error) },
      { cause: error },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SerializationError({
      subject,
      expected: 'HTTP status 200',
      received: `${response.status} ${response.statusText}`.trim(),
    });
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new SerializationError(
      { subject, expected: 'the complete response body', received: errorMessage(error) },
      { cause: error },
    );
  }
}

function errorMessage(error: unknown): string {
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return cause != null ? `${message} (${cause})` : message;
}
