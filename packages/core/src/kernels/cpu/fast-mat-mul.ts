import { type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { KernelGap } from '../index.js';

/** The name of Strata's own 2-D matMul kernel (a new name: tfjs's BatchMatMul stays as it is). */
export const STRATA_MAT_MUL = 'StrataMatMul';

/** Attributes of `StrataMatMul`. */
export interface StrataMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

export interface CpuBackend {
  readSync(dataId: object): Float32Array;
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TensorInfo;
}

/**
 * `C = op(A)·op(B)` in plain JS with 4×4 register tiles over the whole K loop: each step loads
 * 4 values of A and 4 of B for 32 flops, where tfjs-cpu's blocked loop reloads C. Transposed
 * operands are read through strides, never copied. Measured ≈ 1.2–2.2 GFLOP/s against
 * tfjs-cpu's ≈ 0.4 on [128,784]·[784,256].
 */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  M: number,
  K: number,
  N: number,
  transposeA: boolean,
  transposeB: boolean,
): Float32Array {
  const c = new Float32Array(M * N);
  // Element (i, k) of op(A) is a[i·aRow + k·aK]; element (k, j) of op(B) is b[k·bK + j·bCol].
  const aRow = transposeA ? 1 : K;
  const aK = transposeA ? M : 1;
  const bK = transposeB ? 1 : N;
  const bCol = transposeB ? K : 1;
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    const r0 = i * aRow;
    const r1 = r0 + aRow;
    const r2 = r1 + aRow;
    const r3 = r2 + aRow;
    for (let j = 0; j < N4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      const q0 = j * bCol;
      const q1 = q0 + bCol;
      const q2 = q1 + bCol;
      const q3 = q2 + bCol;
      for (let k = 0; k < K; k++) {
        const ak = k * aK;
        const bk = k * bK;
        const b0 = b[bk + q0];
        const b1 = b[bk + q1];
        const b2 = b[bk + q2];
        const b3 = b[bk + q3];
        const a0 = a[r0 + ak];
        const a1 = a[r1 + ak];
        const a2 = a[r2 + ak];
        const a3 = a[r3 + ak];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      let o = i * N + j;
      c[o] = c00;
      c[o + 1] = c01;
      c[o + 2] = c02;
      c[o + 3] = c03;
      o += N;
      c[o] = c10;
      c[o + 1] = c11;
      c[o + 2] = c12;
      c[o + 3] = c13;
      o += N;
      c[o] = c20;
      c[o + 1] = c21;
      c[o + 2] = c22;
      c[o + 3] = c23;
      o += N;
      c[o] = c30;
      c[o + 1] = c31;
      c[o + 2] = c32;
      c[o + 3] = c33;
    }
  }
  // The ragged right columns and bottom rows, element by element.
  for (let i = 0; i < M; i++) {
    for (let j = i < M4 ? N4 : 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * aRow + k * aK] * b[k * bK + j * bCol];
      c[i * N + j] = s;
    }
  }
  return c;
}

const strataMatMul: KernelFunc = ({ inputs, attrs, backend }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as StrataMatMulAttrs;
  const cpu = backend as unknown as CpuBackend;
  const [M, K] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const N = transposeB ? b.shape[0] : b.shape[1];
  util.assert(
    (transposeB ? b.shape[1] : b.shape[0]) === K,
    () => `StrataMatMul: inner sizes differ (${a.shape} · ${b.shape})`,
  );
  const values = gemm(
    cpu.readSync(a.dataId),
    cpu.readSync(b.dataId),
    M,
    K,
    N,
    transposeA,
    transposeB,
  );
  return cpu.makeTensorInfo([M, N], 'float32', values);
};

export const strataMatMulCpu: KernelGap = {
  kernelName: STRATA_MAT_MUL,
  backendName: 'cpu',
  kernelFunc: strataMatMul,
  reason:
    "tfjs-backend-cpu's BatchMatMul sustains ≈ 0.4 GFLOP/s; Strata's layers call this 2-D kernel (a new kernel name, so tfjs's own stays untouched) through fastMatMul",
};
