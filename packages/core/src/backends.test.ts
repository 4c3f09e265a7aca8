import {
  conv2d,
  gather,
  grads,
  matMul,
  mul,
  RandomStream,
  type Tensor,
  type Tensor2D,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import {
  describeBackends,
  expectNoLeaks,
  expectTensorsClose,
  referenceOnCpu,
  TOLERANCE,
} from '@strata/test-utils';
import { beforeAll, expect, it } from 'vitest';

const rng = new RandomStream(7);
const a = rng.normalArray(67 * 129);
const b = rng.normalArray(129 * 33);
const image = rng.normalArray(2 * 9 * 9 * 3);
const filter = rng.normalArray(3 * 3 * 3 * 5);
const table = rng.normalArray(11 * 6);
const ids = Int32Array.from([3, 0, 10, 3, 7, 3, 1]);
const upstream = rng.normalArray(ids.length * 6);

const cases: Record<string, () => Tensor[]> = {
  matMul: () => {
    const x = tensor(a, [67, 129]) as Tensor2D;
    const y = tensor(b, [129, 33]) as Tensor2D;
    const [dx, dy] = grads((p: Tensor, q: Tensor) => matMul(p as Tensor2D, q as Tensor2D))([x, y]);
    return [matMul(x, y), dx, dy];
  },
  conv2d: () => {
    const x = tensor(image, [2, 9, 9, 3]) as Tensor4D;
    const w = tensor(filter, [3, 3, 3, 5]) as Tensor4D;
    const f = (p: Tensor, q: Tensor) => conv2d(p as Tensor4D, q as Tensor4D, [2, 2], 'same');
    const [dx, dw] = grads(f)([x, w]);
    return [f(x, w), dx, dw];
  },
  gather: () => {
    const t = tensor(table, [11, 6]);
    const i = tensor(ids, [ids.length], 'int32');
    const f = (p: Tensor) => mul(gather(p, i), tensor(upstream, [ids.length, 6]));
    const [dt] = grads(f)([t]);
    return [gather(t, i), dt];
  },
};

const reference: Record<string, Float32Array[]> = {};
beforeAll(async () => {
  for (const [name, fn] of Object.entries(cases)) reference[name] = await referenceOnCpu(fn);
});

describeBackends('ops and their gradients agree with cpu', (backend) => {
  for (const [name, fn] of Object.entries(cases)) {
    it(`${name}: value and gradients`, async () => {
      await expectNoLeaks(async () => {
        const got = tidy(fn);
        expect(got.length).toBe(reference[name].length);
        for (const [k, t] of got.entries()) {
          await expectTensorsClose(t, reference[name][k], TOLERANCE[backend]);
        }
        for (const t of got) t.dispose();
      });
    });
  }

  it('the gradient of gather sums the rows of repeated ids', async () => {
    // id 3 appears three times: its gradient row is the sum of upstream rows 0, 3 and 5.
    const [value, dt] = tidy(cases.gather);
    value.dispose();
    const values = (await dt.data()) as Float32Array;
    const row3 = Array.from(values.slice(3 * 6, 4 * 6));
    const expected = Array.from(
      { length: 6 },
      (_, j) => upstream[j] + upstream[3 * 6 + j] + upstream[5 * 6 + j],
    );
    await expectTensorsClose(row3, expected, TOLERANCE[backend]);
    const row2 = Array.from(values.slice(2 * 6, 3 * 6));
    expect(row2).toEqual([0, 0, 0, 0, 0, 0]);
    dt.dispose();
  });
});
