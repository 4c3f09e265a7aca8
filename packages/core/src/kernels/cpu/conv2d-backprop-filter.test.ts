import {
  backend_util,
  Conv2DBackpropFilter,
  conv2d,
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
};

const DILATED: Record<string, Geometry> = {
  'dilation 2, same': { x: [2, 7, 8, 2], w: [3, 3, 2, 3], strides: 1, pad: 'same', dilations: 2 },
  'dilations [2, 3], valid': {
    x: [1, 9, 10, 2],
    w: [2, 3, 2, 3],
    strides: 1,
    pad: 'valid',
    dilations: [2, 3],
  },
};

function info(g: Geometry) {
  return backend_util.computeConv2DInfo(
    g.x,
    g.w,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
  );
}

function data(g: Geometry, seed: number) {
  const rng = new RandomStream(seed);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return { x: rng.normalArray(size(g.x)), dy: rng.normalArray(size(info(g).outShape)) };
}

/** dW by the definition, `Σ_{b, oy, ox} x[b, oy·s + ky·d − pad, …, c] · dy[b, oy, ox, o]`. */
function naive(g: Geometry, d: ReturnType<typeof data>): Float32Array {
  const c = info(g);
  const [fh, fw, ci, co] = g.w;
  const dw = new Float32Array(fh * fw * ci * co);
  for (let b = 0; b < c.batchSize; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padInfo.top;
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padInfo.left;
            if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue;
            for (let i = 0; i < ci; i++)
              for (let o = 0; o < co; o++)
                dw[((ky * fw + kx) * ci + i) * co + o] +=
                  d.x[((b * c.inHeight + iy) * c.inWidth + ix) * ci + i] *
                  d.dy[((b * c.outHeight + oy) * c.outWidth + ox) * co + o];
          }
  return dw;
}

function run(g: Geometry, d: ReturnType<typeof data>, kernel?: KernelConfig): Tensor {
  const x = tensor(d.x, g.x);
  const dy = tensor(d.dy, info(g).outShape);
  const attrs = {
    strides: g.strides,
    pad: g.pad,
    dataFormat: 'NHWC',
    dimRoundingMode: g.dimRoundingMode,
    filterShape: g.w,
    dilations: g.dilations,
  } as unknown as NamedAttrMap;
  if (kernel == null) return engine().runKernel(Conv2DBackpropFilter, { x, dy }, attrs) as Tensor;
  const out = kernel.kernelFunc({ inputs: { x, dy }, attrs, backend: engine().backend });
  return engine().makeTensorFromTensorInfo(out as never);
}

const TOL = { atol: 1e-4, rtol: 1e-4 };
let stock: KernelConfig | undefined;

beforeAll(async () => {
  // tfjs-cpu's own kernel, kept before useBackend replaces it.
  await import('@tensorflow/tfjs-backend-cpu');
  stock = getKernel(Conv2DBackpropFilter, 'cpu');
  await useBackend('cpu');
});

describe('cpu Conv2DBackpropFilter', () => {
  it('useBackend("cpu") reports it among the kernels it registered', async () => {
    expect((await useBackend('cpu')).kernelGaps).toContain(Conv2DBackpropFilter);
    expect(getKernel(Conv2DBackpropFilter, 'cpu')?.kernelFunc).not.toBe(stock?.kernelFunc);
  });

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`agrees with tfjs-cpu's own kernel and the definition: ${name}`, async () => {
      const d = data(g, name.length);
      const ours = tidy(() => run(g, d));
      await expectTensorsClose(ours, naive(g, d), TOL);
      if (
        stock != null &&
        stock.kernelFunc !== getKernel(Conv2DBackpropFilter, 'cpu')?.kernelFunc
      ) {
        const theirs = tidy(() => run(g, d, stock));
        await expectTensorsClose(ours, theirs, TOL);
        theirs.dispose();
      }
      ours.dispose();
    });
  }

  for (const [name, g] of Object.entries(DILATED)) {
    it(`takes dilations, which tfjs's kernel ignores: ${name}`, async () => {
      const d = data(g, name.length);
      const ours = tidy(() => run(g, d));
      await expectTensorsClose(ours, naive(g, d), TOL);
      ours.dispose();
    });
  }

  it('is the gradient of conv2d', async () => {
    const g = GEOMETRIES['batch 3, 3→4, 3×2, stride 2, same, odd sizes'];
    const d = data(g, 9);
    const dw = tidy(() =>
      grad((w: Tensor) =>
        mul(
          conv2d(tensor(d.x, g.x) as Tensor4D, w as Tensor4D, 2, 'same'),
          tensor(d.dy, info(g).outShape),
        ),
      )(tensor(new RandomStream(3).normalArray(3 * 2 * 3 * 4), g.w)),
    );
    await expectTensorsClose(dw, naive(g, d), TOL);
    dw.dispose();
  });

  it('returns zeros for an empty batch and leaks nothing', async () => {
    const g: Geometry = { x: [0, 5, 5, 2], w: [3, 3, 2, 3], strides: 1, pad: 'same' };
    const dw = tidy(() => run(g, data(g, 1)));
    await expectTensorsClose(dw, new Float32Array(3 * 3 * 2 * 3));
    dw.dispose();
    const small = GEOMETRIES['batch 2, 1→4, 3×3, stride 1, same'];
    const d = data(small, 1);
    await expectNoLeaks(() => {
      tidy(() => run(small, d)).dispose();
    });
  });
});
