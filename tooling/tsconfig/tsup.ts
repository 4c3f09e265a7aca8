import type { Options } from 'tsup';

/**
 * The build every Strata library uses: ESM + CJS + d.ts from `src/index.ts`, tfjs and sibling
 * packages external. tfjs-core's deep `dist/` imports (its gradient registrations, ESM with
 * extension-less imports that plain Node cannot load) are bundled instead; they share tfjs's
 * global engine and registries.
 */
export function strataTsup(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    clean: true,
    // No shims: tsup's ESM shims import node's path/url, which breaks browser bundles.
    shims: false,
    target: 'es2022',
    external: [/^@tensorflow\/(?!tfjs-core\/dist\/)/, /^@strata\//, /^@stdlib\//],
    noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
    ...overrides,
  };
}
