import { describe, expect, it } from 'vitest';
import { CASES, selectCases } from './index.js';
import { matMul256, matMul512, matMul1024, matMulFlopsPerRow } from './matmul.js';
import { mlpInferB1, mlpInferB256 } from './mlp-infer.js';
import { mlpForwardFlops, mlpTrain, mlpTrainFlops } from './mlp-train.js';

// FLOP counts against hand computation (one multiply + one add per matMul term).
describe('FLOP counts', () => {
  it('matMul: 2n² per row, 2n³ per product', () => {
    expect(matMulFlopsPerRow(3, 4)).toBe(24);
    for (const [c, n] of [
      [matMul256, 256],
      [matMul512, 512],
      [matMul1024, 1024],
    ] as const) {
      expect(c.batchSize).toBe(n);
      expect(c.flopsPerSample * c.batchSize).toBe(2 * n ** 3);
    }
    expect(matMul1024.flopsPerSample).toBe(2_097_152);
  });

  it('MLP 784-256-128-10 forward: 2·(784·256 + 256·128 + 128·10) = 469,504', () => {
    expect(mlpForwardFlops()).toBe(469_504);
    expect(mlpInferB1.flopsPerSample).toBe(469_504);
    expect(mlpInferB256.flopsPerSample).toBe(469_504);
    expect(mlpInferB256.batchSize).toBe(256);
  });

  it('MLP training: forward + 2× backward − the first layer input gradient = 1,007,104', () => {
    // forward 469,504; backward: dW 469,504 + dX (2·256·128 + 2·128·10 = 68,096) = 537,600
    expect(mlpTrainFlops()).toBe(469_504 + 469_504 + 68_096);
    expect(mlpTrain.flopsPerSample).toBe(1_007_104);
    expect(mlpTrainFlops([2, 3])).toBe(2 * 2 * 3 * 2);
  });
});

describe('case registry', () => {
  it('has unique names and a kind, suite and tolerance on every case', () => {
    const names = CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of CASES) {
      expect(['train', 'infer', 'op']).toContain(c.kind);
      expect(c.tolerance).toBeGreaterThan(0);
    }
  });

  it('selects by suite, exact name or prefix', () => {
    expect(selectCases('quick').map((c) => c.name)).toEqual([
      'matmul-256',
      'matmul-512',
      'mlp-train',
      'mlp-infer-b1',
      'mlp-infer-b256',
      'cnn-train',
      'cnn-infer-b1',
      'cnn-infer-b256',
      'lstm-train',
      'lstm-infer',
      'gru-train',
      'gru-infer',
      'simplernn-train',
      'simplernn-infer',
      'seq2seq-train',
    ]);
    expect(selectCases('full').map((c) => c.name)).toContain('matmul-1024');
    expect(selectCases('quick', ['matmul']).map((c) => c.name)).toEqual([
      'matmul-256',
      'matmul-512',
    ]);
    expect(selectCases('quick', ['matmul-1024', 'mlp-infer']).map((c) => c.name)).toEqual([
      'matmul-1024',
      'mlp-infer-b1',
      'mlp-infer-b256',
    ]);
    expect(() => selectCases('quick', ['transformer'])).toThrow(/unknown transformer/);
  });
});
