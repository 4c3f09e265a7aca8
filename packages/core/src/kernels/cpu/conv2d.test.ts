import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  conv2d,
  conv2dTranspose,
  engine,
  getKernel,
  grad,
  type KernelConfig,
  mul,
  type NamedAttrMap,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
  useBackend,
} from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

type Shape4 = [number, number, number, number];

interface Geometry {
  x: Shape4;
  w: Shape4;
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const GEOMETRIES: Record<string, Geometry> = {
  'batch 2, 1→4, 3×3, stride 1, same': {
    x: [2, 6, 6, 1],
    w: [3, 3, 1, 4],
    strides: 1,
    pad: 'same',
  },
  'batch 3, 3→5, 3×2, stride 2, valid, non-square': {
    x: [3, 7, 6, 3],
    w: [3, 2, 3, 5],
    strides: 2,
    pad: 'valid',
  },
  'batch 3, 3→4, 3×2, stride 2, same, odd sizes': {
    x: [3, 9, 7, 3],
    w: [3, 2, 3, 4],
    strides: 2,
    pad: 'same',
  },
  'strides [1, 2], 2×3, valid': { x: [1, 8, 9, 3], w: [2, 3, 3, 5], strides: [1, 2], pad: 'valid' },
  'filter larger than the image, same': {
    x: [1, 4, 3, 3],
    w: [5, 4, 3, 5],
    strides: 1,
    pad: 'same',
  },
  '1×1, stride 1': { x: [3, 6, 5, 3], w: [1, 1, 3, 4], strides: 1, pad: 'valid' },
  'the CNN bench conv2, smaller batch': {
    x: [2, 14, 14, 8],
    w: [3, 3, 8, 16],
    strides: 1,
    pad: 'same',
  },
  'explicit padding, stride 2': {
    x: [2, 7, 6, 3],
    w: [3, 2, 3, 4],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  'numeric padding with ceil rounding': {
    x: [3, 8, 7, 1],
    w: [3, 3, 1, 5],
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  'dilation 2, same (forward only in tfjs)': {
    x: [2, 7, 8, 2],
    w: [3, 3, 2, 3],
    strides: 1,
    pad: 'same',
    dilations: 2,
  },
};

function outShape(g: Geometry) {
  return backend_util.computeConv2DInfo(
    g.x,
    g.w,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
  ).outShape;
}

function data(g: Geometry, seed: number) {
  const rng = new RandomStream(seed);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    x: rng.normalArray(size(g.x)),
    w: rng.normalArray(size(g.w)),
    dy: rng.normalArray(size(outShape(g))),
  };
}

function call(name: string, inputs: Record<string, Tensor>, attrs: object, kernel?: KernelConfig) {
  if (kernel == null) return engine().runKernel(name, inputs, attrs as NamedAttrMap) as Tensor;
  const out = kernel.kernelFunc({
    inputs,
    attrs: attrs as NamedAttrMap,
    backend: engine().backend,
  });
  return engine().makeTensorFromTensorInfo(out as never);
}

const common = (g: Geometry) => ({
  strides: g.strides,
  pad: g.pad,
  dataFormat: 'NHWC',
  dilations: g.dilations ?? 1,
  dimRoundingMode: g.dimRoundingMode,
});

const forward = (g: Geometry, d: ReturnType<typeof data>, kernel?: KernelConfig) =>
  call(Conv2D, { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) }, common(g), kernel);

const backpropInput = (g: Geometry, d: ReturnType<typeof data>, kernel?: KernelConfig) =>
  call(
    Conv2DBackpropInput,
    { dy: tensor(d.dy, outShape(g)), filter: tensor(d.w, g.w) },
    { ...common(g), inputShape: g.x },
    kernel,
  );

const TOL = { atol: 1e-4, rtol: 1e-4 };
const stock: Record<string, KernelConfig | undefined> = {};

beforeAll(async () => {
  // tfjs-cpu's own kernels, kept before useBackend replaces them.
  await import('@tensorflow/tfjs-backend-cpu');
  for (const name of [Conv2D, Conv2DBackpropInput]) stock[name] = getKernel(name, 'cpu');
  await useBackend('cpu');
});

/** tfjs-cpu's kernel when this file caught it before it was replaced. */
function theirs(name: string): KernelConfig | undefined {
  const k = stock[name];
  return k != null && k.kernelFunc !== getKernel(name, 'cpu')?.kernelFunc ? k : undefined;
}

describe('cpu Conv2D and Conv2DBackpropInput agree with tfjs-cpu', () => {
  it('useBackend("cpu") reports both among the kernels it registered', async () => {
    const info = await useBackend('cpu');
    expect(info.kernelGaps).toEqual(expect.arrayContaining([Conv2D, Conv2DBackpropInput]));
    expect(theirs(Conv2D)).toBeDefined();
  });

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`Conv2D: ${name}`, async () => {
      const d = data(g, name.length);
      const [ours, ref] = tidy(() => [forward(g, d), forward(g, d, theirs(Conv2D))]);
      await expectTensorsClose(ours, ref, TOL);
      ours.dispose();
      ref.dispose();
    });
    if (g.dilations != null) continue; // tfjs-cpu's Conv2DBackpropInput has no dilations
    it(`Conv2DBackpropInput: ${name}`, async () => {
      const d = data(g, name.length);
      const [ours, ref] = tidy(() => [
        backpropInput(g, d),
        backpropInput(g, d, theirs(Conv2DBackpropInput)),
      ]);
      await expectTensorsClose(ours, ref, TOL);
      ours.dispose();
      ref.dispose();
    });
  }

  it('conv2d gradients and conv2dTranspose go through them', async () => {
    const g = GEOMETRIES['batch 3, 3→4, 3×2, stride 2, same, odd sizes'];
    const d = data(g, 4);
    const dx = tidy(() =>
      grad((x: Tensor) =>
        mul(
          conv2d(x as Tensor4D, tensor(d.w, g.w) as Tensor4D, 2, 'same'),
          tensor(d.dy, outShape(g)),
        ),
      )(tensor(d.x, g.x)),
    );
    const ref = tidy(() => backpropInput(g, d, theirs(Conv2DBackpropInput)));
    await expectTensorsClose(dx, ref, TOL);
    const t = tidy(() =>
      conv2dTranspose(
        tensor(d.dy, outShape(g)) as Tensor4D,
        tensor(d.w, g.w) as Tensor4D,
        g.x,
        2,
        'same',
      ),
    );
    await expectTensorsClose(t, ref, TOL);
    for (const x of [dx, ref, t]) x.dispose();
  });

  it('leaks nothing', async () => {
    const g = GEOMETRIES['batch 2, 1→4, 3×3, stride 1, same'];
    const d = data(g, 1);
    await expectNoLeaks(() => {
      for (const t of tidy(() => [forward(g, d), backpropInput(g, d)])) t.dispose();
    });
  });
});
