/**
 * The shapes the bench passes around: between the measurement code (Node or page), the
 * runners, the report and the JSON file. Type-only imports from `@strata/core`, so this
 * module loads no tfjs.
 */
import type { BackendInfo, BackendName } from '@strata/core';
import type { TrainCaseResult } from './train-runner.js';

export type { BackendName };

/** Where a backend runs: in this Node process or in headless Chromium. */
export type Place = 'node' | 'chromium';

/** The steps of one backend's measurement, in order (one progress tick each). */
export type Step = 'start' | 'check' | 'warmup' | 'timed';
export const STEPS: readonly Step[] = ['start', 'check', 'warmup', 'timed'];

/** Correctness bounds against the cpu backend (max abs error). */
export const TOLERANCE = { matMul: 1e-3, conv2d: 1e-3 } as const;

/** How to measure: the same object goes to Node and to the page. */
export interface BenchConfig {
  /** n of the n×n·n×n matMul that is timed (default 1024). */
  size: number;
  /** Timed runs at least. */
  minRuns: number;
  /** Timed runs at most. */
  maxRuns: number;
  /** No timed run is started after this many ms of timed runs (min runs still happen). */
  budgetMs: number;
  /** Seed of the random inputs. */
  seed: number;
}

export interface ProgressEvent {
  place: Place;
  backend: BackendName;
  step: Step;
  /** `begin`/`end` of a step; `run` after each timed run. */
  phase: 'begin' | 'end' | 'run';
  /** With `run`: how many timed runs are done, and the last one's time. */
  run?: number;
  ms?: number;
}

export interface CheckResult {
  /** Max abs error of a 67×129·129×33 matMul against the cpu backend. */
  matMulMaxErr: number;
  /** Max abs error of a [2,16,16,3] * [3,3,3,8] conv2d (stride 1, 'same') against cpu. */
  conv2dMaxErr: number;
}

export interface TimingResult {
  /** n of the n³ matMul. */
  size: number;
  /** 2·n³. */
  flop: number;
  /** The first run (shader compilation, uploads), not part of the samples. */
  warmupMs: number;
  /** Every timed run, in order; each includes `await result.data()`. */
  samplesMs: number[];
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  minMs: number;
  /** GFLOP/s at the median. */
  gflops: number;
}

export interface BackendResult {
  place: Place;
  backend: BackendName;
  /** Whether `useBackend` succeeded. */
  started: boolean;
  /** Why it did not start. */
  reason?: string;
  info?: BackendInfo;
  check?: CheckResult;
  timing?: TimingResult;
  /** `memory().numTensors` before starting the backend and after its measurement. */
  tensors?: { before: number; after: number; leaked: number };
  /** A failure after the backend started. */
  error?: string;
}

export interface Environment {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  tfjsCore: string;
  /** Chromium's version, or null when it did not run (see `chromiumReason`). */
  chromium: string | null;
  chromiumReason?: string;
  userAgent?: string;
  /** `navigator.hardwareConcurrency` in the page. */
  browserCores?: number;
  crossOriginIsolated?: boolean;
}

/** Everything one `pnpm bench` produced: what the JSON file holds. */
export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  config: BenchConfig;
  tolerance: typeof TOLERANCE;
  environment: Environment;
  results: BackendResult[];
  /** Console output of the page (warnings, errors), for diagnosis. */
  browserLog: string[];
  /** `quick` or `full`. */
  suite?: string;
  /** The cases (matMul, MLP train/infer, …), every timed step included. */
  cases?: TrainCaseResult[];
  /** Legacy name of `cases` (runs before the case registry). */
  training?: TrainCaseResult[];
}
