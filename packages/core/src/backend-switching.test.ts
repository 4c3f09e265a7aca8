import { add, type BackendName, matMul, memory, tensor, tidy, useBackend } from '@strata/core';
import { BACKENDS_HERE, expectTensorsClose, TOLERANCE, useTestBackend } from '@strata/test-utils';
import { expect, it } from 'vitest';

// cpu → wasm → webgl → webgpu → cpu (those available here), in one process: a tensor made on
// one backend is used on the next, and nothing leaks.
const route: BackendName[] = (['cpu', 'wasm', 'webgl', 'webgpu', 'cpu'] as const).filter(
  (b) => b === 'cpu' || BACKENDS_HERE.includes(b),
);

it(`switching ${route.join(' → ')} keeps results correct and leaks no tensors`, async () => {
  await useBackend('cpu');
  const before = memory().numTensors;
  let carried = tensor([
    [1, 2],
    [3, 4],
  ]);
  // Each hop computes carried ← carried·M + 1 with M = [[0, 1], [1, 0]] (swap columns).
  let expected = [1, 2, 3, 4];
  for (const backend of route.slice(1)) {
    await useTestBackend(backend);
    const next = tidy(() =>
      add(
        matMul(
          carried,
          tensor([
            [0, 1],
            [1, 0],
          ]),
        ),
        1,
      ),
    );
    carried.dispose();
    carried = next;
    expected = [expected[1] + 1, expected[0] + 1, expected[3] + 1, expected[2] + 1];
    await expectTensorsClose(carried, expected, TOLERANCE[backend]);
  }
  carried.dispose();
  expect(memory().numTensors).toBe(before);
});
