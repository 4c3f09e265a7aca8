/**
 * Runs bench cases (training, inference, ops) on the active tfjs engine, Strata and
 * tfjs-layers alternating A B A B per backend, in this Node process (and, built the same
 * way, in a page). A failure is a result: it is recorded and the run goes on.
 */
import { type BackendName, memory, profile, suspendKernelGaps, useBackend } from '@strata/core';
import {
  BACKEND_INDEPENDENT,
  type BenchCase,
  type CaseKind,
  type CaseRunner,
  type CaseRunners,
  DEFAULT_IMPLS,
  IMPLS,
  type Impl,
  type Suite,
} from './cases/train-case.js';
import { gflops, maxAbsDiff, median, percentile } from './stats.js';
import type { Place } from './types.js';

export interface ImplResult {
  impl: Impl;
  /** The first steps (graph set-up, optimizer slots, shader compilation), not in the samples. */
  warmupMs: number[];
  /** Every timed step, in order; each includes reading its result back. */
  samplesMs: number[];
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  samplesPerSec: number;
  gflops: number;
  /** `gflops` over the best matMul GFLOP/s of the same backend (set by the CLI). */
  matMulFraction?: number | null;
  /** The loss on a fixed batch before training (train) or the first output value. */
  initialLoss: number;
  /** Tensors left per step over the timed rounds (should be 0). */
  leakedPerStep: number;
  /**
   * `memory().numBytes` peak during one profiled step (outside the timed region), less what
   * the engine held before the case was set up: weights, data, optimizer state, intermediates.
   */
  peakBytes?: number;
  /** Largest process RSS seen after a step (Node only). */
  peakRssBytes?: number;
  /** The first `EVALUATE_PREFIX` values of `evaluate()`, to compare with cpu across places. */
  values?: number[];
  /** Max |this − the same impl on Node cpu| over `values` (set by `addCpuAgreement`). */
  vsCpu?: number | null;
  /**
   * brain.js (and other non-tfjs impls): max |this − Strata's comparable values| (see
   * `CaseRunner.reference`), or null when not comparable (`note` says why).
   */
  vsStrata?: number | null;
  /** How this implementation's model differs from the case description. */
  note?: string;
  /** True for an implementation that ignores the tfjs backend (its own JS math). */
  backendIndependent?: boolean;
  error?: string;
}

export interface TrainCaseResult {
  case: string;
  description: string;
  kind?: CaseKind;
  place?: Place;
  backend: BackendName;
  batchSize: number;
  flopsPerSample: number;
  impls: ImplResult[];
  /** Strata's samples/s over tfjs-layers'. */
  ratio: number | null;
  /** |initial loss Strata − initial loss tfjs-layers|. */
  initialLossDiff: number | null;
  /** Max |Strata − tfjs-layers| over the case's `evaluate()` values (same weights and inputs). */
  agreement?: number | null;
  tolerance?: number;
  /** Which kernels the other implementations ran on (see `TrainRunOptions.peerKernels`). */
  peerKernels?: PeerKernels;
  error?: string;
}
export type CaseResult = TrainCaseResult;

/**
 * The kernels tfjs-layers (and any other tfjs-based peer) runs on: `'stock'` — tfjs's own,
 * with Strata's kernel gaps suspended during its steps (what a tfjs-layers user gets; a
 * kernel tfjs lacks fails, and that failure is the result) — or `'shared'`, Strata's
 * registered kernels included (they are process-wide, so tfjs-layers would profit from them).
 */
export type PeerKernels = 'stock' | 'shared';

/** Where the run is, for a progress bar over case × backend × implementation. */
export interface CaseProgress {
  case: string;
  backend: BackendName;
  impl: Impl | null;
  label: string;
  /** Units (case × backend × impl) completed so far in this run, fractional mid-case. */
  completed: number;
}

export interface TrainRunOptions {
  cases: readonly BenchCase[];
  backends: readonly BackendName[];
  impls?: readonly Impl[];
  place?: Place;
  /** Timed steps per implementation per round. */
  stepsPerRound?: number;
  /** Rounds A B A B …; at least `minRounds`, no new round after `budgetMs`. */
  minRounds?: number;
  maxRounds?: number;
  budgetMs?: number;
  warmupSteps?: number;
  /** wasm in a page: the URL prefix of the `.wasm` binaries. */
  wasmPaths?: string;
  /** The suite being run: in `quick`, a case with `quickBackends` skips the other backends. */
  suite?: Suite;
  /** Default `'stock'`. */
  peerKernels?: PeerKernels;
  onProgress?: (progress: CaseProgress | string) => void;
}

/** How many of `evaluate()`'s values a result keeps for the comparison with cpu. */
export const EVALUATE_PREFIX = 256;

/** Max |x − cpu| of a case's evaluate values that still counts as agreement with cpu. */
export const CPU_TOLERANCE = 1e-3;

/**
 * Compares every result's evaluate values with the same case and implementation on Node cpu
 * (fills `vsCpu`); returns one line per disagreement beyond `CPU_TOLERANCE`.
 */
