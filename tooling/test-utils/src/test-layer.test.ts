import { add, mul, scalar, type Tensor, tidy, type Variable, variable } from '@strata/core';
import { testLayer } from './test-layer.js';

/** A minimal layer with one weight: `y = w·x` on one tensor, `y = w·(x₁ + x₂ + …)` on a list. */
class ScaledSum {
  readonly name = 'scaled_sum';
  private w: Variable | null = null;

  constructor(private readonly config: { scale: number }) {}

  get weights(): { path: string; variable: Variable }[] {
    return this.w == null ? [] : [{ path: 'scaled_sum/w', variable: this.w }];
  }

  apply(inputs: Tensor | Tensor[]): Tensor {
    if (this.w == null) this.w = variable(scalar(this.config.scale));
    const w = this.w;
    return tidy(() => {
      const xs = Array.isArray(inputs) ? inputs : [inputs];
      return mul(
        xs.reduce((a, b) => add(a, b)),
        w,
      );
    });
  }

  getConfig(): object {
    return { ...this.config };
  }

  getWeights(): Tensor[] {
    return this.weights.map((x) => x.variable.clone());
  }

  setWeights(values: Tensor[]): void {
    this.w?.assign(values[0]);
  }

  dispose(): void {
    this.w?.dispose();
    this.w = null;
  }
}

testLayer('a layer on one tensor', {
  create: (c) => new ScaledSum(c as { scale: number }),
  config: { scale: 1.5 },
  inputShape: [2, 3],
  expectedOutputShape: [2, 3],
});

testLayer('a layer on a list of tensors', {
  create: (c) => new ScaledSum(c as { scale: number }),
  config: { scale: 0.5 },
  inputShape: [
    [2, 3],
    [2, 3],
    [1, 3],
  ],
  expectedOutputShape: [2, 3],
});
