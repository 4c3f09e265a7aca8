import {
  engine,
  getBackend,
  getKernel,
  matMul,
  type Tensor2D,
  tidy,
  transpose,
} from '@tensorflow/tfjs-core';
import { STRATA_MAT_MUL } from '../kernels/cpu/fast-mat-mul.js';

/**
 * `op(a)·op(b)` for 2-D tensors, the fastest way this backend has: Strata's JS kernel on cpu
 * (≈ 3× tfjs-cpu), the plain product of a materialised transpose on wasm (tfjs-wasm's matMul
 * with a transposed operand runs 10–15× slower than without), tfjs's `matMul` elsewhere.
 * Forward only: use it inside a `customGrad` that defines the gradient.
 *
 * Shapes: `[m, k]·[k, n]` → `[m, n]` (before the transposes).
 *
 * @example
 * const dW = fastMatMul(x, dy, true, false); // xᵀ·dy
 */
export function fastMatMul(
  a: Tensor2D,
  b: Tensor2D,
  transposeA = false,
  transposeB = false,
): Tensor2D {
  const backend = getBackend();
  if (
    backend === 'cpu' &&
    getKernel(STRATA_MAT_MUL, 'cpu') != null &&
    a.dtype === 'float32' &&
    b.dtype === 'float32'
  ) {
    return engine().runKernel(STRATA_MAT_MUL, { a, b }, {
      transposeA,
      transposeB,
    } as never) as Tensor2D;
  }
  if (backend === 'wasm' && (transposeA || transposeB)) {
    return tidy(() => matMul(transposeA ? transpose(a) : a, transposeB ? transpose(b) : b));
  }
  return matMul(a, b, transposeA, transposeB);
}
