import {
  grads,
  mul,
  RandomStream,
  type Scalar,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  variableGrads,
} from '@strata/core';
import { expect } from 'vitest';

/** Options of `numericalGradientCheck`. */
export interface GradientCheckOptions {
  /** Step of the central difference. float32 needs a large one; default 1e-2. */
  epsilon?: number;
  /** Allowed `|analytic − numeric| ≤ atol + rtol·|numeric|`; defaults 1e-2 each. */
  atol?: number;
  rtol?: number;
  /** Seed of the random projection applied to non-scalar outputs. */
  seed?: number;
  /**
   * Variables `f` reads (a layer's weights): their gradients are checked too, after the
   * inputs', by assigning perturbed values.
   */
  variables?: Variable[];
}

/** What a gradient check measured. */
export interface GradientCheckReport {
  /** Largest absolute difference between analytic and numeric gradient over all inputs. */
  maxError: number;
  analytic: Float32Array[];
  numeric: Float64Array[];
}

/**
 * Checks the gradient tfjs computes for `f` (of its inputs and, with `variables`, of the
 * variables it reads) against central differences
 * `(f(x + εeᵢ) − f(x − εeᵢ)) / 2ε`, element by element, for every input.
 *
 * A non-scalar output is reduced to `sum(f(x) ⊙ r)` with a fixed random `r`, so a gradient
 * that is right only up to a permutation or a transpose still fails.
 *
 * @example
 * numericalGradientCheck((a, b) => matMul(a, b), [a, b]);
 */
export async function numericalGradientCheck(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  { epsilon = 1e-2, atol = 1e-2, rtol = 1e-2, seed = 1, variables = [] }: GradientCheckOptions = {},
): Promise<GradientCheckReport> {
  const rng = new RandomStream(seed);
  const probeShape = tidy(() => f(...inputs).shape);
  const projection = rng.uniformArray(
    probeShape.reduce((a, b) => a * b, 1),
    0.5,
    1.5,
  );
  const objective = (...xs: Tensor[]): Scalar =>
    tidy(() => {
      const y = f(...xs);
      return sum(mul(y, tensor(projection, y.shape))) as Scalar;
    });

  // Read with `await data()`, which every backend supports (WebGPU's dataSync does not).
  const analytic: Float32Array[] = [];
  const inputGrads = inputs.length > 0 ? tidy(() => grads(objective)(inputs)) : [];
  const weightGrads =
    variables.length > 0
      ? variableGrads(() => objective(...inputs), variables)
      : { value: null, grads: {} as Record<string, Tensor> };
  weightGrads.value?.dispose();
  for (const g of [...inputGrads, ...variables.map((v) => weightGrads.grads[v.name])]) {
    analytic.push(Float32Array.from((await g.data()) as ArrayLike<number>));
    g.dispose();
  }

  const numeric: Float64Array[] = [];
  for (const [k, x] of inputs.entries()) {
    const base = Float64Array.from((await x.data()) as ArrayLike<number>);
    const out = new Float64Array(base.length);
    const evalAt = async (i: number, delta: number): Promise<number> => {
      const shifted = Float32Array.from(base);
      shifted[i] = base[i] + delta;
      const value = tidy(() => {
        const xs = inputs.map((t, j) => (j === k ? tensor(shifted, x.shape, x.dtype) : t));
        return objective(...xs);
      });
      const [v] = await value.data();
      value.dispose();
      return v;
    };
    for (let i = 0; i < base.length; i++) {
      out[i] = ((await evalAt(i, epsilon)) - (await evalAt(i, -epsilon))) / (2 * epsilon);
    }
    numeric.push(out);
  }
  for (const v of variables) {
    const base = Float32Array.from((await v.data()) as ArrayLike<number>);
    const out = new Float64Array(base.length);
    const evalAt = async (i: number, delta: number): Promise<number> => {
      const shifted = Float32Array.from(base);
      shifted[i] = base[i] + delta;
      tidy(() => v.assign(tensor(shifted, v.shape, v.dtype)));
      const value = tidy(() => objective(...inputs));
      const [y] = await value.data();
      value.dispose();
      return y;
    };
    for (let i = 0; i < base.length; i++) {
      out[i] = ((await evalAt(i, epsilon)) - (await evalAt(i, -epsilon))) / (2 * epsilon);
    }
    tidy(() => v.assign(tensor(base, v.shape, v.dtype)));
    numeric.push(out);
  }

  let maxError = 0;
  for (let k = 0; k < numeric.length; k++) {
    const what =
      k < inputs.length ? `input ${k}` : `variable '${variables[k - inputs.length].name}'`;
    for (let i = 0; i < numeric[k].length; i++) {
      const err = Math.abs(analytic[k][i] - numeric[k][i]);
      maxError = Math.max(maxError, err);
      if (!(err <= atol + rtol * Math.abs(numeric[k][i]))) {
        expect.fail(
          `gradient of ${what} element ${i}: analytic ${analytic[k][i]}, numeric ${numeric[k][i]} ` +
            `(ε ${epsilon}, atol ${atol}, rtol ${rtol})`,
        );
      }
    }
  }
  return { maxError, analytic, numeric };
}