export function addCpuAgreement(results: readonly TrainCaseResult[]): string[] {
  const failures: string[] = [];
  const reference = (name: string, impl: Impl) =>
    results
      .find((r) => r.case === name && r.backend === 'cpu' && (r.place ?? 'node') === 'node')
      ?.impls.find((s) => s.impl === impl)?.values;
  for (const r of results) {
    if (r.backend === 'cpu' && (r.place ?? 'node') === 'node') continue;
    for (const s of r.impls) {
      const ref = reference(r.case, s.impl);
      if (ref == null || s.values == null) continue;
      s.vsCpu = maxAbsDiff(s.values, ref);
      if (!(s.vsCpu <= CPU_TOLERANCE)) {
        failures.push(
          `${r.place ?? 'node'} ${r.backend} ${r.case} ${s.impl}: max |x − cpu| ${s.vsCpu} > ${CPU_TOLERANCE}`,
        );
      }
    }
  }
  return failures;
}

/** Measures every case on every backend; a failure is a result, and the run goes on. */
export async function runTrainingCases(options: TrainRunOptions): Promise<TrainCaseResult[]> {
  const {
    cases,
    backends,
    impls = DEFAULT_IMPLS,
    place = 'node',
    stepsPerRound = 5,
    minRounds = 1,
    maxRounds = 6,
    budgetMs = 30_000,
    warmupSteps = 3,
    wasmPaths,
    suite,
    peerKernels = 'stock',
    onProgress,
  } = options;
  const results: TrainCaseResult[] = [];
  let completed = 0;
  const rss = (): number | undefined =>
    typeof process !== 'undefined' && typeof process.memoryUsage === 'function'
      ? process.memoryUsage().rss
      : undefined;
  for (const backend of backends) {
    for (const c of cases) {
      const named = place === 'chromium' && backend === 'wasm' ? 'browser-wasm' : backend;
      if (suite === 'quick' && c.quickBackends != null && !c.quickBackends.includes(named)) {
        // Too slow for `quick` on this backend (it runs there in `full`).
        completed += impls.length;
        continue;
      }
      const result: TrainCaseResult = {
        case: c.name,
        description: c.description,
        kind: c.kind,
        place,
        backend,
        batchSize: c.batchSize,
        flopsPerSample: c.flopsPerSample,
        impls: [],
        ratio: null,
        initialLossDiff: null,
        agreement: null,
        tolerance: c.tolerance,
        peerKernels,
      };
      results.push(result);
      const slow = c.slowBackends?.includes(named) === true;
      const warmups = slow ? Math.min(1, warmupSteps) : warmupSteps;
      const perRound = slow ? 1 : stepsPerRound;
      const rounds = slow ? minRounds : maxRounds;
      const base = completed;
      const tick = (impl: Impl | null, label: string, fraction: number) =>
        onProgress?.({
          case: c.name,
          backend,
          impl,
          label: `${c.name} × ${backend}${impl ? ` × ${impl}` : ''}: ${label}`,
          completed: base + fraction * impls.length,
        });
      let runners: CaseRunners | null = null;
      try {
        await useBackend(backend, wasmPaths != null ? { wasmPaths } : {});
        tick(null, 'setting up', 0);
        const baselineBytes = memory().numBytes;
        const built = await c.setup();
        runners = built;
        // brain.js & co. run only where the case has them, and once: on Node's cpu rows.
        const caseImpls = impls.filter(
          (impl) =>
            built[impl] != null &&
            (!BACKEND_INDEPENDENT.includes(impl) || (backend === 'cpu' && place === 'node')),
        );
        const runnerOf = (impl: Impl) => built[impl] as CaseRunner;
        // Everything but Strata runs on tfjs's stock kernels unless asked otherwise.
        const asImpl = async <T>(impl: Impl, work: () => Promise<T>): Promise<T> => {
          if (impl === 'strata' || peerKernels === 'shared') return work();
          const resume = suspendKernelGaps(backend);
          try {
            return await work();
          } finally {
            resume();
          }
        };
        const state = new Map<Impl, ImplResult>();
        const values = new Map<Impl, ArrayLike<number>>();
        for (const impl of caseImpls) {
          const s: ImplResult = {
            impl,
            warmupMs: [],
            samplesMs: [],
            medianMs: Number.NaN,
            p10Ms: Number.NaN,
            p90Ms: Number.NaN,
            samplesPerSec: Number.NaN,
            gflops: Number.NaN,
            initialLoss: Number.NaN,
            leakedPerStep: 0,
          };
          state.set(impl, s);
          const runner = runnerOf(impl);
          if (BACKEND_INDEPENDENT.includes(impl)) s.backendIndependent = true;
          if (runner.note != null) s.note = runner.note;
          try {
            const v = await asImpl(impl, () => runner.evaluate());
            const arr = typeof v === 'number' ? [v] : v;
            values.set(impl, arr);
            s.initialLoss = arr[0];
            s.values = Array.from(arr).slice(0, EVALUATE_PREFIX);
            if (impl !== 'strata' && impl !== 'tfjs-layers') {
              s.vsStrata =
                runner.reference != null ? maxAbsDiff(arr, await runner.reference()) : null;
            }
          } catch (error) {
            s.error = messageOf(error);
          }
        }
        // Warm-up (reported apart), then one profiled step for peak memory, per impl.
        for (const impl of caseImpls) {
          const s = state.get(impl) as ImplResult;
          if (s.error != null) continue;
          tick(impl, 'warm-up', 0);
          try {
            const runner = runnerOf(impl);
            const info = await asImpl(impl, async () => {
              for (let k = 0; k < warmups; k++) s.warmupMs.push(await timeStep(runner));
              return profile(async () => {
                await runner.step();
              });
            });
            s.peakBytes = Math.max(0, info.peakBytes - baselineBytes);
            s.peakRssBytes = rss();
          } catch (error) {
            s.error = messageOf(error);
          }
        }
        const started = performance.now();
        for (let round = 0; round < rounds; round++) {
          if (round >= minRounds && performance.now() - started > budgetMs) break;
          for (const impl of caseImpls) {
            const s = state.get(impl) as ImplResult;
            if (s.error != null) continue;
            try {
              const before = memory().numTensors;
              await asImpl(impl, async () => {
                for (let k = 0; k < perRound; k++) {
                  s.samplesMs.push(await timeStep(runnerOf(impl)));
                  const r = rss();
                  if (r != null) s.peakRssBytes = Math.max(s.peakRssBytes ?? 0, r);
                }
              });
              s.leakedPerStep = Math.max(
                s.leakedPerStep,
                (memory().numTensors - before) / perRound,
              );
            } catch (error) {
              s.error = messageOf(error);
            }
            tick(
              impl,
              `round ${round + 1}, ${median(s.samplesMs).toFixed(1)} ms/step`,
              (round + 1) / rounds,
            );
          }
        }
        for (const s of state.values()) {
          if (s.samplesMs.length > 0) {
            s.medianMs = median(s.samplesMs);
            s.p10Ms = percentile(s.samplesMs, 10);
            s.p90Ms = percentile(s.samplesMs, 90);
            s.samplesPerSec = (c.batchSize * 1000) / s.medianMs;
            s.gflops = gflops(c.flopsPerSample * c.batchSize, s.medianMs);
          }
          result.impls.push(s);
        }
        const a = state.get('strata');
        const b = state.get('tfjs-layers');
        if (a != null && b != null && a.samplesMs.length > 0 && b.samplesMs.length > 0) {
          result.ratio = a.samplesPerSec / b.samplesPerSec;
        }
        const va = values.get('strata');
        const vb = values.get('tfjs-layers');
        if (va != null && vb != null) {
          result.initialLossDiff = Math.abs(va[0] - vb[0]);
          result.agreement = maxAbsDiff(va, vb);
        }
      } catch (error) {
        result.error = messageOf(error);
      } finally {
        if (runners != null) {
          for (const impl of IMPLS) {
            try {
              runners[impl]?.dispose();
            } catch {
              // a failed set-up may leave half-built models; nothing more to free
            }
          }
        }
        completed = base + impls.length;
        tick(null, result.error ? 'failed' : 'done', 1);
      }
    }
  }
  return results;
}

