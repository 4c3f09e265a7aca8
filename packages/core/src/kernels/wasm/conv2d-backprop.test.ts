import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  conv2d,
  conv2dTranspose,
  engine,
  grads,
  mul,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import { expectNoLeaks, referenceOnCpu, useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONV_GEOMETRIES,
  type ConvData,
  type ConvGeometry,
  convData,
  dilated,
  expectAllClose,
  viaBackpropKernels,
} from '../testing/conv-geometry.js';

/** dx and dW of conv2d by tfjs's gradient (only 'same'/'valid' reach the kernels that way). */
function viaGrads(g: ConvGeometry, d: ConvData): Tensor[] {
  const f = (x: Tensor, w: Tensor) =>
    mul(conv2d(x as Tensor4D, w as Tensor4D, g.strides, g.pad as 'same'), tensor(d.dy, d.dyShape));
  return grads(f)([tensor(d.x, g.x), tensor(d.w, g.w)]);
}

// Dilations are in conv2d-backprop-attrs.test.ts.
const GEOMETRIES = Object.fromEntries(dilated(CONV_GEOMETRIES, false));
const stringPad = Object.entries(GEOMETRIES).filter(([, g]) => typeof g.pad === 'string');
const inputs = Object.fromEntries(
  Object.keys(GEOMETRIES).map((name, i) => [name, convData(GEOMETRIES[name], 100 + i)]),
);
const reference: Record<string, { grads?: Float32Array[]; kernels: Float32Array[] }> = {};

beforeAll(async () => {
  for (const [name, g] of Object.entries(GEOMETRIES)) {
    const d = inputs[name];
    reference[name] = { kernels: await referenceOnCpu(() => viaBackpropKernels(g, d)) };
    if (typeof g.pad === 'string')
      reference[name].grads = await referenceOnCpu(() => viaGrads(g, d));
  }
  await useTestBackend('wasm');
});

describe('wasm Conv2DBackpropFilter / Conv2DBackpropInput agree with cpu', () => {
  it('useBackend("wasm") reports both kernels as gaps it closed', async () => {
    const info = await useTestBackend('wasm');
    expect(info.kernelGaps).toEqual(
      expect.arrayContaining([Conv2DBackpropFilter, Conv2DBackpropInput]),
    );
  });

  for (const [name, g] of stringPad) {
    it(`grads of conv2d: ${name}`, async () => {
      await expectAllClose(
        tidy(() => viaGrads(g, inputs[name])),
        reference[name].grads ?? [],
      );
    });
  }

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`the kernels themselves: ${name}`, async () => {
      await expectAllClose(
        tidy(() => viaBackpropKernels(g, inputs[name])),
        reference[name].kernels,
      );
    });
  }

  it('conv2dTranspose (Conv2DBackpropInput forward) agrees with cpu', async () => {
    const rng = new RandomStream(5);
    const x = rng.normalArray(2 * 4 * 3 * 5);
    const w = rng.normalArray(3 * 2 * 3 * 5);
    const run = () =>
      conv2dTranspose(
        tensor(x, [2, 4, 3, 5]) as Tensor4D,
        tensor(w, [3, 2, 3, 5]) as Tensor4D,
        [2, 8, 6, 3],
        2,
        'same',
      );
    const [expected] = await referenceOnCpu(run);
    await expectAllClose([tidy(run)], [expected]);
  });

  for (const name of [
    'batch 3, 3→4, 3×2, stride 2, same, odd sizes',
    'batch 2, 8→6, 3×3, stride 1, same (both as XNNPACK convolutions)',
    'batch 2, 1→6, 2×2, stride 2, same (dWᵀ = dyᵀ · cols)',
  ]) {
    it(`leaks neither tensors nor wasm heap buffers: ${name}`, async () => {
      const g = GEOMETRIES[name];
      const d = inputs[name];
      const backend = engine().backend;
      // Warm-up, so that one-time allocations (tfjs's or XNNPACK's) don't count as leaks.
      for (const t of tidy(() => viaBackpropKernels(g, d))) t.dispose();
      const before = backend.numDataIds();
      await expectNoLeaks(() => {
        for (const t of tidy(() => [...viaGrads(g, d), ...viaBackpropKernels(g, d)])) t.dispose();
      });
      expect(backend.numDataIds()).toBe(before);
    });
  }
});
