import { initializers, RandomStream, ShapeError, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { householderQ } from './householder-qr.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/**
 * The largest |(W·Wᵀ or Wᵀ·W) − gain²·I| for a row-major [rows, cols] W, over the smaller
 * side, computed in float64.
 */
function orthogonalityError(w: ArrayLike<number>, rows: number, cols: number, gain = 1): number {
  const [n, len, at] =
    rows <= cols
      ? [rows, cols, (v: number, k: number) => w[v * cols + k]]
      : [cols, rows, (v: number, k: number) => w[k * cols + v]];
  // Gather the n vectors contiguously for a fast Gram matrix.
  const vecs = Array.from({ length: n }, (_, v) =>
    Float64Array.from({ length: len }, (_, k) => at(v, k)),
  );
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = vecs[i];
      const b = vecs[j];
      let s = 0;
      for (let k = 0; k < len; k++) s += a[k] * b[k];
      worst = Math.max(worst, Math.abs(s - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}

async function apply(shape: number[], gain = 1, seed = 3): Promise<Float32Array> {
  const t = initializers.orthogonal({ gain, seed }).apply(shape);
  expect(t.shape).toEqual(shape);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('orthogonal', () => {
  for (const [rows, cols] of [
    [64, 64],
    [32, 100],
    [100, 32],
  ]) {
    it(`[${rows}, ${cols}] has orthonormal ${rows <= cols ? 'rows' : 'columns'}`, async () => {
      expect(orthogonalityError(await apply([rows, cols]), rows, cols)).toBeLessThan(1e-4);
    });
  }

  it('[512, 2048] has orthonormal rows and takes well under the seconds a tensor-op QR takes', async () => {
    const start = performance.now();
    const t = initializers.orthogonal({ seed: 9 }).apply([512, 2048]);
    const ms = performance.now() - start;
    const w = await t.data();
    t.dispose();
    console.info(`orthogonal [512, 2048]: ${ms.toFixed(0)} ms`);
    expect(orthogonalityError(w, 512, 2048)).toBeLessThan(1e-4);
    // About 0.5–1 s on a shared 2-core machine; the bound only catches a return to minutes.
    expect(ms).toBeLessThan(10_000);
  });

  it('flattens a conv kernel [3, 3, 4, 8] to [36, 8] with orthonormal columns', async () => {
    expect(orthogonalityError(await apply([3, 3, 4, 8]), 36, 8)).toBeLessThan(1e-4);
  });

  it('multiplies by gain: the same seed with gain 3 is 3× the matrix, WᵀW ≈ 9·I', async () => {
    const w1 = await apply([40, 24], 1, 5);
    const w3 = await apply([40, 24], 3, 5);
    for (let i = 0; i < w1.length; i++) expect(w3[i]).toBeCloseTo(3 * w1[i], 5);
    expect(orthogonalityError(w3, 40, 24, 3)).toBeLessThan(1e-4);
    expect(initializers.orthogonal({ gain: 3, seed: 5 }).getConfig()).toEqual({ gain: 3, seed: 5 });
  });

  it('rejects rank < 2 with ShapeError', () => {
    expect(() => initializers.orthogonal().apply([5])).toThrow(ShapeError);
  });
});

describe('householderQ', () => {
  it('gives the QR factor with a positive diagonal: QᵀA is upper triangular, diag > 0', () => {
    const m = 37;
    const n = 13;
    const a = Float64Array.from(new RandomStream(4).uniformArray(m * n, -1, 1));
    const q = householderQ(a.slice(), m, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q[i * m + k] * a[j * m + k];
        if (j < i) expect(Math.abs(r)).toBeLessThan(1e-12);
        if (j === i) expect(r).toBeGreaterThan(0);
      }
    }
  });

  it('matches the known QR of a small matrix', () => {
    // A = [[3, 1], [4, 2]] (columns [3, 4] and [1, 2]): q1 = [0.6, 0.8], q2 = [−0.8, 0.6].
    const q = householderQ(Float64Array.from([3, 4, 1, 2]), 2, 2);
    const expected = [0.6, 0.8, -0.8, 0.6];
    for (let i = 0; i < 4; i++) expect(q[i]).toBeCloseTo(expected[i], 12);
  });
});
