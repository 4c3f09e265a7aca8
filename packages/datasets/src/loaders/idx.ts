import { formatShape, SerializationError } from '@strata/core';
import type { FetchBytesOptions } from './fetch-bytes.js';
import { isGzip } from './gunzip.js';
import { type ByteSource, readBytes, sourceName } from './read-bytes.js';

/** Element types of the IDX format. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A decoded IDX file: its element type, its dimensions and its values in row-major order. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPE_CODES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

const MAGIC =
  'magic number 00 00, a type code (08 uint8, 09 int8, 0B int16, 0C int32, 0D float32, 0E float64) and a rank';

function hex(bytes: Uint8Array, n: number): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Decodes an IDX file (the format of MNIST and Fashion-MNIST): a 4-byte magic number — two
 * zero bytes, a type code, the rank — then one big-endian uint32 per dimension, then the
 * values, big-endian. uint8 and int8 data are views on `bytes` (no copy).
 *
 * Shapes: a `[60000, 28, 28]` images file gives `shape` `[60000, 28, 28]` and 47,040,000 values.
 *
 * @example
 * const { dtype, shape, data } = parseIdx(bytes); // 'uint8', [10000], Uint8Array(10000)
 */
export function parseIdx(bytes: Uint8Array, name = 'bytes'): IdxArray {
  const fail = (expected: string, received: string) =>
    new SerializationError({ subject: `IDX file '${name}'`, expected, received });
  if (bytes.length < 4) throw fail(MAGIC, `${bytes.length} bytes`);
  const type = TYPE_CODES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type == null) {
    const gz = isGzip(bytes) ? ' (gzip data: read it with readIdx, which decompresses)' : '';
    throw fail(MAGIC, `${hex(bytes, 4)}${gz}`);
  }
  const rank = bytes[3];
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw fail(`a header of ${headerLength} bytes for rank ${rank}`, `${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  const dataLength = bytes.length - headerLength;
  if (dataLength !== size * type.bytes) {
    throw fail(
      `${size * type.bytes} bytes of ${type.dtype} data for shape ${formatShape(shape)}`,
      `${dataLength} bytes${dataLength < size * type.bytes ? ' (truncated file)' : ''}`,
    );
  }
  return { dtype: type.dtype, shape, data: decodeValues(view, headerLength, size, type.dtype) };
}

function decodeValues(
  view: DataView,
  offset: number,
  size: number,
  dtype: IdxDtype,
): IdxArray['data'] {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer, start, size);
    case 'int8':
      return new Int8Array(view.buffer, start, size);
    case 'int16': {
      const out = new Int16Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Reads and decodes an IDX file from bytes, a file path (Node) or a URL (with an optional
 * cache directory); gzip files are recognised by their magic bytes and decompressed.
 *
 * @example
 * const labels = await readIdx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * labels.shape; // [10000]
 */
export async function readIdx(
  source: ByteSource,
  options: FetchBytesOptions = {},
): Promise<IdxArray> {
  return parseIdx(await readBytes(source, options), sourceName(source));
}
