import { engine, type KernelConfig, MaxPoolGrad, RandomStream, tidy } from '@strata/core';
import {
  expectNoLeaks,
  expectTensorsClose,
  referenceOnCpu,
  useTestBackend,
} from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  keepStockKernels,
  POOL_GEOMETRIES,
  type PoolGeometry,
  poolInputs,
  viaMaxPoolGrad,
} from '../testing/conv-geometry.js';

const inputs = poolInputs();
const reference: Record<string, Float32Array> = {};
let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  for (const [name, g] of Object.entries(POOL_GEOMETRIES)) {
    [reference[name]] = await referenceOnCpu(() => viaMaxPoolGrad(g, inputs[name], 7));
  }
  // tfjs's own kernel, kept before useBackend replaces it (its setup runs on activation).
  theirs = await keepStockKernels('wasm', [MaxPoolGrad]);
  await useTestBackend('wasm');
});

describe('wasm MaxPoolGrad agrees with cpu', () => {
  it('useBackend("wasm") reports it among the kernels it registered', async () => {
    const info = await useTestBackend('wasm');
    expect(info.kernelGaps).toContain(MaxPoolGrad);
  });

  for (const [name, g] of Object.entries(POOL_GEOMETRIES)) {
    it(`the kernel: ${name}`, async () => {
      const dx = tidy(() => viaMaxPoolGrad(g, inputs[name], 7));
      await expectTensorsClose(dx, reference[name], { atol: 1e-6, rtol: 1e-6 });
      dx.dispose();
    });
  }

  it("replaces tfjs-wasm's kernel, which drops windows whose maximum is negative", async () => {
    const stock = theirs(MaxPoolGrad);
    if (stock == null) return; // already replaced when this file started (another file activated wasm first)
    const g: PoolGeometry = { x: [1, 1, 4, 1], size: [1, 2], strides: [1, 2], pad: 'valid' };
    const x = Float32Array.from([0.5, -0.25, -0.5, -0.25]);
    const [expected] = await referenceOnCpu(() => viaMaxPoolGrad(g, x, 1));
    const dy = new RandomStream(1).normalArray(2);
    expect(Array.from(expected)).toEqual([dy[0], 0, 0, dy[1]]);
    const theirOut = tidy(() => viaMaxPoolGrad(g, x, 1, stock));
    expect(Array.from(await theirOut.data())).toEqual([dy[0], 0, 0, 0]);
    const ours = tidy(() => viaMaxPoolGrad(g, x, 1));
    await expectTensorsClose(ours, expected, { atol: 0, rtol: 0 });
    theirOut.dispose();
    ours.dispose();
  });

  it('leaks neither tensors nor wasm heap buffers', async () => {
    const name = '3×3 stride 2, same, odd sizes';
    const backend = engine().backend;
    tidy(() => viaMaxPoolGrad(POOL_GEOMETRIES[name], inputs[name], 7)).dispose();
    const before = backend.numDataIds();
    await expectNoLeaks(() => {
      tidy(() => viaMaxPoolGrad(POOL_GEOMETRIES[name], inputs[name], 7)).dispose();
    });
    expect(backend.numDataIds()).toBe(before);
  });
});
