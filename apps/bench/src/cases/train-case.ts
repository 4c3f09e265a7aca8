/** The implementations a training case compares. */
export type Impl = 'strata' | 'tfjs-layers';

/** One implementation of a case, ready to step. */
export interface CaseRunner {
  /** One training step on the next batch; resolves once the loss is read back (synced). */
  step(): Promise<number>;
  /** The loss over a fixed evaluation batch in inference mode (for agreement). */
  evaluate(): Promise<number>;
  dispose(): void;
}

/**
 * A training workload built the same way in every implementation, with the same initial
 * weights (Strata's, copied), so that losses can be compared as well as speed.
 */
export interface TrainCase {
  name: string;
  description: string;
  batchSize: number;
  /** Floating-point operations of one training step per sample (forward + backward). */
  flopsPerSample: number;
  /** Builds both implementations on the active backend, sharing initial weights and data. */
  setup(): Promise<Record<Impl, CaseRunner>>;
}
