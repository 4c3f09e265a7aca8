import { io, SerializationError } from '@strata/core';
import { fileSystemHandler } from './file-system-handler.js';

/** Where a model is saved to or loaded from: a path or URL, or a tfjs `IOHandler`. */
export type ModelLocation = string | io.IOHandler;

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/** True in Node (and Deno, Bun), false in browsers and workers. */
export function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    p?.versions?.node != null && typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/**
 * The `IOHandler` for a location: a handler is used as is; `file://` URLs and, in Node,
 * plain paths get {@link fileSystemHandler}; other URLs go through tfjs's IO router
 * (`http://`, `https://`, `indexeddb://`, `localstorage://`, `downloads://`); in a browser a
 * plain string is a relative URL, loaded over HTTP.
 *
 * @throws SerializationError when nothing handles the location.
 * @example
 * const handler = await resolveHandler('indexeddb://mlp', 'save');
 */
export async function resolveHandler(
  location: ModelLocation,
  kind: 'save' | 'load',
): Promise<io.IOHandler> {
  if (typeof location !== 'string') return location;
  if (location.startsWith('file://')) {
    const url = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:url');
    return fileSystemHandler(url.fileURLToPath(location));
  }
  if (!SCHEME.test(location) && inNode()) return fileSystemHandler(location);
  const handlers = kind === 'save' ? io.getSaveHandlers(location) : io.getLoadHandlers(location);
  if (handlers.length === 1) return handlers[0];
  if (handlers.length === 0 && kind === 'load' && !SCHEME.test(location)) return io.http(location);
  throw new SerializationError({
    subject: `Location '${location}'`,
    expected: `one tfjs IO handler to ${kind} it (a directory or file:// URL in Node; http://, indexeddb://, localstorage:// or downloads:// in a browser)`,
    received: `${handlers.length} handlers`,
  });
}
