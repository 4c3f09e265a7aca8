import {
  add,
  cast,
  customGrad,
  elu,
  fastMatMul,
  fused,
  type GradSaveFunc,
  getBackend,
  greater,
  less,
  logicalAnd,
  mul,
  onesLike,
  relu,
  relu6,
  reshape,
  sigmoid,
  sub,
  sum,
  type Tensor,
  type Tensor2D,
  tidy,
  where,
} from '@strata/core';
import type { FusedActivation } from '../activations.js';

/** The activations whose derivative the dense gradient computes from the output alone. */
const FROM_OUTPUT: Partial<Record<FusedActivation, (y: Tensor, dy: Tensor) => Tensor>> = {
  linear: (_y, dy) => dy,
  relu: (y, dy) => mul(dy, cast(greater(y, 0), 'float32')),
  relu6: (y, dy) => mul(dy, cast(logicalAnd(greater(y, 0), less(y, 6)), 'float32')),
  sigmoid: (y, dy) => mul(dy, mul(y, sub(1, y))),
  // elu: y > 0 → 1, else exp(z) = y + 1
  elu: (y, dy) => mul(dy, where(greater(y, 0), onesLike(y), add(y, 1))),
};

const APPLY: Record<FusedActivation, (z: Tensor) => Tensor> = {
  linear: (z) => z,
  relu,
  relu6,
  sigmoid,
  elu,
  leakyrelu: (z) => z, // not used: leakyRelu is never fused here
};

/**
 * The forward product: on cpu Strata's JS matMul then bias and activation (tfjs-cpu's fused
 * kernel is its slow matMul); elsewhere tfjs's fused matMul + bias + activation kernel.
 */
function forward(
  a: Tensor2D,
  w: Tensor2D,
  b: Tensor | null,
  activation: FusedActivation,
): Tensor2D {
  if (getBackend() === 'cpu') {
    return tidy(() => {
      const z = fastMatMul(a, w);
      return APPLY[activation](b == null ? z : add(z, b)) as Tensor2D;
    });
  }
  return fused.matMul({ a, b: w, bias: b ?? undefined, activation }) as Tensor2D;
}

/** True when `denseOp` fuses this activation into the matMul (forward and backward). */
export function fusesActivation(
  activation: FusedActivation | undefined,
): activation is FusedActivation {
  return activation != null && activation in FROM_OUTPUT;
}

/**
 * `activation(x·W + b)` as one fused kernel forward and one hand-written gradient backward:
 * `dz = dy·act'(y)`, `dx = dz·Wᵀ`, `dW = xᵀ·dz`, `db = Σ_batch dz`, with every product done
 * the fast way for the backend (`fastMatMul` of @strata/core).
 *
 * Shapes: x `[batch, in]`, W `[in, units]`, b `[units]` → `[batch, units]`.
 */
export function denseOp(
  x: Tensor2D,
  kernel: Tensor2D,
  bias: Tensor | null,
  activation: FusedActivation,
): Tensor2D {
  const actGrad = FROM_OUTPUT[activation] as (y: Tensor, dy: Tensor) => Tensor;
  if (bias == null) {
    const f = customGrad(((a: Tensor2D, w: Tensor2D, save: GradSaveFunc) => {
      const y = forward(a, w, null, activation);
      save([a, w, y]);
      return {
        value: y,
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [sa, sw, sy] = saved as [Tensor2D, Tensor2D, Tensor2D];
          const dz = actGrad(sy, dy) as Tensor2D;
          return [fastMatMul(dz, sw, false, true), fastMatMul(sa, dz, true, false)];
        },
      };
    }) as never) as (a: Tensor2D, w: Tensor2D) => Tensor2D;
    return f(x, kernel);
  }
  const f = customGrad(((a: Tensor2D, w: Tensor2D, b: Tensor, save: GradSaveFunc) => {
    const y = forward(a, w, b, activation);
    save([a, w, y]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sa, sw, sy] = saved as [Tensor2D, Tensor2D, Tensor2D];
        const dz = actGrad(sy, dy) as Tensor2D;
        return [
          fastMatMul(dz, sw, false, true),
          fastMatMul(sa, dz, true, false),
          reshape(sum(dz, 0), b.shape),
        ];
      },
    };
  }) as never) as (a: Tensor2D, w: Tensor2D, b: Tensor) => Tensor2D;
  return f(x, kernel, bias);
}