/** Cases whose implementations disagree beyond the case's tolerance. */
export function agreementFailures(results: readonly TrainCaseResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.agreement == null || r.tolerance == null) continue;
    if (!(r.agreement <= r.tolerance)) {
      out.push(
        `${r.place ?? 'node'} ${r.backend} ${r.case}: Strata vs tfjs-layers max |Δ| ${r.agreement} > ${r.tolerance}`,
      );
    }
  }
  return out;
}

async function timeStep(runner: CaseRunner): Promise<number> {
  const t0 = performance.now();
  const loss = await runner.step();
  const ms = performance.now() - t0;
  if (!Number.isFinite(loss)) throw new Error(`a step returned ${loss}`);
  return ms;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The training table in Markdown (kept for the old report shape; see report.ts). */
export function trainingTable(results: TrainCaseResult[]): string {
  const rows = [
    '| case | backend | impl | median ms/step | p10–p90 ms | samples/s | GFLOP/s | Strata ÷ tfjs-layers | initial loss | leaked/step |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.error != null || r.impls.length === 0) {
      rows.push(`| ${r.case} | ${r.backend} | — | failed: ${r.error ?? 'no result'} | | | | | | |`);
      continue;
    }
    for (const s of r.impls) {
      rows.push(
        `| ${r.case} | ${r.backend} | ${s.impl} | ${s.medianMs.toFixed(1)} | ${s.p10Ms.toFixed(1)}–${s.p90Ms.toFixed(1)} | ${Math.round(s.samplesPerSec)} | ${s.gflops.toFixed(2)} | ${s.impl === 'strata' && r.ratio != null ? `**${r.ratio.toFixed(2)}×**` : ''} | ${s.initialLoss.toFixed(5)} | ${s.leakedPerStep} |`,
      );
    }
  }
  return rows.join('\n');
}
