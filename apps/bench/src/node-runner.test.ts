import { describe, expect, it } from 'vitest';
import { nodeEnvironment, runNode } from './node-runner.js';
import type { ProgressEvent } from './types.js';

// A smoke test of the real measurement path at a tiny size: shapes and correctness only,
// no timing thresholds.
describe('runNode (smoke)', () => {
  it('measures cpu and wasm at 64³ with one timed run', async () => {
    const events: ProgressEvent[] = [];
    const results = await runNode({
      config: { size: 64, minRuns: 1, maxRuns: 1, budgetMs: 0, seed: 1 },
      onProgress: (e) => events.push(e),
    });

    expect(results.map((r) => [r.place, r.backend, r.started])).toEqual([
      ['node', 'cpu', true],
      ['node', 'wasm', true],
    ]);
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.info?.name).toBe(r.backend);
      expect(r.check?.matMulMaxErr).toBeLessThanOrEqual(1e-4);
      expect(r.check?.conv2dMaxErr).toBeLessThanOrEqual(1e-4);
      expect(r.timing?.size).toBe(64);
      expect(r.timing?.flop).toBe(2 * 64 ** 3);
      expect(r.timing?.samplesMs).toHaveLength(1);
      expect(r.timing?.medianMs).toBe(r.timing?.samplesMs[0]);
      expect(r.timing?.warmupMs).toBeGreaterThan(0);
      expect(r.timing?.gflops).toBeGreaterThan(0);
      expect(r.tensors?.leaked).toBe(0);
    }
    expect(results[0].check).toEqual({ matMulMaxErr: 0, conv2dMaxErr: 0 });
    expect(results[1].info?.simd).toBeTypeOf('boolean');

    const cpuSteps = events
      .filter((e) => e.backend === 'cpu' && e.phase === 'end')
      .map((e) => e.step);
    expect(cpuSteps).toEqual(['start', 'check', 'warmup', 'timed']);
  });

  it('reports a backend that cannot start in Node with its reason', async () => {
    const [webgl] = await runNode({
      config: { size: 8, minRuns: 1, maxRuns: 1, budgetMs: 0, seed: 1 },
      backends: ['webgl'],
    });
    expect(webgl.started).toBe(false);
    expect(webgl.reason).toMatch(/WebGL/);
    expect(webgl.timing).toBeUndefined();
  });

  it('describes the Node environment', () => {
    const env = nodeEnvironment();
    expect(env.node).toBe(process.version);
    expect(env.cores).toBeGreaterThan(0);
    expect(env.tfjsCore).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
