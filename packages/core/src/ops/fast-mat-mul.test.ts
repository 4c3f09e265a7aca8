import {
  fastMatMul,
  getKernel,
  matMul,
  RandomStream,
  type Tensor2D,
  tensor,
  tidy,
} from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose, TOLERANCE } from '@strata/test-utils';
import { expect, it } from 'vitest';

const rng = new RandomStream(12);
// Odd sizes exercise the 4×4 tiles and the ragged edges.
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [4, 4, 4],
  [7, 13, 5],
  [33, 65, 18],
  [128, 96, 40],
];

describeBackends('fastMatMul', (backend) => {
  for (const [m, k, n] of shapes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`[${m}×${k}]·[${k}×${n}] with transposeA=${ta}, transposeB=${tb} equals matMul`, async () => {
        const a = tensor(rng.normalArray(m * k), ta ? [k, m] : [m, k]) as Tensor2D;
        const b = tensor(rng.normalArray(k * n), tb ? [n, k] : [k, n]) as Tensor2D;
        await expectNoLeaks(async () => {
          const got = fastMatMul(a, b, ta, tb);
          const want = tidy(() => matMul(a, b, ta, tb));
          expect(got.shape).toEqual([m, n]);
          const tol = TOLERANCE[backend];
          await expectTensorsClose(got, want, {
            atol: Math.max(tol.atol, 1e-5) * Math.sqrt(k),
            rtol: tol.rtol,
          });
          got.dispose();
          want.dispose();
        });
        a.dispose();
        b.dispose();
      });
    }
  }

  it(
    backend === 'cpu'
      ? 'uses the StrataMatMul kernel on cpu'
      : 'has no StrataMatMul kernel off cpu',
    () => {
      expect(getKernel('StrataMatMul', backend) != null).toBe(backend === 'cpu');
    },
  );
});
