import { type KernelConfig, MaxPoolGrad, tidy, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  keepStockKernels,
  POOL_GEOMETRIES,
  poolInputs,
  viaMaxPoolGrad,
} from '../testing/conv-geometry.js';

const inputs = poolInputs();
let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  // tfjs-cpu's own kernel, kept before useBackend replaces it.
  theirs = await keepStockKernels('cpu', [MaxPoolGrad]);
  await useBackend('cpu');
});

describe("cpu MaxPoolGrad agrees with tfjs-cpu's own kernel", () => {
  it('useBackend("cpu") reports it among the kernels it registered', async () => {
    expect((await useBackend('cpu')).kernelGaps).toContain(MaxPoolGrad);
    expect(theirs(MaxPoolGrad)).toBeDefined();
  });

  for (const [name, g] of Object.entries(POOL_GEOMETRIES)) {
    it(name, async () => {
      const [ours, ref] = tidy(() => [
        viaMaxPoolGrad(g, inputs[name], 7),
        viaMaxPoolGrad(g, inputs[name], 7, theirs(MaxPoolGrad)),
      ]);
      await expectTensorsClose(ours, ref, { atol: 1e-6, rtol: 1e-6 });
      ours.dispose();
      ref.dispose();
    });
  }

  it('leaks nothing', async () => {
    const name = '3×3 stride 2, same, odd sizes';
    await expectNoLeaks(() => {
      tidy(() => viaMaxPoolGrad(POOL_GEOMETRIES[name], inputs[name], 7)).dispose();
    });
  });
});
