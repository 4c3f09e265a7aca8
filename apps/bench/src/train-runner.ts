/** Runs training cases in this Node process, Strata and tfjs-layers alternating per backend. */
import { type BackendName, memory, useBackend } from '@strata/core';
import type { CaseRunner, Impl, TrainCase } from './cases/train-case.js';
import { gflops, median, percentile } from './stats.js';

export interface ImplResult {
  impl: Impl;
  /** The first steps (graph set-up, optimizer slots), not part of the samples. */
  warmupMs: number[];
  /** Every timed step, in order; each includes reading the loss back. */
  samplesMs: number[];
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  samplesPerSec: number;
  gflops: number;
  /** Inference loss on a fixed batch before training (same initial weights in both). */
  initialLoss: number;
  /** Tensors left per step after the warm-up (should be 0). */
  leakedPerStep: number;
  error?: string;
}

export interface TrainCaseResult {
  case: string;
  description: string;
  backend: BackendName;
  batchSize: number;
  flopsPerSample: number;
  impls: ImplResult[];
  /** Strata's samples/s over tfjs-layers'. */
  ratio: number | null;
  /** |initial loss Strata − initial loss tfjs-layers|. */
  initialLossDiff: number | null;
  error?: string;
}

export interface TrainRunOptions {
  cases: TrainCase[];
  backends: readonly BackendName[];
  /** Timed steps per implementation per round. */
  stepsPerRound?: number;
  /** Rounds A B A B …; stop starting rounds after `budgetMs`. */
  maxRounds?: number;
  budgetMs?: number;
  warmupSteps?: number;
  onProgress?: (label: string) => void;
}

const IMPLS: Impl[] = ['strata', 'tfjs-layers'];

/** Measures every case on every backend; a failure is a result, and the run goes on. */
export async function runTrainingCases(options: TrainRunOptions): Promise<TrainCaseResult[]> {
  const {
    cases,
    backends,
    stepsPerRound = 5,
    maxRounds = 6,
    budgetMs = 30_000,
    warmupSteps = 3,
    onProgress,
  } = options;
  const results: TrainCaseResult[] = [];
  for (const backend of backends) {
    for (const c of cases) {
      const result: TrainCaseResult = {
        case: c.name,
        description: c.description,
        backend,
        batchSize: c.batchSize,
        flopsPerSample: c.flopsPerSample,
        impls: [],
        ratio: null,
        initialLossDiff: null,
      };
      results.push(result);
      let runners: Record<Impl, CaseRunner> | null = null;
      try {
        await useBackend(backend);
        onProgress?.(`${c.name} on ${backend}: setting up`);
        runners = await c.setup();
        const state = new Map<Impl, ImplResult>();
        for (const impl of IMPLS) {
          state.set(impl, {
            impl,
            warmupMs: [],
            samplesMs: [],
            medianMs: 0,
            p10Ms: 0,
            p90Ms: 0,
            samplesPerSec: 0,
            gflops: 0,
            initialLoss: await runners[impl].evaluate(),
            leakedPerStep: 0,
          });
        }
        for (const impl of IMPLS) {
          const s = state.get(impl) as ImplResult;
          for (let k = 0; k < warmupSteps; k++) s.warmupMs.push(await timeStep(runners[impl]));
        }
        const started = performance.now();
        for (let round = 0; round < maxRounds; round++) {
          if (round > 0 && performance.now() - started > budgetMs) break;
          for (const impl of IMPLS) {
            const s = state.get(impl) as ImplResult;
            const before = memory().numTensors;
            for (let k = 0; k < stepsPerRound; k++) s.samplesMs.push(await timeStep(runners[impl]));
            s.leakedPerStep = Math.max(
              s.leakedPerStep,
              (memory().numTensors - before) / stepsPerRound,
            );
            onProgress?.(
              `${c.name} on ${backend}: round ${round + 1}, ${impl} ${median(s.samplesMs).toFixed(1)} ms/step`,
            );
          }
        }
        for (const s of state.values()) {
          s.medianMs = median(s.samplesMs);
          s.p10Ms = percentile(s.samplesMs, 10);
          s.p90Ms = percentile(s.samplesMs, 90);
          s.samplesPerSec = (c.batchSize * 1000) / s.medianMs;
          s.gflops = gflops(c.flopsPerSample * c.batchSize, s.medianMs);
          result.impls.push(s);
        }
        const [a, b] = [state.get('strata') as ImplResult, state.get('tfjs-layers') as ImplResult];
        result.ratio = a.samplesPerSec / b.samplesPerSec;
        result.initialLossDiff = Math.abs(a.initialLoss - b.initialLoss);
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      } finally {
        if (runners != null) for (const impl of IMPLS) runners[impl].dispose();
      }
    }
  }
  return results;
}

async function timeStep(runner: CaseRunner): Promise<number> {
  const t0 = performance.now();
  const loss = await runner.step();
  const ms = performance.now() - t0;
  if (!Number.isFinite(loss)) throw new Error(`a training step returned loss ${loss}`);
  return ms;
}

/** The training table in Markdown. */
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
