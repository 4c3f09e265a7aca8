/**
 * The measurement, shared by Node (node-runner.ts) and the page (browser/page.ts): start a
 * backend, check a matMul and a conv2d against the cpu backend, then time an n³ matMul.
 */
import {
  type BackendName,
  BackendUnavailableError,
  conv2d,
  dispose,
  matMul,
  memory,
  type Tensor,
  tensor2d,
  tensor4d,
  useBackend,
} from '@strata/core';
import { gflops, matMulFlop, maxAbsDiff, median, percentile, seededUniform } from './stats.js';
import type {
  BackendResult,
  BenchConfig,
  CheckResult,
  Place,
  ProgressEvent,
  TimingResult,
} from './types.js';

/** Shapes of the correctness check. */
export const CHECK = {
  matMul: { a: [67, 129], b: [129, 33] },
  conv2d: { x: [2, 16, 16, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
} as const;

/** What the cpu backend computes for the check inputs. */
export interface Reference {
  matMul: Float32Array;
  conv2d: Float32Array;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface MeasureOptions {
  place: Place;
  backend: BackendName;
  config: BenchConfig;
  /** The cpu result (computed once per place with `cpuReference`). */
  reference: Promise<Reference>;
  /** wasm: where the `.wasm` binaries are (URL prefix with a trailing slash in browsers). */
  wasmPaths?: string;
  onProgress?: ProgressListener;
}

/** Runs the check on the cpu backend: the values every backend is compared with. */
export async function cpuReference(seed: number): Promise<Reference> {
  await useBackend('cpu');
  return runCheck(seed);
}

/**
 * Measures one backend. Never throws: a backend that does not start comes back with
 * `started: false` and the reason; a failure after the start comes back as `error`.
 */
export async function measureBackend(options: MeasureOptions): Promise<BackendResult> {
  const { place, backend, config, onProgress } = options;
  const emit = (step: ProgressEvent['step'], phase: ProgressEvent['phase'], extra = {}) =>
    onProgress?.({ place, backend, step, phase, ...extra });
  const result: BackendResult = { place, backend, started: false };

  emit('start', 'begin');
  let reference: Reference;
  try {
    reference = await options.reference;
  } catch (error) {
    result.reason = `the cpu reference could not be computed: ${messageOf(error)}`;
    return result;
  }
  const before = memory().numTensors;
  try {
    result.info = await useBackend(
      backend,
      options.wasmPaths != null ? { wasmPaths: options.wasmPaths } : {},
    );
    result.started = true;
  } catch (error) {
    result.reason = error instanceof BackendUnavailableError ? error.reason : messageOf(error);
    return result;
  }
  emit('start', 'end');

  try {
    emit('check', 'begin');
    result.check = compare(await runCheck(config.seed), reference);
    emit('check', 'end');
    result.timing = await timeMatMul(config, emit);
  } catch (error) {
    result.error = messageOf(error);
  } finally {
    const after = memory().numTensors;
    result.tensors = { before, after, leaked: after - before };
  }
  return result;
}

function compare(got: Reference, reference: Reference): CheckResult {
  return {
    matMulMaxErr: maxAbsDiff(got.matMul, reference.matMul),
    conv2dMaxErr: maxAbsDiff(got.conv2d, reference.conv2d),
  };
}

/** The check on the active backend: seeded inputs, results read back, everything disposed. */
async function runCheck(seed: number): Promise<Reference> {
  const { a, b } = CHECK.matMul;
  const { x, filter, strides, pad } = CHECK.conv2d;
  const owned: Tensor[] = [];
  const own = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const ta = own(tensor2d(seededUniform(a[0] * a[1], seed), [a[0], a[1]]));
    const tb = own(tensor2d(seededUniform(b[0] * b[1], seed + 1), [b[0], b[1]]));
    const tx = own(tensor4d(seededUniform(size(x), seed + 2), [x[0], x[1], x[2], x[3]]));
    const tf = own(
      tensor4d(seededUniform(size(filter), seed + 3), [filter[0], filter[1], filter[2], filter[3]]),
    );
    const mm = own(matMul(ta, tb));
    const conv = own(conv2d(tx, tf, strides, pad));
    return {
      matMul: (await mm.data()) as Float32Array,
      conv2d: (await conv.data()) as Float32Array,
    };
  } finally {
    dispose(owned);
  }
}

/** One warm-up run, then timed runs until `minRuns` are done and the budget is spent. */
async function timeMatMul(
  config: BenchConfig,
  emit: (step: ProgressEvent['step'], phase: ProgressEvent['phase'], extra?: object) => void,
): Promise<TimingResult> {
  const n = config.size;
  const a = tensor2d(seededUniform(n * n, config.seed + 4), [n, n]);
  const b = tensor2d(seededUniform(n * n, config.seed + 5), [n, n]);
  try {
    emit('warmup', 'begin');
    const warmupMs = await timeOnce(a, b);
    emit('warmup', 'end', { ms: warmupMs });

    emit('timed', 'begin');
    const samplesMs: number[] = [];
    const start = performance.now();
    while (
      samplesMs.length < config.minRuns ||
      (samplesMs.length < config.maxRuns && performance.now() - start < config.budgetMs)
    ) {
      const ms = await timeOnce(a, b);
      samplesMs.push(ms);
      emit('timed', 'run', { run: samplesMs.length, ms });
    }
    emit('timed', 'end');

    const flop = matMulFlop(n);
    const medianMs = median(samplesMs);
    return {
      size: n,
      flop,
      warmupMs,
      samplesMs,
      medianMs,
      p10Ms: percentile(samplesMs, 10),
      p90Ms: percentile(samplesMs, 90),
      minMs: Math.min(...samplesMs),
      gflops: gflops(flop, medianMs),
    };
  } finally {
    dispose([a, b]);
  }
}

/** One matMul with the read-back inside the timed region. */
async function timeOnce(a: Tensor, b: Tensor): Promise<number> {
  const start = performance.now();
  const c = matMul(a, b);
  try {
    await c.data();
    return performance.now() - start;
  } finally {
    c.dispose();
  }
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
