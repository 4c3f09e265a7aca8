import {
  FusedConv2D,
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
  CONV_GEOMETRIES,
  type ConvData,
  type ConvGeometry,
  convAttrs,
  convData,
  convInfo,
  keepStockKernels,
  runKernel,
  CONV_TOL as TOL,
} from '../testing/conv-geometry.js';

/** tfjs-cpu's FusedConv2D when this file caught it before it was replaced. */
let theirs: (name: string) => KernelConfig | undefined = () => undefined;

beforeAll(async () => {
  theirs = await keepStockKernels('cpu', [FusedConv2D]);
  await useBackend('cpu');
});

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
type Activation = (typeof ACTIVATIONS)[number] | undefined;

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

interface Fused {
  activation: Activation;
  /** Bias shape, or none. */
  bias?: number[];
  /** PReLU weights shape (activation 'prelu'); default [co]. */
  prelu?: number[];
  nchw?: boolean;
}

/** `[n, h, w, c]` values → `[n, c, h, w]`. */
function toNCHW(x: Float32Array, [n, h, w, c]: readonly number[]): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < h * w; p++)
      for (let ch = 0; ch < c; ch++) out[(b * c + ch) * h * w + p] = x[(b * h * w + p) * c + ch];
  return out;
}

/** y through FusedConv2D (Strata's, or `kernel`), bias and PReLU weights drawn from `seed`. */
function viaFused(
  g: ConvGeometry,
  d: ConvData,
  f: Fused,
  seed: number,
  kernel?: KernelConfig,
): Tensor {
  const co = g.w[3];
  const rng = new RandomStream(seed);
  const [n, h, w, c] = g.x;
  const inputs: Record<string, Tensor> = {
    x: f.nchw ? tensor(toNCHW(d.x, g.x), [n, c, h, w]) : tensor(d.x, g.x),
    filter: tensor(d.w, g.w),
  };
  if (f.bias != null) inputs.bias = tensor(rng.normalArray(size(f.bias)), f.bias);
  if (f.activation === 'prelu') {
    const shape = f.prelu ?? [co];
    // Weights in [0.1, 0.6): not 1, so that a wrongly applied weight shows.
    const values = rng.normalArray(size(shape)).map((v) => 0.1 + Math.abs(v) * 0.1);
    inputs.preluActivationWeights = tensor(values, shape);
  }
  const attrs = {
    ...convAttrs(g),
    // NCHW explicit padding pads axes 2 and 3.
    pad: f.nchw && Array.isArray(g.pad) ? [g.pad[0], g.pad[3], g.pad[1], g.pad[2]] : g.pad,
    dataFormat: f.nchw ? 'NCHW' : 'NHWC',
    activation: f.activation,
    leakyreluAlpha: 0.3,
  };
  return runKernel(FusedConv2D, inputs, attrs, kernel);
}

/** Expects Strata's FusedConv2D to give tfjs-cpu's result, shape included. */
async function expectSameAsTfjs(g: ConvGeometry, f: Fused, seed: number) {
  const d = convData(g, seed);
  const [ours, ref] = tidy(() => [
    viaFused(g, d, f, seed + 1),
    viaFused(g, d, f, seed + 1, theirs(FusedConv2D)),
  ]);
  try {
    expect(ours.shape).toEqual(ref.shape);
    await expectTensorsClose(ours, ref, TOL);
  } finally {
    ours.dispose();
    ref.dispose();
  }
}

