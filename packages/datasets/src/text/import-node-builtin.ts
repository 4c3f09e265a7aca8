/**
 * Imports a Node built-in module (`node:fs`, …) through a non-literal specifier, so that
 * bundlers building for the browser neither try to resolve nor include it; only Node code
 * paths (file reading and writing) call this. The same device as `@strata/core`'s runtime.
 */
export function importNodeBuiltin<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}
