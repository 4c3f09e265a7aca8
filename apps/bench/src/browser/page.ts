/**
 * The page side of the browser bench, bundled by esbuild: exposes `window.__bench`, which
 * the browser runner calls through `page.evaluate` once per backend.
 */
import { selectCases } from '../cases/index.js';
import type { Impl, Suite } from '../cases/train-case.js';
import { cpuReference, measureBackend, type Reference } from '../measure.js';
import {
  type CaseProgress,
  type PeerKernels,
  runTrainingCases,
  type TrainCaseResult,
} from '../train-runner.js';
import type { BackendName, BackendResult, BenchConfig, ProgressEvent } from '../types.js';

/** How the page runs the cases on one backend (the Node CLI's suite settings). */
export interface PageCaseOptions {
  suite: Suite;
  cases?: string[];
  impls: Impl[];
  budgetMs: number;
  stepsPerRound: number;
  minRounds: number;
  maxRounds: number;
  warmupSteps: number;
  peerKernels?: PeerKernels;
}

export interface PageEnvironment {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
}

export interface PageBench {
  environment(): PageEnvironment;
  run(backend: BackendName, config: BenchConfig, wasmPaths: string): Promise<BackendResult>;
  /** The cases on one backend, Strata and tfjs-layers (both bundled here) alternating. */
  runCases(
    backend: BackendName,
    options: PageCaseOptions,
    wasmPaths: string,
  ): Promise<TrainCaseResult[]>;
}

declare global {
  interface Window {
    __bench?: PageBench;
    /** Exposed by the runner (playwright `exposeFunction`): progress back to the terminal. */
    __benchProgress?: (event: ProgressEvent) => Promise<void>;
    __benchCaseProgress?: (event: CaseProgress | string) => Promise<void>;
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
  runCases(backend, options, wasmPaths) {
    return runTrainingCases({
      ...options,
      cases: selectCases(options.suite, options.cases),
      backends: [backend],
      place: 'chromium',
      wasmPaths,
      onProgress: (event) => {
        window.__benchCaseProgress?.(event).catch(() => undefined);
      },
    });
  },
};
