import { dispose, fastMatMul, type Tensor, type Tensor2D, tensor2d } from '@strata/core';
import * as tfjs from '@tensorflow/tfjs';
import { seededUniform } from '../stats.js';
import type { BenchCase, CaseRunner, Suite } from './train-case.js';

/** FLOP of an [m,k]·[k,n] product per row of the result: one multiply and one add per term. */
export function matMulFlopsPerRow(k: number, n: number): number {
  return 2 * k * n;
}

/**
 * An n×n·n×n product: Strata's `fastMatMul` (the kernel its Dense layers use) against tfjs's
 * `matMul` (what tfjs-layers uses). A "sample" is one row of the result, so samples/s ×
 * 2n² is the GFLOP rate. The whole result is read back inside the timed region.
 */
export function matMulCase(n: number, suite: Suite): BenchCase {
  return {
    name: `matmul-${n}`,
    description: `${n}×${n}·${n}×${n} matMul: fastMatMul vs tf.matMul`,
    kind: 'op',
    suite,
    // Products of 1024 terms in [-1, 1): summation order alone moves the result by ~1e-5.
    tolerance: 1e-3,
    batchSize: n,
    flopsPerSample: matMulFlopsPerRow(n, n),
    async setup() {
      const a = tensor2d(seededUniform(n * n, 101), [n, n]);
      const b = tensor2d(seededUniform(n * n, 102), [n, n]);
      const runner = (product: (a: Tensor, b: Tensor) => Tensor): CaseRunner => ({
        async step() {
          const c = product(a, b);
          try {
            const v = await c.data();
            return v[0];
          } finally {
            c.dispose();
          }
        },
        async evaluate() {
          const c = product(a, b);
          try {
            return await c.data();
          } finally {
            c.dispose();
          }
        },
        dispose() {},
      });
      return {
        strata: {
          ...runner((x, y) => fastMatMul(x as Tensor2D, y as Tensor2D)),
          dispose() {
            dispose([a, b]);
          },
        },
        'tfjs-layers': runner((x, y) => tfjs.matMul(x as never, y as never) as never),
      };
    },
  };
}

export const matMul256 = matMulCase(256, 'quick');
export const matMul512 = matMulCase(512, 'quick');
export const matMul1024 = matMulCase(1024, 'full');
