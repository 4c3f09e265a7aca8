import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  conv2d,
  conv2dTranspose,
  engine,
  grads,
  mul,
  type NamedAttrMap,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
  tidy,
} from '@strata/core';
import {
  expectNoLeaks,
  expectTensorsClose,
  referenceOnCpu,
  useTestBackend,
} from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

interface Geometry {
  x: Shape4;
  w: Shape4;
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const TOL = { atol: 1e-4, rtol: 1e-4 };

const GEOMETRIES: Record<string, Geometry> = {
  'batch 1, 1→4 channels, 3×3, stride 1, same': {
    x: [1, 5, 5, 1],
    w: [3, 3, 1, 4],
    strides: 1,
    pad: 'same',
  },
  'batch 3, 3→5, 3×2, stride 2, valid': {
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
  'batch 1, 3→5, 2×3, strides [1, 2], valid': {
    x: [1, 8, 9, 3],
    w: [2, 3, 3, 5],
    strides: [1, 2],
    pad: 'valid',
  },
  'filter larger than the image, same': {
    x: [1, 4, 3, 3],
    w: [5, 4, 3, 5],
    strides: 1,
    pad: 'same',
  },
  'batch 2, 8→6, 3×3, stride 1, same (both as XNNPACK convolutions)': {
    x: [2, 7, 6, 8],
    w: [3, 3, 8, 6],
    strides: 1,
    pad: 'same',
  },
  'batch 3, 9→4, 2×3, stride 1, valid, non-square (as convolutions)': {
    x: [3, 6, 8, 9],
    w: [2, 3, 9, 4],
    strides: 1,
    pad: 'valid',
  },
  'explicit asymmetric padding, stride 1, 8 channels (as convolutions)': {
    x: [2, 6, 5, 8],
    w: [3, 2, 8, 3],
    strides: 1,
    pad: [
      [0, 0],
      [2, 0],
      [1, 1],
      [0, 0],
    ],
  },
  'batch 3, 1→16, 3×3, stride 1, same (dWᵀ = dyᵀ · cols: fewer taps than outputs)': {
    x: [3, 7, 8, 1],
    w: [3, 3, 1, 16],
    strides: 1,
    pad: 'same',
  },
  'batch 2, 1→6, 2×2, stride 2, same (dWᵀ = dyᵀ · cols)': {
    x: [2, 7, 6, 1],
    w: [2, 2, 1, 6],
    strides: 2,
    pad: 'same',
  },
  '1×1, stride 1': {
    x: [3, 6, 5, 3],
    w: [1, 1, 3, 4],
    strides: 1,
    pad: 'valid',
  },
  '1×1, stride 2, same': { x: [2, 5, 5, 1], w: [1, 1, 1, 5], strides: 2, pad: 'same' },
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
};

/** Seeded inputs of a geometry, drawn once so that cpu and wasm see the same numbers. */
function data(g: Geometry, seed: number) {
  const info = backend_util.computeConv2DInfo(g.x, g.w, g.strides, 1, g.pad, g.dimRoundingMode);
  const rng = new RandomStream(seed);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    dyShape: info.outShape,
    x: rng.normalArray(size(g.x)),
    w: rng.normalArray(size(g.w)),
    dy: rng.normalArray(size(info.outShape)),
  };
}

/** dx and dW of conv2d by tfjs's gradient (only 'same'/'valid' reach the kernels that way). */
function viaGrads(g: Geometry, d: ReturnType<typeof data>): Tensor[] {
  const f = (x: Tensor, w: Tensor) =>
    mul(conv2d(x as Tensor4D, w as Tensor4D, g.strides, g.pad as 'same'), tensor(d.dy, d.dyShape));
  return grads(f)([tensor(d.x, g.x), tensor(d.w, g.w)]);
}

/** dW and dx straight from the two kernels, which also take explicit padding and rounding. */
function viaKernels(g: Geometry, d: ReturnType<typeof data>): Tensor[] {
  const common = {
    strides: g.strides,
    pad: g.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: g.dimRoundingMode,
  };
  const dy = tensor(d.dy, d.dyShape);
  const dw = engine().runKernel(Conv2DBackpropFilter, { x: tensor(d.x, g.x), dy }, {
    ...common,
    filterShape: g.w,
  } as unknown as NamedAttrMap) as Tensor;
  const dx = engine().runKernel(Conv2DBackpropInput, { dy, filter: tensor(d.w, g.w) }, {
    ...common,
    inputShape: g.x,
  } as unknown as NamedAttrMap) as Tensor;
  return [dx, dw];
}

const stringPad = Object.entries(GEOMETRIES).filter(([, g]) => typeof g.pad === 'string');
const inputs = Object.fromEntries(
  Object.keys(GEOMETRIES).map((name, i) => [name, data(GEOMETRIES[name], 100 + i)]),
);
const reference: Record<string, { grads?: Float32Array[]; kernels: Float32Array[] }> = {};

beforeAll(async () => {
  for (const [name, g] of Object.entries(GEOMETRIES)) {
    const d = inputs[name];
    reference[name] = { kernels: await referenceOnCpu(() => viaKernels(g, d)) };
    if (typeof g.pad === 'string')
      reference[name].grads = await referenceOnCpu(() => viaGrads(g, d));
  }
  await useTestBackend('wasm');
});

async function expectClose(got: Tensor[], expected: Float32Array[]): Promise<void> {
  expect(got.length).toBe(expected.length);
  try {
    for (let i = 0; i < got.length; i++) await expectTensorsClose(got[i], expected[i], TOL);
  } finally {
    for (const t of got) t.dispose();
  }
}

describe('wasm Conv2DBackpropFilter / Conv2DBackpropInput agree with cpu', () => {
  it('useBackend("wasm") reports both kernels as gaps it closed', async () => {
    const info = await useTestBackend('wasm');
    expect(info.kernelGaps).toEqual(
      expect.arrayContaining([Conv2DBackpropFilter, Conv2DBackpropInput]),
    );
  });

  for (const [name, g] of stringPad) {
    it(`grads of conv2d: ${name}`, async () => {
      await expectClose(
        tidy(() => viaGrads(g, inputs[name])),
        reference[name].grads ?? [],
      );
    });
  }

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`the kernels themselves: ${name}`, async () => {
      await expectClose(
        tidy(() => viaKernels(g, inputs[name])),
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
    await expectClose([tidy(run)], [expected]);
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
      for (const t of tidy(() => viaKernels(g, d))) t.dispose();
      const before = backend.numDataIds();
      await expectNoLeaks(() => {
        for (const t of tidy(() => [...viaGrads(g, d), ...viaKernels(g, d)])) t.dispose();
      });
      expect(backend.numDataIds()).toBe(before);
    });
  }
});
