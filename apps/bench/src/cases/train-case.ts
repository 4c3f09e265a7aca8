/**
 * What a bench case is: one workload (a matMul, a training step, an inference call) built
 * the same way in every implementation it compares. One file per case under `src/cases/`,
 * listed in `cases/index.ts`; CNN and RNN cases are added the same way as their packages land.
 */

/** A `--backends` name (Node's cpu/wasm, Chromium's webgl/webgpu/browser-wasm). */
export type QuickBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'browser-wasm';

/** The implementations a case compares. */
export type Impl = 'strata' | 'tfjs-layers' | 'brainjs';
/** Every implementation `--impl` accepts. */
export const IMPLS: readonly Impl[] = ['strata', 'tfjs-layers', 'brainjs'];
/** What runs without `--impl`: the two tfjs-backed implementations. */
export const DEFAULT_IMPLS: readonly Impl[] = ['strata', 'tfjs-layers'];
/**
 * Implementations that do their own math in JS, whatever the tfjs backend: they run once per
 * case, on the Node cpu backend's rows only, and are labelled as such in the report.
 */
export const BACKEND_INDEPENDENT: readonly Impl[] = ['brainjs'];

/** What a case measures: a training step, an inference call, or a bare op. */
export type CaseKind = 'train' | 'infer' | 'op';

/** The suites a case belongs to (`quick` cases also run in `full`). */
export type Suite = 'quick' | 'full';

/** One implementation of a case, ready to step. */
export interface CaseRunner {
  /**
   * One timed step on the next batch; resolves once its result (loss or output) has been
   * read back from the backend, so the sync is inside the timed region.
   */
  step(): Promise<number>;
  /**
   * Values to compare between implementations (same initial weights and inputs): the loss on
   * a fixed batch before training, or the outputs of an inference call.
   */
  evaluate(): Promise<number | ArrayLike<number>>;
  dispose(): void;
  /**
   * For an implementation other than Strata/tfjs-layers: Strata's values comparable with
   * `evaluate()` (same weights and inputs, the peer's model semantics), or absent when no
   * comparison is meaningful (`note` says why).
   */
  reference?(): Promise<ArrayLike<number>>;
  /** How this implementation differs from the case's description (dropout, loss, optimizer). */
  note?: string;
}

/** The runners a case builds: Strata and tfjs-layers always, brain.js where comparable. */
export type CaseRunners = Record<'strata' | 'tfjs-layers', CaseRunner> &
  Partial<Record<Impl, CaseRunner>>;

/** A bench case: a small object with set-up, step, teardown and a FLOP count. */
export interface BenchCase {
  name: string;
  description: string;
  kind: CaseKind;
  /** Samples per step (rows of a matMul, batch of a model). */
  batchSize: number;
  /** Floating-point operations of one step per sample (forward + backward when training). */
  flopsPerSample: number;
  /** The smallest suite this case runs in. */
  suite: Suite;
  /**
   * In `quick`, only these backends run the case (`--backends` names: `wasm` is Node's,
   * `browser-wasm` Chromium's); all of them in `full`. For cases whose steps are too slow on
   * some backends (tfjs-layers conv training on cpu, software WebGL/WebGPU) for a quick run.
   */
  quickBackends?: readonly QuickBackend[];
  /**
   * Backends where a step takes tens of seconds (tfjs-layers' stock cpu conv gradient): there
   * the case runs one warm-up step and `minRounds` rounds of one timed step, whatever the suite.
   */
  slowBackends?: readonly QuickBackend[];
  /** Max |Strata − tfjs-layers| over `evaluate()`'s values that still counts as agreement. */
  tolerance: number;
  /**
   * Builds the implementations on the active backend, sharing initial weights and data
   * (Strata and tfjs-layers always; others only where the case has them).
   */
  setup(): Promise<CaseRunners>;
}

/** A training case (the first kind the bench had). */
export type TrainCase = BenchCase;
