import {
  add,
  customGrad,
  type GradSaveFunc,
  mul,
  type Tensor,
  tensor,
  useBackend,
  variable,
} from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectTensorsClose, maxAbsDiff } from './expect-tensors.js';
import { numericalGradientCheck } from './numerical-gradient-check.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('expectTensorsClose', () => {
  it('accepts values within atol + rtol·|expected|', async () => {
    await expectTensorsClose(tensor([1, 100]), [1 + 9e-6, 100 + 9e-4], { atol: 1e-5, rtol: 1e-5 });
  });

  it('fails naming the first element out of tolerance', async () => {
    await expect(expectTensorsClose(tensor([1, 2, 3]), [1, 2.1, 3])).rejects.toThrow(
      /element 1 is 2, expected 2\.1/,
    );
  });

  it('fails on a shape mismatch and on NaN', async () => {
    await expect(expectTensorsClose(tensor([[1, 2]]), tensor([1, 2]))).rejects.toThrow(/shape/);
    await expect(expectTensorsClose([Number.NaN], [1])).rejects.toThrow(/element 0/);
  });

  it('maxAbsDiff is the largest absolute difference', async () => {
    expect(await maxAbsDiff([1, 2, 3], [1.5, 2, 2])).toBe(1);
  });
});

describe('expectNoLeaks', () => {
  it('passes when every tensor is disposed', async () => {
    await expectNoLeaks(() => tensor([1, 2]).dispose());
  });

  it('fails when a tensor is left behind', async () => {
    let leaked: Tensor | null = null;
    await expect(
      expectNoLeaks(() => {
        leaked = tensor([1]);
      }),
    ).rejects.toThrow(/tensors leaked/);
    (leaked as Tensor | null)?.dispose();
  });
});

describe('numericalGradientCheck', () => {
  it('accepts the true gradient of x·y + x', async () => {
    const report = await numericalGradientCheck(
      (x, y) => add(mul(x, y), x),
      [tensor([0.5, -1, 2]), tensor([1.5, 0.3, -0.7])],
    );
    expect(report.maxError).toBeLessThan(1e-2);
    // d/dx = y + 1, d/dy = x
    await expectTensorsClose(Array.from(report.analytic[0]), Array.from(report.numeric[0]), {
      atol: 1e-2,
    });
  });

  it('rejects a wrong gradient', async () => {
    const square = customGrad(((x: Tensor, save: GradSaveFunc) => {
      save([x]);
      return { value: mul(x, x), gradFunc: (dy: Tensor, saved: Tensor[]) => mul(dy, saved[0]) }; // should be 2x
    }) as never) as (x: Tensor) => Tensor;
    await expect(numericalGradientCheck((x) => square(x), [tensor([1, 2, 3])])).rejects.toThrow(
      /analytic .* numeric/,
    );
  });

  it('checks the gradients of variables the function reads', async () => {
    const w = variable(tensor([0.5, -2, 1.5]));
    const report = await numericalGradientCheck((x) => mul(mul(x, w), w), [tensor([1, 2, 3])], {
      variables: [w],
    });
    // d/dw sum(r·x·w²) = 2·r·x·w: checked against central differences for the variable too.
    expect(report.analytic).toHaveLength(2);
    expect(report.maxError).toBeLessThan(1e-2);
    const wrong = customGrad(((x: Tensor, save: GradSaveFunc) => {
      save([x]);
      return { value: mul(x, w), gradFunc: (dy: Tensor) => dy };
    }) as never) as (x: Tensor) => Tensor;
    await expect(
      numericalGradientCheck((x) => mul(wrong(x), w), [tensor([1, 2, 3])], { variables: [w] }),
    ).rejects.toThrow(/gradient of/);
    w.dispose();
  });
});
