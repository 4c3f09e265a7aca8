import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'es2022',
  // tfjs-core's gradient registrations are ESM with extension-less imports that plain Node
  // cannot load: bundle that deep import (it shares tfjs's global engine and registries).
  external: [/^@tensorflow\/(?!tfjs-core\/dist\/)/],
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
