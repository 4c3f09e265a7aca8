import { isNode, nodeZlib } from './node-runtime.js';

/** True if `bytes` start with the gzip magic number `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes: with `node:zlib` under Node (off the main thread), with the
 * standard `DecompressionStream('gzip')` in browsers.
 *
 * @example
 * const raw = isGzip(bytes) ? await gunzip(bytes) : bytes;
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (isNode()) {
    const zlib = await nodeZlib();
    const out = await new Promise<Uint8Array>((resolve, reject) =>
      zlib.gunzip(bytes, (error, result) => (error ? reject(error) : resolve(result))),
    );
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
