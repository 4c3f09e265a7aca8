import { fused, grads, RandomStream, type Tensor, type Tensor2D, tensor, tidy } from '@strata/core';
import { describeBackends, expectTensorsClose, TOLERANCE } from '@strata/test-utils';
import { it } from 'vitest';
import type { FusedActivation } from '../activations.js';
import { denseOp } from './dense-op.js';

const rng = new RandomStream(4);
const xv = rng.normalArray(5 * 7);
const wv = rng.normalArray(7 * 3);
const bv = rng.normalArray(3);

describeBackends('denseOp', (backend) => {
  const tol = {
    atol: Math.max(TOLERANCE[backend].atol, 1e-5),
    rtol: Math.max(TOLERANCE[backend].rtol, 1e-4),
  };
  for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu'] as FusedActivation[]) {
    for (const withBias of [true, false]) {
      it(`${activation}${withBias ? ' + bias' : ''}: value and gradients equal tfjs's fused matMul`, async () => {
        const x = tensor(xv, [5, 7]) as Tensor2D;
        // Scaled so that relu6 sees values above 6 too.
        const w = tensor(
          wv.map((v) => v * 3),
          [7, 3],
        ) as Tensor2D;
        const b = tensor(bv);
        const inputs = withBias ? [x, w, b] : [x, w];
        const ours = (...t: Tensor[]) =>
          denseOp(t[0] as Tensor2D, t[1] as Tensor2D, withBias ? t[2] : null, activation);
        const theirs = (...t: Tensor[]) =>
          fused.matMul({
            a: t[0] as Tensor2D,
            b: t[1] as Tensor2D,
            bias: withBias ? t[2] : undefined,
            activation,
          });
        const [a, e] = [
          tidy(() => [ours(...inputs), ...grads(ours)(inputs)]),
          tidy(() => [theirs(...inputs), ...grads(theirs)(inputs)]),
        ];
        for (let k = 0; k < a.length; k++) await expectTensorsClose(a[k], e[k], tol);
        for (const t of [...a, ...e, ...inputs]) t.dispose();
      });
    }
  }
});
