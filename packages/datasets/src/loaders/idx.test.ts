import { SerializationError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { gunzip, isGzip } from './gunzip.js';
import { parseIdx, readIdx } from './idx.js';

/** Builds an IDX file by hand: magic 00 00, type code, rank, big-endian dims, then data. */
function idxBytes(typeCode: number, shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, typeCode, shape.length]);
  for (const [i, d] of shape.entries()) view.setUint32(4 + 4 * i, d, false);
  out.set(data, 4 + 4 * shape.length);
  return out;
}

function bigEndianFloat32(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, v] of values.entries()) view.setFloat32(4 * i, v, false);
  return out;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const images = idxBytes(
  0x08,
  [2, 2, 3],
  Uint8Array.from([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]),
);

describe('parseIdx', () => {
  it('decodes a uint8 file: shape from the big-endian dims, values as a view', () => {
    const { dtype, shape, data } = parseIdx(images);
    expect(dtype).toBe('uint8');
    expect(shape).toEqual([2, 2, 3]);
    expect(Array.from(data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(data.buffer).toBe(images.buffer);
  });

  it('decodes big-endian float32 and int32 values', () => {
    const floats = parseIdx(idxBytes(0x0d, [3], bigEndianFloat32([1.5, -2.25, 1e-3])));
    expect(floats.dtype).toBe('float32');
    expect(floats.data).toBeInstanceOf(Float32Array);
    expect(Array.from(floats.data)).toEqual([1.5, -2.25, Math.fround(1e-3)]);
    const ints = parseIdx(
      idxBytes(0x0c, [2], Uint8Array.from([0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe])),
    );
    expect(Array.from(ints.data)).toEqual([256, -2]);
  });

  it('accepts a rank-0 header with one value and a large dimension count', () => {
    expect(parseIdx(idxBytes(0x08, [], Uint8Array.of(7)))).toMatchObject({ shape: [] });
    const wide = parseIdx(idxBytes(0x08, [1, 300], new Uint8Array(300)));
    expect(wide.shape).toEqual([1, 300]);
  });

  it('rejects a bad magic number, naming what it expected', () => {
    const bad = images.slice();
    bad[2] = 0x07;
    expect(() => parseIdx(bad, 'bad.idx')).toThrow(SerializationError);
    expect(() => parseIdx(bad, 'bad.idx')).toThrow(
      "<IDX file 'bad.idx'>: expected magic number 00 00, a type code (08 uint8, 09 int8, 0B int16, 0C int32, 0D float32, 0E float64) and a rank. Received: 00 00 07 03.",
    );
    expect(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0))).toThrow(
      /gzip data: read it with readIdx/,
    );
    expect(() => parseIdx(Uint8Array.of(0, 0))).toThrow(/Received: 2 bytes/);
  });

  it('rejects a truncated file with the expected and received sizes', () => {
    expect(() => parseIdx(images.subarray(0, images.length - 5), 'short.idx')).toThrow(
      "<IDX file 'short.idx'>: expected 12 bytes of uint8 data for shape [2, 2, 3]. Received: 7 bytes (truncated file).",
    );
    expect(() => parseIdx(images.subarray(0, 10))).toThrow(
      'expected a header of 16 bytes for rank 3. Received: 10 bytes.',
    );
    const floats = idxBytes(0x0d, [2], bigEndianFloat32([1, 2]));
    expect(() => parseIdx(floats.subarray(0, floats.length - 1))).toThrow(
      'expected 8 bytes of float32 data for shape [2]. Received: 7 bytes (truncated file).',
    );
  });
});

describe('readIdx', () => {
  it('recognises gzip by its magic bytes and decompresses it', async () => {
    const compressed = await gzip(images);
    expect(isGzip(compressed)).toBe(true);
    expect(isGzip(images)).toBe(false);
    expect(Array.from(await gunzip(compressed))).toEqual(Array.from(images));
    const decoded = await readIdx(compressed);
    expect(decoded.shape).toEqual([2, 2, 3]);
    expect(decoded.data[11]).toBe(255);
    expect((await readIdx(images.slice().buffer)).shape).toEqual([2, 2, 3]);
  });
});
