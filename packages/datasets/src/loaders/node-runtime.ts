/**
 * Node's built-in modules, loaded only when a Node code path runs, so that importing
 * `@strata/datasets` in a browser pulls in nothing from Node. The magic comments keep webpack
 * and Vite from trying to bundle them for the web.
 */

/** True when running under Node (not a browser, nor a browser-like test environment). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions?.node != null;
}

/** `node:fs/promises`, loaded on first use. */
export function nodeFs(): Promise<typeof import('node:fs/promises')> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
}

/** `node:path`, loaded on first use. */
export function nodePath(): Promise<typeof import('node:path')> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path');
}

/** `node:zlib`, loaded on first use. */
export function nodeZlib(): Promise<typeof import('node:zlib')> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:zlib');
}

/** `node:url`, loaded on first use. */
export function nodeUrl(): Promise<typeof import('node:url')> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:url');
}
