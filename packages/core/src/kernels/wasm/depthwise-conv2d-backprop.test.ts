import {
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  depthwiseConv2d,
  engine,
  grads,
  mul,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import { expectNoLeaks, referenceOnCpu, useTestBackend } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvData,
  type ConvGeometry,
  convData,
  DEPTHWISE_GEOMETRIES,
  dilated,
  expectAllClose,
  naiveConvGrads,
  viaBackpropKernels,
} from '../testing/conv-geometry.js';

const viaKernels = (g: ConvGeometry, d: ConvData) => viaBackpropKernels(g, d, true);

/** dx and dW by tfjs's gradient of depthwiseConv2d. */
function viaGrads(g: ConvGeometry, d: ConvData): Tensor[] {
  const f = (x: Tensor, w: Tensor) =>
    mul(
      depthwiseConv2d(
        x as Tensor4D,
        w as Tensor4D,
        g.strides,
        g.pad as 'same',
        'NHWC',
        1,
        g.dimRoundingMode,
      ),
      tensor(d.dy, d.dyShape),
    );
  return grads(f)([tensor(d.x, g.x), tensor(d.w, g.w)]);
}

// tfjs-cpu's depthwise gradient kernels ignore dilations: those geometries are checked
// against the definition instead.
const GEOMETRIES = Object.fromEntries(dilated(DEPTHWISE_GEOMETRIES, false));
const inputs = Object.fromEntries(
  Object.keys(GEOMETRIES).map((name, i) => [name, convData(GEOMETRIES[name], 500 + i, true)]),
);
const reference: Record<string, { kernels: Float32Array[]; grads?: Float32Array[] }> = {};

beforeAll(async () => {
  for (const [name, g] of Object.entries(GEOMETRIES)) {
    const d = inputs[name];
    reference[name] = { kernels: await referenceOnCpu(() => viaKernels(g, d)) };
    reference[name].grads = await referenceOnCpu(() => viaGrads(g, d));
  }
  await useTestBackend('wasm');
});

describe('wasm DepthwiseConv2dNativeBackpropFilter / Input agree with cpu', () => {
  it('useBackend("wasm") reports both kernels as gaps it closed', async () => {
    const info = await useTestBackend('wasm');
    expect(info.kernelGaps).toEqual(
      expect.arrayContaining([
        DepthwiseConv2dNativeBackpropFilter,
        DepthwiseConv2dNativeBackpropInput,
      ]),
    );
  });

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`the kernels themselves: ${name}`, async () => {
      await expectAllClose(
        tidy(() => viaKernels(g, inputs[name])),
        reference[name].kernels,
      );
    });
    it(`grads of depthwiseConv2d: ${name}`, async () => {
      await expectAllClose(
        tidy(() => viaGrads(g, inputs[name])),
        reference[name].grads ?? [],
      );
    });
  }

  for (const [, g] of dilated(DEPTHWISE_GEOMETRIES, true)) {
    it(`takes dilations ${JSON.stringify(g.dilations)}, by the definition`, async () => {
      const d = convData(g, 7, true);
      await expectAllClose(
        tidy(() => viaKernels(g, d)),
        naiveConvGrads(g, d, true),
      );
    });
  }

  it('agrees with the definition without dilations too', async () => {
    const name = 'multiplier 3, strides [1, 2], same, odd sizes';
    await expectAllClose(
      tidy(() => viaKernels(GEOMETRIES[name], inputs[name])),
      naiveConvGrads(GEOMETRIES[name], inputs[name], true),
    );
  });

  it('leaks neither tensors nor wasm heap buffers', async () => {
    const name = 'multiplier 2, 3×2, stride 2, valid, non-square';
    const backend = engine().backend;
    for (const t of tidy(() => viaKernels(GEOMETRIES[name], inputs[name]))) t.dispose();
    const before = backend.numDataIds();
    await expectNoLeaks(() => {
      for (const t of tidy(() => viaKernels(GEOMETRIES[name], inputs[name]))) t.dispose();
    });
    expect(backend.numDataIds()).toBe(before);
  });
});
