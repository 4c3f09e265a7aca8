/**
 * The page side of the browser bench, bundled by esbuild: exposes `window.__bench`, which
 * the browser runner calls through `page.evaluate` once per backend.
 */
import { cpuReference, measureBackend, type Reference } from '../measure.js';
import type { BackendName, BackendResult, BenchConfig, ProgressEvent } from '../types.js';

export interface PageEnvironment {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
}

export interface PageBench {
  environment(): PageEnvironment;
  run(backend: BackendName, config: BenchConfig, wasmPaths: string): Promise<BackendResult>;
}

declare global {
  interface Window {
    __bench?: PageBench;
    /** Exposed by the runner (playwright `exposeFunction`): progress back to the terminal. */
    __benchProgress?: (event: ProgressEvent) => Promise<void>;
  }
}

let reference: Promise<Reference> | null = null;

window.__bench = {
  environment: () => ({
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  }),
  run(backend, config, wasmPaths) {
    reference ??= cpuReference(config.seed);
    return measureBackend({
      place: 'chromium',
      backend,
      config,
      reference,
      wasmPaths,
      onProgress: (event) => {
        window.__benchProgress?.(event).catch(() => undefined);
      },
    });
  },
};
