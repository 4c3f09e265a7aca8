/**
 * What a bench case is: one workload (a matMul, a training step, an inference call) built
 * the same way in every implementation it compares. One file per case under `src/cases/`,
 * listed in `cases/index.ts`; CNN and RNN cases are added the same way as their packages land.
 */

/** The implementations a case compares. */
export type Impl = 'strata' | 'tfjs-layers';
export const IMPLS: readonly Impl[] = ['strata', 'tfjs-layers'];

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
}

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
  /** Max |Strata − tfjs-layers| over `evaluate()`'s values that still counts as agreement. */
  tolerance: number;
  /** Builds both implementations on the active backend, sharing initial weights and data. */
  setup(): Promise<Record<Impl, CaseRunner>>;
}

/** A training case (the first kind the bench had). */
export type TrainCase = BenchCase;
