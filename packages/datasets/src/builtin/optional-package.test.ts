import { describe, expect, it } from 'vitest';
import { importOptionalPackage, MissingPackageError } from './optional-package.js';

describe('importOptionalPackage', () => {
  it('says which package to install when the import fails', async () => {
    const name = '@stdlib/datasets-does-not-exist';
    const error = await importOptionalPackage(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingPackageError);
    expect((error as MissingPackageError).packageName).toBe(name);
    expect((error as Error).message).toMatch(
      /^<@stdlib\/datasets-does-not-exist>: expected the optional package to be installed: npm i @stdlib\/datasets-does-not-exist\. Received: an import error/,
    );
  });

  it("unwraps a CommonJS module's default export", async () => {
    const fn = () => 42;
    expect(await importOptionalPackage('x', async () => ({ default: fn }))).toBe(fn);
    expect(await importOptionalPackage('x', async () => fn)).toBe(fn);
  });
});
