import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  depthwiseConv2d,
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

interface Geometry {
  x: Shape4;
  /** [fh, fw, ci, multiplier] */
  w: Shape4;
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const GEOMETRIES: Record<string, Geometry> = {
  'batch 2, 3 channels, 3×3, stride 1, same': {
    x: [2, 6, 5, 3],
    w: [3, 3, 3, 1],
    strides: 1,
    pad: 'same',
  },
  'multiplier 2, 3×2, stride 2, valid, non-square': {
    x: [3, 7, 6, 4],
    w: [3, 2, 4, 2],
    strides: 2,
    pad: 'valid',
  },
  'multiplier 3, strides [1, 2], same, odd sizes': {
    x: [1, 9, 7, 2],
    w: [2, 3, 2, 3],
    strides: [1, 2],
    pad: 'same',
  },
  'numeric padding with ceil rounding': {
    x: [2, 8, 7, 2],
    w: [3, 3, 2, 1],
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
};

const TOL = { atol: 1e-4, rtol: 1e-4 };

/**
 * dx and dW by the definition, `y[b, oy, ox, c·m + q] = Σ x[b, oy·s + ky·d − pad, …, c] ·
 * W[ky, kx, c, q]`: the reference for dilations, which tfjs-cpu's kernels ignore.
 */
function naive(g: Geometry, d: ReturnType<typeof data>): Float32Array[] {
  const c = backend_util.computeConv2DInfo(
    g.x,
    g.w,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
    true,
  );
  const [fh, fw, ci, m] = g.w;
  const dx = new Float32Array(d.x.length);
  const dw = new Float32Array(d.w.length);
  for (let b = 0; b < c.batchSize; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padInfo.top;
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padInfo.left;
            if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue;
            for (let ch = 0; ch < ci; ch++)
              for (let q = 0; q < m; q++) {
                const xi = ((b * c.inHeight + iy) * c.inWidth + ix) * ci + ch;
                const wi = ((ky * fw + kx) * ci + ch) * m + q;
                const g2 = d.dy[((b * c.outHeight + oy) * c.outWidth + ox) * ci * m + ch * m + q];
                dx[xi] += d.w[wi] * g2;
                dw[wi] += d.x[xi] * g2;
              }
          }
  return [dx, dw];
}

function data(g: Geometry, seed: number) {
  const info = backend_util.computeConv2DInfo(
    g.x,
    g.w,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
    true,
  );
  const rng = new RandomStream(seed);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return {
    dyShape: info.outShape,
    x: rng.normalArray(size(g.x)),
    w: rng.normalArray(size(g.w)),
    dy: rng.normalArray(size(info.outShape)),
  };
}

function viaKernels(g: Geometry, d: ReturnType<typeof data>): Tensor[] {
  const common = {
    strides: g.strides,
    pad: g.pad,
    dilations: g.dilations ?? 1,
    dimRoundingMode: g.dimRoundingMode,
  };
  const dy = tensor(d.dy, d.dyShape);
  const dw = engine().runKernel(DepthwiseConv2dNativeBackpropFilter, { x: tensor(d.x, g.x), dy }, {
    ...common,
    filterShape: g.w,
  } as unknown as NamedAttrMap) as Tensor;
  const dx = engine().runKernel(
    DepthwiseConv2dNativeBackpropInput,
    { dy, filter: tensor(d.w, g.w) },
    { ...common, inputShape: g.x } as unknown as NamedAttrMap,
  ) as Tensor;
  return [dx, dw];
}

/** dx and dW by tfjs's gradient of depthwiseConv2d. */
function viaGrads(g: Geometry, d: ReturnType<typeof data>): Tensor[] {
  const f = (x: Tensor, w: Tensor) =>
    mul(
      depthwiseConv2d(x as Tensor4D, w as Tensor4D, g.strides, g.pad, 'NHWC', 1, g.dimRoundingMode),
      tensor(d.dy, d.dyShape),
    );
  return grads(f)([tensor(d.x, g.x), tensor(d.w, g.w)]);
}

const inputs = Object.fromEntries(
  Object.keys(GEOMETRIES).map((name, i) => [name, data(GEOMETRIES[name], 500 + i)]),
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

async function expectClose(got: Tensor[], expected: Float32Array[]): Promise<void> {
  expect(got.length).toBe(expected.length);
  try {
    for (let i = 0; i < got.length; i++) await expectTensorsClose(got[i], expected[i], TOL);
  } finally {
    for (const t of got) t.dispose();
  }
}

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
      await expectClose(
        tidy(() => viaKernels(g, inputs[name])),
        reference[name].kernels,
      );
    });
    it(`grads of depthwiseConv2d: ${name}`, async () => {
      await expectClose(
        tidy(() => viaGrads(g, inputs[name])),
        reference[name].grads ?? [],
      );
    });
  }

  for (const g of [
    { x: [2, 8, 7, 3], w: [3, 3, 3, 2], strides: 1, pad: 'same', dilations: 2 },
    { x: [1, 9, 10, 2], w: [2, 3, 2, 1], strides: 1, pad: 'valid', dilations: [2, 3] },
  ] as Geometry[]) {
    it(`takes dilations ${JSON.stringify(g.dilations)}, by the definition`, async () => {
      const d = data(g, 7);
      await expectClose(
        tidy(() => viaKernels(g, d)),
        naive(g, d),
      );
    });
  }

  it('agrees with the definition without dilations too', async () => {
    const name = 'multiplier 3, strides [1, 2], same, odd sizes';
    await expectClose(
      tidy(() => viaKernels(GEOMETRIES[name], inputs[name])),
      naive(GEOMETRIES[name], inputs[name]),
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
