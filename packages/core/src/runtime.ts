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
    // Resolve from this module (ESM: import.meta.url; CJS build: __filename), then from the
    // working directory, where an application's own node_modules usually is.
    const bases = [
      typeof __filename === 'string' ? __filename : undefined,
      import.meta.url,
      `${process.cwd()}/package.json`,
    ];
    for (const base of bases) {
      if (!base) continue;
      try {
        const manifest = createRequire(base).resolve('@tensorflow/tfjs-backend-wasm/package.json');
        return `${manifest.slice(0, -'package.json'.length)}dist/`;
      } catch {
        // not resolvable from here: try the next base
      }
    }
    return null;
  } catch {
    return null;
  }
}
