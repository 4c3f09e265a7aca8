import { engine, type TensorInfo, wasmHeap } from '@strata/core';
import { useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const backend = () => engine().backend as unknown as wasmHeap.WasmBackend;
const filled = (shape: number[], values: number[]) =>
  wasmHeap.makeFilled(backend(), shape, (o) => o.set(values));
const read = (info: TensorInfo) => Array.from(wasmHeap.heapF32(backend(), info));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** `a·b + bias` by hand, `a` [m, k] and `b` [k, n] row-major. */
function reference(a: number[], b: number[], bias: number[] | null, m: number, k: number) {
  const n = b.length / k;
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias == null ? 0 : bias[j];
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out.push(s);
    }
  }
  return out;
}

function expectClose(got: number[], expected: number[]) {
  expect(got.length).toBe(expected.length);
  for (const [i, v] of expected.entries()) expect(got[i]).toBeCloseTo(v, 5);
}

describe('wasmHeap kernels into caller-owned buffers', () => {
  beforeAll(async () => {
    await useTestBackend('wasm');
  });

  it('fusedMatMulInto: a·b + bias, linear and sigmoid, reusing one output buffer', () => {
    const ids = engine().backend.numDataIds();
    const a1 = [0.5, -1, 2, 0.25, 1.5, -0.5];
    const a2 = [-2, 1, 0.5, 1, 0, -1];
    const wAll = [1, -0.5, 0.25, 2, 0.75, -1, 0.5, 1.25, 0.3, -0.7, 1, 0.2];
    const bv = [0.1, -0.2, 0.3, 0];
    const a = filled([1, 2, 3], a1);
    const b = filled([1, 3, 4], wAll);
    const bias = filled([4], bv);
    const out = backend().makeOutput([1, 2, 4], 'float32');
    try {
      wasmHeap.fusedMatMulInto(backend(), a, b, bias, 'linear', out);
      expectClose(read(out), reference(a1, wAll, bv, 2, 3));
      // The same buffers again with new inputs (the packed weights come from XNNPACK's cache).
      wasmHeap.heapF32(backend(), a).set(a2);
      wasmHeap.fusedMatMulInto(backend(), a, b, null, 'sigmoid', out);
      expectClose(read(out), reference(a2, wAll, null, 2, 3).map(sigmoid));
    } finally {
      for (const info of [a, b, bias, out]) backend().disposeData(info.dataId);
    }
    expect(engine().backend.numDataIds()).toBe(ids);
  });

  it('sigmoidInto: σ elementwise into another buffer', () => {
    const xs = [-3, -0.5, 0, 0.5, 2, 8];
    const x = filled([6], xs);
    const out = backend().makeOutput([6], 'float32');
    try {
      wasmHeap.sigmoidInto(backend(), x, out);
      expectClose(read(out), xs.map(sigmoid));
      expectClose(read(x), xs);
    } finally {
      for (const info of [x, out]) backend().disposeData(info.dataId);
    }
  });

  it('refuses a freed buffer', () => {
    const x = filled([2], [1, 2]);
    const out = backend().makeOutput([2], 'float32');
    backend().disposeData(out.dataId);
    try {
      expect(() => wasmHeap.sigmoidInto(backend(), x, out)).toThrow(/expected a live wasm buffer/);
    } finally {
      backend().disposeData(x.dataId);
    }
  });
});
