import { ConfigError, SerializationError } from '@strata/core';
import { isNode, nodeFs } from './node-runtime.js';

/**
 * Where text comes from: a string (the text itself), bytes (UTF-8), a file `{path}` (Node),
 * a `{url}` fetched and streamed, or a function returning an (async) iterable of string or
 * byte chunks, called once per pass.
 */
export type TextSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | { path: string }
  | { url: string; fetch?: typeof globalThis.fetch }
  | (() => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>);

const CHUNK_BYTES = 64 * 1024;

/**
 * Streams a source as decoded text chunks. Files and URLs are read 64 KiB at a time, so a
 * large file never sits in memory whole; a UTF-8 character split between chunks is decoded
 * correctly and a leading byte-order mark is dropped.
 *
 * @example
 * for await (const chunk of textChunks({ path: 'data.csv' })) parser.push(chunk);
 */
export async function* textChunks(source: TextSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  } else if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    yield* decode(
      (function* () {
        for (let i = 0; i < bytes.length; i += CHUNK_BYTES)
          yield bytes.subarray(i, i + CHUNK_BYTES);
      })(),
    );
  } else if (typeof source === 'function') {
    yield* decode(source());
  } else if ('path' in source) {
    yield* decode(fileChunks(source.path));
  } else if ('url' in source) {
    yield* decode(urlChunks(source.url, source.fetch));
  } else {
    throw new ConfigError({
      subject: 'TextSource',
      expected: 'a string, bytes, {path}, {url} or a function returning chunks',
      received: String(source),
    });
  }
}

async function* decode(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  if (!isNode()) {
    throw new ConfigError({
      subject: 'TextSource',
      expected: 'a {url} or bytes in a browser',
      received: `{path: '${path}'}`,
    });
  }
  const handle = await (await nodeFs()).open(path, 'r');
  try {
    while (true) {
      const buffer = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* urlChunks(url: string, fetchFn = globalThis.fetch): AsyncGenerator<Uint8Array> {
  const response = await fetchFn(url);
  if (!response.ok || response.body == null) {
    await response.body?.cancel();
    throw new SerializationError({
      subject: `Download '${url}'`,
      expected: 'HTTP status 200',
      received: `${response.status} ${response.statusText}`.trim(),
    });
  }
  const reader = response.body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Splits text chunks into lines (on `\n`, dropping a `\r` before it). A last line without a
 * newline is yielded; the empty string after a final newline is not.
 *
 * @example
 * for await (const line of splitLines(textChunks('a\r\nb\n'))) …; // 'a', 'b'
 */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + chunk;
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      yield text.slice(start, end);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  if (carry !== '') yield carry.endsWith('\r') ? carry.slice(0, -1) : carry;
}
