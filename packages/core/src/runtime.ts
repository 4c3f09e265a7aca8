/** True when running in Node (not a browser, not a worker). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    p?.versions?.node != null && typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/**
 * In Node, the installed `@tensorflow/tfjs-backend-wasm` package's `dist/` folder (with a
 * trailing slash), where its `.wasm` binaries are; null when it cannot be resolved (for
 * instance from inside a bundle whose folder has no `node_modules`).
 */
export async function nodeWasmDir(): Promise<string | null> {
  try {
    // Hidden from bundlers: this branch only runs in Node.
    const specifier = 'node:module';
    const { createRequire } = (await import(
      /* @vite-ignore */ specifier
    )) as typeof import('node:module');
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    return `${manifest.slice(0, -'package.json'.length)}dist/`;
  } catch {
    return null;
  }
}