describe('cpu FusedConv2D agrees with tfjs-cpu', () => {
  it('useBackend("cpu") reports it among the kernels it registered', async () => {
    const info = await useBackend('cpu');
    expect(info.kernelGaps).toContain(FusedConv2D);
    expect(theirs(FusedConv2D)).toBeDefined();
  });

  for (const [name, g] of Object.entries(CONV_GEOMETRIES)) {
    for (const activation of ACTIVATIONS) {
      it(`${name}, ${activation}, with and without bias [co]`, async () => {
        await expectSameAsTfjs(g, { activation }, name.length);
        await expectSameAsTfjs(g, { activation, bias: [g.w[3]] }, name.length + 7);
      });
    }
    it(`${name}, NCHW, relu with bias [co] and prelu with bias and weights [co]`, async () => {
      const co = g.w[3];
      await expectSameAsTfjs(g, { activation: 'relu', bias: [co], nchw: true }, 3);
      await expectSameAsTfjs(g, { activation: 'prelu', bias: [co], nchw: true }, 4);
    });
  }

  const g = CONV_GEOMETRIES['batch 3, 3→4, 3×2, stride 2, same, odd sizes'];
  const [, oh, ow, co] = convInfo(g).outShape;

  it('no activation attr: conv + bias only', async () => {
    await expectSameAsTfjs(g, { activation: undefined, bias: [co] }, 11);
  });

  const biasShapes: Record<string, number[]> = {
    'scalar []': [],
    '[1]': [1],
    '[1, 1, 1, co]': [1, 1, 1, co],
    '[oh, ow, co]': [oh, ow, co],
    '[oh, 1, co] (not one run of axes)': [oh, 1, co],
    '[oh, ow, 1]': [oh, ow, 1],
    '[4, 1, 1, co] on batch 3 → 1: the output grows to batch 4': [4, 1, 1, co],
  };
  for (const [label, shape] of Object.entries(biasShapes)) {
    const geometry =
      shape.length === 4 && shape[0] === 4
        ? { ...g, x: [1, ...g.x.slice(1)] as ConvGeometry['x'] }
        : g;
    it(`bias ${label}, relu and prelu`, async () => {
      await expectSameAsTfjs(geometry, { activation: 'relu', bias: shape }, 12);
      await expectSameAsTfjs(geometry, { activation: 'prelu', bias: shape }, 13);
    });
  }

  const preluShapes: Record<string, number[]> = {
    '[co]': [co],
    '[1]': [1],
    'scalar []': [],
    '[1, 1, co]': [1, 1, co],
    '[oh, ow, co]': [oh, ow, co],
    '[oh, 1, co] (not one run of axes)': [oh, 1, co],
    '[oh, ow, 1]': [oh, ow, 1],
  };
  for (const [label, shape] of Object.entries(preluShapes)) {
    it(`prelu weights ${label}, with and without bias`, async () => {
      await expectSameAsTfjs(g, { activation: 'prelu', prelu: shape }, 14);
      await expectSameAsTfjs(g, { activation: 'prelu', prelu: shape, bias: [co] }, 15);
    });
  }

  it('NCHW: scalar and [1] bias, 3-D [co, oh, ow] prelu weights', async () => {
    await expectSameAsTfjs(
      g,
      { activation: 'prelu', bias: [], prelu: [co, oh, ow], nchw: true },
      16,
    );
    await expectSameAsTfjs(g, { activation: 'prelu', bias: [1], prelu: [1], nchw: true }, 17);
    await expectSameAsTfjs(g, { activation: 'elu', bias: [1], nchw: true }, 18);
  });

  it('fused.conv2d (the op layers call) runs it and matches tfjs-cpu', async () => {
    const d = convData(g, 19);
    const f: Fused = { activation: 'relu', bias: [co] };
    const bias = new RandomStream(20).normalArray(co);
    const y = tidy(() =>
      fused.conv2d({
        x: tensor(d.x, g.x) as Tensor4D,
        filter: tensor(d.w, g.w) as Tensor4D,
        strides: 2,
        pad: 'same',
        bias: tensor(bias, [co]),
        activation: 'relu',
      }),
    );
    const ref = tidy(() => viaFused(g, d, f, 20, theirs(FusedConv2D)));
    await expectTensorsClose(y, ref, TOL);
    y.dispose();
    ref.dispose();
  });

  it('refuses an unknown activation and prelu without weights', () => {
    const d = convData(g, 21);
    const run = (attrs: object) =>
      tidy(() =>
        runKernel(
          FusedConv2D,
          { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) },
          {
            ...convAttrs(g),
            ...attrs,
          },
        ),
      );
    expect(() => run({ activation: 'gelu' })).toThrow(
      /FusedConv2D.*expected an activation among .*Received: 'gelu'/,
    );
    expect(() => run({ activation: 'prelu' })).toThrow(/preluActivationWeights/);
  });

  it('leaks nothing', async () => {
    const d = convData(g, 22);
    await expectNoLeaks(() => {
      for (const f of [
        { activation: 'prelu', bias: [co] },
        { activation: 'relu', bias: [oh, 1, co] },
        { activation: 'prelu', bias: [co], nchw: true },
      ] as Fused[]) {
        tidy(() => viaFused(g, d, f, 23)).dispose();
      }
    });
  });
});
