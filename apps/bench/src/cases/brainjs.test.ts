import { describe, expect, it } from 'vitest';
import { runTrainingCases } from '../train-runner.js';
import { brainFromDense, brainMse, brainSamples, brainTrainStep } from './brainjs.js';
import { mlpInfer } from './mlp-infer.js';

// brain.js set-up and one step on tiny sizes; no timing thresholds.
describe('brain.js implementation', () => {
  // 3-4-2: kernel [in, out] row-major, as Strata's Dense keeps it.
  const k1 = Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 10);
  const b1 = Float32Array.from([0.1, -0.2, 0.3, 0]);
  const k2 = Float32Array.from({ length: 8 }, (_, i) => (i - 3) / 8);
  const b2 = Float32Array.from([0.05, 0.5]);
  const dense = [
    { kernel: k1, bias: b1 },
    { kernel: k2, bias: b2 },
  ];

  it('copies Dense weights so run() matches a hand-computed relu forward', async () => {
    const net = await brainFromDense([3, 4, 2], dense);
    const x = [0.5, -1, 2];
    const h = [0, 1, 2, 3].map((j) =>
      Math.max(0, b1[j] + x.reduce((s, v, k) => s + v * k1[k * 4 + j], 0)),
    );
    const y = [0, 1].map((j) =>
      Math.max(0, b2[j] + h.reduce((s, v, k) => s + v * k2[k * 2 + j], 0)),
    );
    const out = Array.from(net.run(x) as unknown as ArrayLike<number>);
    for (let j = 0; j < 2; j++) expect(out[j]).toBeCloseTo(y[j], 5);
  });

  it('trains one step on a tiny batch and the weights move', async () => {
    const net = await brainFromDense([3, 4, 2], dense);
    const batch = brainSamples(Float32Array.from([0.5, 0.2, 0.9, 0.1, 0.8, 0.3]), [1, 0], 2, 3, 2);
    expect(batch[0]).toEqual({ input: [0.5, 0.2, 0.9].map(Math.fround), output: [0, 1] });
    const before = brainMse(net, batch);
    const error = brainTrainStep(net, batch);
    expect(Number.isFinite(error)).toBe(true);
    expect(brainMse(net, batch)).not.toBe(before);
  });

  it('runs in the case runner on cpu only, agreeing with Strata on a relu output', async () => {
    const results = await runTrainingCases({
      cases: [mlpInfer(2)],
      backends: ['cpu', 'wasm'],
      impls: ['strata', 'brainjs'],
      stepsPerRound: 1,
      maxRounds: 1,
      warmupSteps: 1,
    });
    const [cpu, wasm] = results;
    expect(cpu.error).toBeUndefined();
    const b = cpu.impls.find((s) => s.impl === 'brainjs');
    expect(b?.error).toBeUndefined();
    expect(b?.backendIndependent).toBe(true);
    expect(b?.samplesMs).toHaveLength(1);
    expect(b?.values).toHaveLength(20);
    expect(b?.vsStrata).toBeLessThanOrEqual(1e-5);
    expect(b?.note).toMatch(/brain\.js/);
    expect(wasm.impls.map((s) => s.impl)).toEqual(['strata']);
  });
});
