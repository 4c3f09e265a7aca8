import { getKernel } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { matMulCase } from './cases/matmul.js';
import { mlpInfer } from './cases/mlp-infer.js';
import type { BenchCase } from './cases/train-case.js';
import {
  addCpuAgreement,
  agreementFailures,
  type CaseProgress,
  runTrainingCases,
} from './train-runner.js';

// Smoke runs of tiny cases on cpu: shapes, agreement and bookkeeping, no timing thresholds.
describe('runTrainingCases (smoke, cpu)', () => {
  it('runs a 64³ matMul, both implementations alternating, and they agree', async () => {
    const progress: CaseProgress[] = [];
    const [r] = await runTrainingCases({
      cases: [matMulCase(64, 'quick')],
      backends: ['cpu'],
      stepsPerRound: 2,
      minRounds: 2,
      maxRounds: 2,
      budgetMs: 0,
      warmupSteps: 1,
      onProgress: (p) => {
        if (typeof p !== 'string') progress.push(p);
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.impls.map((s) => s.impl)).toEqual(['strata', 'tfjs-layers']);
    for (const s of r.impls) {
      expect(s.error).toBeUndefined();
      expect(s.warmupMs).toHaveLength(1);
      expect(s.samplesMs).toHaveLength(4);
      expect(s.samplesPerSec).toBeGreaterThan(0);
      expect(s.leakedPerStep).toBe(0);
      expect(s.peakBytes).toBeGreaterThan(0);
    }
    expect(r.agreement).toBeLessThanOrEqual(1e-4);
    expect(r.ratio).toBeGreaterThan(0);
    expect(agreementFailures([r])).toEqual([]);
    expect(progress.at(-1)?.completed).toBe(2);
    expect(new Set(progress.map((p) => p.impl))).toEqual(new Set([null, 'strata', 'tfjs-layers']));
  });

  it('predicts with the same weights in Strata and tfjs-layers, on wasm as on cpu', async () => {
    const results = await runTrainingCases({
      cases: [mlpInfer(2)],
      backends: ['cpu', 'wasm'],
      stepsPerRound: 1,
      maxRounds: 1,
      warmupSteps: 1,
    });
    const [r, w] = results;
    expect(r.error).toBeUndefined();
    expect(r.agreement).toBeLessThanOrEqual(1e-5);
    expect(r.impls.every((s) => s.leakedPerStep === 0)).toBe(true);
    expect(r.impls[0].values).toHaveLength(20); // 2 samples × 10 classes
    expect(addCpuAgreement(results)).toEqual([]);
    expect(r.impls[0].vsCpu).toBeUndefined();
    for (const s of w.impls) expect(s.vsCpu).toBeLessThanOrEqual(1e-5);
    w.impls[1].values = w.impls[1].values?.map((v) => v + 0.5);
    expect(addCpuAgreement(results)).toEqual([
      expect.stringMatching(/^node wasm mlp-infer-b2 tfjs-layers: max \|x − cpu\| 0\.5/),
    ]);
  });

  it('reports a case that throws and goes on', async () => {
    const broken: BenchCase = {
      ...matMulCase(8, 'quick'),
      name: 'broken',
      async setup() {
        throw new Error('kernel not registered');
      },
    };
    const results = await runTrainingCases({
      cases: [broken, matMulCase(8, 'quick')],
      backends: ['cpu'],
      stepsPerRound: 1,
      maxRounds: 1,
      warmupSteps: 0,
    });
    expect(results[0].error).toBe('kernel not registered');
    expect(results[1].error).toBeUndefined();
    expect(results[1].impls).toHaveLength(2);
  });

  it("runs tfjs-layers on tfjs's stock kernels unless --shared-kernels", async () => {
    // Which kernel each implementation sees: Strata's wasm Conv2DBackpropFilter, or none.
    const seen: Record<string, boolean[]> = {};
    const look = (impl: string) => {
      seen[impl] = [...(seen[impl] ?? []), getKernel('Conv2DBackpropFilter', 'wasm') != null];
    };
    const probe = (impl: string) => ({
      async step() {
        look(impl);
        return 0;
      },
      async evaluate() {
        look(impl);
        return [0];
      },
      dispose() {},
    });
    const probeCase: BenchCase = {
      ...matMulCase(8, 'quick'),
      name: 'probe',
      async setup() {
        return { strata: probe('strata'), 'tfjs-layers': probe('tfjs-layers') };
      },
    };
    const options = { cases: [probeCase], backends: ['wasm'] as const, maxRounds: 1 };
    const [stock] = await runTrainingCases({ ...options, stepsPerRound: 1, warmupSteps: 1 });
    expect(stock.peerKernels).toBe('stock');
    expect(new Set(seen.strata)).toEqual(new Set([true]));
    expect(new Set(seen['tfjs-layers'])).toEqual(new Set([false]));
    expect(getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined(); // restored afterwards
    for (const k of Object.keys(seen)) delete seen[k];
    await runTrainingCases({ ...options, stepsPerRound: 1, warmupSteps: 1, peerKernels: 'shared' });
    expect(new Set(seen['tfjs-layers'])).toEqual(new Set([true]));
  });

  it('flags a disagreement beyond tolerance', () => {
    expect(
      agreementFailures([
        {
          case: 'x',
          description: '',
          backend: 'cpu',
          batchSize: 1,
          flopsPerSample: 1,
          impls: [],
          ratio: null,
          initialLossDiff: null,
          agreement: 0.5,
          tolerance: 1e-3,
        },
      ]),
    ).toHaveLength(1);
  });
});
