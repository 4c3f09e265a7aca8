import {
  DepthwiseConv2dNative,
  FusedDepthwiseConv2D,
  fused,
  type KernelConfig,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
  useBackend,
} from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvData,
  type ConvGeometry,
  convAttrs,
  convData,
  convInfo,
  DEPTHWISE_GEOMETRIES,
  keepStockKernels,
  runKernel,
  CONV_TOL as TOL,
} from '../testing/conv-geometry.js';

/** tfjs-cpu's kernels when this file caught them before they were replaced. */
let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  theirs = await keepStockKernels('cpu', [DepthwiseConv2dNative, FusedDepthwiseConv2D]);
  await useBackend('cpu');
});

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

interface Fused {
  activation?: (typeof ACTIVATIONS)[number];
  bias?: number[];
  /** PReLU weights shape; default [co]. */
  prelu?: number[];
}

/** y through FusedDepthwiseConv2D (Strata's, or `kernel`), bias and weights drawn from `seed`. */
function viaFused(
  g: ConvGeometry,
  d: ConvData,
  f: Fused,
  seed: number,
  kernel?: KernelConfig,
): Tensor {
  const co = g.w[2] * g.w[3];
  const rng = new RandomStream(seed);
  const inputs: Record<string, Tensor> = { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) };
  if (f.bias != null) inputs.bias = tensor(rng.normalArray(size(f.bias)), f.bias);
  if (f.activation === 'prelu') {
    const shape = f.prelu ?? [co];
    const values = rng.normalArray(size(shape)).map((v) => 0.1 + Math.abs(v) * 0.1);
    inputs.preluActivationWeights = tensor(values, shape);
  }
  const attrs = { ...convAttrs(g), activation: f.activation, leakyreluAlpha: 0.3 };
  return runKernel(FusedDepthwiseConv2D, inputs, attrs, kernel);
}

async function expectSame(make: (kernel?: KernelConfig) => Tensor, name: string) {
  const [ours, ref] = tidy(() => [make(), make(theirs(name))]);
  try {
    expect(ours.shape).toEqual(ref.shape);
    await expectTensorsClose(ours, ref, TOL);
  } finally {
    ours.dispose();
    ref.dispose();
  }
}

describe('cpu DepthwiseConv2dNative and FusedDepthwiseConv2D agree with tfjs-cpu', () => {
  it('useBackend("cpu") reports both among the kernels it registered', async () => {
    const info = await useBackend('cpu');
    expect(info.kernelGaps).toEqual(
      expect.arrayContaining([DepthwiseConv2dNative, FusedDepthwiseConv2D]),
    );
    expect(theirs(DepthwiseConv2dNative)).toBeDefined();
    expect(theirs(FusedDepthwiseConv2D)).toBeDefined();
  });

  for (const [name, g] of Object.entries(DEPTHWISE_GEOMETRIES)) {
    const d = convData(g, name.length, true);
    const co = g.w[2] * g.w[3];
    it(`DepthwiseConv2dNative: ${name}`, async () => {
      await expectSame(
        (k) =>
          runKernel(
            DepthwiseConv2dNative,
            { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) },
            convAttrs(g),
            k,
          ),
        DepthwiseConv2dNative,
      );
    });
    for (const activation of ACTIVATIONS) {
      it(`FusedDepthwiseConv2D: ${name}, ${activation}, with and without bias [co]`, async () => {
        for (const bias of [undefined, [co]]) {
          await expectSame((k) => viaFused(g, d, { activation, bias }, 5, k), FusedDepthwiseConv2D);
        }
      });
    }
  }

  const g = DEPTHWISE_GEOMETRIES['multiplier 2, 3×2, stride 2, valid, non-square'];
  const d = convData(g, 6, true);
  const [, oh, ow, co] = convInfo(g, true).outShape;
  const shapes: Record<string, number[]> = {
    'scalar []': [],
    '[1]': [1],
    '[oh, ow, co]': [oh, ow, co],
    '[oh, 1, co]': [oh, 1, co],
  };
  for (const [label, shape] of Object.entries(shapes)) {
    it(`FusedDepthwiseConv2D: bias and prelu weights ${label}; no activation`, async () => {
      const f = (fu: Fused) => (k?: KernelConfig) => viaFused(g, d, fu, 7, k);
      await expectSame(f({ activation: 'prelu', bias: shape, prelu: shape }), FusedDepthwiseConv2D);
      await expectSame(f({ bias: shape }), FusedDepthwiseConv2D);
    });
  }

  it('fused.depthwiseConv2d (the op layers call) runs it and matches tfjs-cpu', async () => {
    const bias = new RandomStream(8).normalArray(co);
    const y = tidy(() =>
      fused.depthwiseConv2d({
        x: tensor(d.x, g.x) as Tensor4D,
        filter: tensor(d.w, g.w) as Tensor4D,
        strides: 2,
        pad: 'valid',
        bias: tensor(bias, [co]),
        activation: 'relu',
      }),
    );
    const ref = tidy(() =>
      viaFused(g, d, { activation: 'relu', bias: [co] }, 8, theirs(FusedDepthwiseConv2D)),
    );
    await expectTensorsClose(y, ref, TOL);
    y.dispose();
    ref.dispose();
  });

  it('refuses NCHW, an unknown activation and prelu without weights', () => {
    const run = (name: string, attrs: object) => () =>
      tidy(() =>
        runKernel(
          name,
          { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) },
          {
            ...convAttrs(g),
            ...attrs,
          },
        ),
      );
    expect(run(DepthwiseConv2dNative, { dataFormat: 'NCHW' })).toThrow(/dataFormat 'NHWC'/);
    expect(run(FusedDepthwiseConv2D, { activation: 'gelu' })).toThrow(/Received: 'gelu'/);
    expect(run(FusedDepthwiseConv2D, { activation: 'prelu' })).toThrow(/preluActivationWeights/);
  });

  it('leaks nothing', async () => {
    await expectNoLeaks(() => {
      tidy(() => viaFused(g, d, { activation: 'prelu', bias: [co] }, 9)).dispose();
      tidy(() =>
        runKernel(
          DepthwiseConv2dNative,
          { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) },
          convAttrs(g),
        ),
      ).dispose();
    });
  });
});
