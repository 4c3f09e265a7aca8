/**
 * Test fixture of the conv and pool kernel tests (cpu and wasm): the geometry tables, the
 * plain-JS definitions they are checked against, and the helpers that run a kernel (Strata's
 * or tfjs's own) on a geometry. Test-only: not imported by `src/index.ts`, so not in `dist`,
 * and left out of the published `src` by package.json's `files`.
 */
import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  engine,
  getKernel,
  type KernelConfig,
  MaxPoolGrad,
  maxPool,
  type NamedAttrMap,
  RandomStream,
  type Tensor,
  type Tensor4D,
  tensor,
} from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { expect } from 'vitest';

export type Shape4 = [number, number, number, number];
export type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
export type DimRoundingMode = 'floor' | 'round' | 'ceil';

/** One conv2d (or depthwise conv2d) geometry, channels-last. */
export interface ConvGeometry {
  x: Shape4;
  /** `[fh, fw, ci, co]`; depthwise: `[fh, fw, ci, multiplier]`. */
  w: Shape4;
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dimRoundingMode?: DimRoundingMode;
}

/** NHWC explicit padding of the height (`[top, bottom]`) and width (`[left, right]`) axes. */
function explicitPad(
  height: [number, number],
  width: [number, number],
): backend_util.ExplicitPadding {
  return [[0, 0], height, width, [0, 0]];
}

/**
 * The conv2d geometries: strides, same/valid/explicit/numeric padding, ceil rounding,
 * dilation, batch > 1, non-square images and filters, 1×1 filters, a filter larger than the
 * image, and the shapes that take the wasm kernels' XNNPACK paths.
 */
export const CONV_GEOMETRIES: Record<string, ConvGeometry> = {
  'batch 1, 1→4 channels, 3×3, stride 1, same': {
    x: [1, 5, 5, 1],
    w: [3, 3, 1, 4],
    strides: 1,
    pad: 'same',
  },
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
  '1×1, stride 1': { x: [3, 6, 5, 3], w: [1, 1, 3, 4], strides: 1, pad: 'valid' },
  '1×1, stride 2, same': { x: [2, 5, 5, 1], w: [1, 1, 1, 5], strides: 2, pad: 'same' },
  'the CNN bench conv2, smaller batch': {
    x: [2, 14, 14, 8],
    w: [3, 3, 8, 16],
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
    pad: explicitPad([2, 0], [1, 1]),
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
  'explicit padding, stride 2': {
    x: [2, 7, 6, 3],
    w: [3, 2, 3, 4],
    strides: 2,
    pad: explicitPad([1, 2], [2, 0]),
  },
  'numeric padding with ceil rounding': {
    x: [3, 8, 7, 1],
    w: [3, 3, 1, 5],
    strides: 2,
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  'dilation 2, same': { x: [2, 7, 8, 2], w: [3, 3, 2, 3], strides: 1, pad: 'same', dilations: 2 },
  'dilations [2, 3], valid': {
    x: [1, 9, 10, 2],
    w: [2, 3, 2, 3],
    strides: 1,
    pad: 'valid',
    dilations: [2, 3],
  },
};

/** The depthwise conv2d geometries, `w` `[fh, fw, ci, multiplier]`. */
export const DEPTHWISE_GEOMETRIES: Record<string, ConvGeometry> = {
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
  'multiplier 2, dilation 2, same': {
    x: [2, 8, 7, 3],
    w: [3, 3, 3, 2],
    strides: 1,
    pad: 'same',
    dilations: 2,
  },
  'dilations [2, 3], valid': {
    x: [1, 9, 10, 2],
    w: [2, 3, 2, 1],
    strides: 1,
    pad: 'valid',
    dilations: [2, 3],
  },
};

/** The entries of a table with (`true`) or without (`false`) dilations. */
export function dilated(
  table: Record<string, ConvGeometry>,
  withDilations: boolean,
): [string, ConvGeometry][] {
  return Object.entries(table).filter(([, g]) => (g.dilations != null) === withDilations);
}

/** tfjs's geometry of the forward convolution. */
export function convInfo(g: ConvGeometry, depthwise = false): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    g.x,
    g.w,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
    depthwise,
  );
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Seeded x, W and dy of a geometry, drawn once so that every kernel sees the same numbers. */
export function convData(g: ConvGeometry, seed: number, depthwise = false) {
  const dyShape = convInfo(g, depthwise).outShape;
  const rng = new RandomStream(seed);
  return {
    dyShape,
    x: rng.normalArray(size(g.x)),
    w: rng.normalArray(size(g.w)),
    dy: rng.normalArray(size(dyShape)),
  };
}

export type ConvData = ReturnType<typeof convData>;

/**
 * dx and dW by the definition, `y[b, oy, ox, o] = Σ x[b, oy·s + ky·d − pad, ox·s + kx·d − pad, c]
 * · W[ky, kx, c, o]` (depthwise: only `c = ⌊o / m⌋`, `W[ky, kx, c, o mod m]`): the reference
 * where tfjs's own kernels fall short (dilations).
 */
export function naiveConvGrads(
  g: ConvGeometry,
  d: ConvData,
  depthwise = false,
): [Float32Array, Float32Array] {
  const c = convInfo(g, depthwise);
  const [fh, fw, ci, m] = g.w;
  const co = depthwise ? ci * m : m;
  const dx = new Float32Array(size(g.x));
  const dw = new Float32Array(size(g.w));
  for (let b = 0; b < c.batchSize; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padInfo.top;
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padInfo.left;
            if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue;
            for (let i = 0; i < ci; i++)
              for (let q = 0; q < m; q++) {
                const xi = ((b * c.inHeight + iy) * c.inWidth + ix) * ci + i;
                const wi = ((ky * fw + kx) * ci + i) * m + q;
                const o = depthwise ? i * m + q : q;
                const gy = d.dy[((b * c.outHeight + oy) * c.outWidth + ox) * co + o];
                dx[xi] += d.w[wi] * gy;
                dw[wi] += d.x[xi] * gy;
              }
          }
  return [dx, dw];
}

/** The attrs the conv kernels share (the depthwise ones ignore `dataFormat`). */
export function convAttrs(g: ConvGeometry) {
  return {
    strides: g.strides,
    pad: g.pad,
    dataFormat: 'NHWC',
    dilations: g.dilations ?? 1,
    dimRoundingMode: g.dimRoundingMode,
  };
}

/** Runs kernel `name` through the engine, or `kernel`'s function directly (tfjs's own one). */
export function runKernel(
  name: string,
  inputs: Record<string, Tensor>,
  attrs: object,
  kernel?: KernelConfig,
): Tensor {
  if (kernel == null) return engine().runKernel(name, inputs, attrs as NamedAttrMap) as Tensor;
  const out = kernel.kernelFunc({
    inputs,
    attrs: attrs as NamedAttrMap,
    backend: engine().backend,
  });
  return engine().makeTensorFromTensorInfo(out as never);
}

/** y through the Conv2D kernel (Strata's, or `kernel`). */
export function viaConv2D(g: ConvGeometry, d: ConvData, kernel?: KernelConfig): Tensor {
  return runKernel(Conv2D, { x: tensor(d.x, g.x), filter: tensor(d.w, g.w) }, convAttrs(g), kernel);
}

/** dx through the Conv2DBackpropInput kernel, or the depthwise one. */
export function viaBackpropInput(
  g: ConvGeometry,
  d: ConvData,
  kernel?: KernelConfig,
  depthwise = false,
): Tensor {
  return runKernel(
    depthwise ? DepthwiseConv2dNativeBackpropInput : Conv2DBackpropInput,
    { dy: tensor(d.dy, d.dyShape), filter: tensor(d.w, g.w) },
    { ...convAttrs(g), inputShape: g.x },
    kernel,
  );
}

/** dW through the Conv2DBackpropFilter kernel, or the depthwise one. */
export function viaBackpropFilter(
  g: ConvGeometry,
  d: ConvData,
  kernel?: KernelConfig,
  depthwise = false,
): Tensor {
  return runKernel(
    depthwise ? DepthwiseConv2dNativeBackpropFilter : Conv2DBackpropFilter,
    { x: tensor(d.x, g.x), dy: tensor(d.dy, d.dyShape) },
    { ...convAttrs(g), filterShape: g.w },
    kernel,
  );
}

/** [dx, dW] straight from Strata's two gradient kernels, which also take explicit padding and rounding. */
export function viaBackpropKernels(g: ConvGeometry, d: ConvData, depthwise = false): Tensor[] {
  return [
    viaBackpropInput(g, d, undefined, depthwise),
    viaBackpropFilter(g, d, undefined, depthwise),
  ];
}

/**
 * Keeps tfjs's own kernels `names` of `backend` before Strata's replace them (call before
 * `useBackend`). Returns the lookup: tfjs's kernel where this file caught it before it was
 * replaced, undefined where another file had activated the backend first.
 */
export async function keepStockKernels(
  backend: 'cpu' | 'wasm',
  names: string[],
): Promise<(name: string) => KernelConfig | undefined> {
  if (backend === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else await import('@tensorflow/tfjs-backend-wasm');
  const stock = new Map(names.map((name) => [name, getKernel(name, backend)]));
  return (name) => {
    const kernel = stock.get(name);
    return kernel != null && kernel.kernelFunc !== getKernel(name, backend)?.kernelFunc
      ? kernel
      : undefined;
  };
}

/** Expects each tensor close to its expected values, then disposes of them all. */
export async function expectAllClose(
  got: Tensor[],
  expected: (Tensor | Float32Array)[],
  tol = CONV_TOL,
): Promise<void> {
  expect(got.length).toBe(expected.length);
  try {
    for (let i = 0; i < got.length; i++) await expectTensorsClose(got[i], expected[i], tol);
  } finally {
    for (const t of got) t.dispose();
  }
}

export const CONV_TOL = { atol: 1e-4, rtol: 1e-4 };

/** One max-pool geometry, channels-last. */
export interface PoolGeometry {
  x: Shape4;
  size: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: DimRoundingMode;
  /** Values drawn from a few integers, so that windows have ties. */
  ties?: boolean;
}

export const POOL_GEOMETRIES: Record<string, PoolGeometry> = {
  '1 row, pool [1, 2]': { x: [1, 1, 6, 1], size: [1, 2], strides: [1, 2], pad: 'valid' },
  '2×2 stride 2, 4 channels': { x: [2, 4, 4, 4], size: [2, 2], strides: [2, 2], pad: 'valid' },
  '3×3 stride 2, same, odd sizes': { x: [2, 5, 7, 3], size: [3, 3], strides: [2, 2], pad: 'same' },
  'overlapping 2×3, strides [1, 2]': {
    x: [1, 5, 5, 2],
    size: [2, 3],
    strides: [1, 2],
    pad: 'valid',
  },
  '2×2 stride 1, same, 8 channels': { x: [1, 6, 6, 8], size: [2, 2], strides: [1, 1], pad: 'same' },
  'ties, overlapping 3×3 stride 1': {
    x: [2, 5, 6, 3],
    size: [3, 3],
    strides: [1, 1],
    pad: 'same',
    ties: true,
  },
  'numeric padding, ceil rounding': {
    x: [1, 7, 6, 2],
    size: [3, 3],
    strides: [2, 2],
    pad: 1,
    dimRoundingMode: 'ceil',
  },
};

/** Seeded input of a pool geometry. */
export function poolInput(g: PoolGeometry, seed: number): Float32Array {
  const rng = new RandomStream(seed);
  const n = size(g.x);
  return g.ties ? Float32Array.from({ length: n }, () => rng.int(3) - 1) : rng.normalArray(n);
}

/** The inputs of every pool geometry, seeded 300, 301, … in table order. */
export function poolInputs(): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(POOL_GEOMETRIES).map(([name, g], i) => [name, poolInput(g, 300 + i)]),
  );
}

/** dx through the MaxPoolGrad kernel, dy drawn from a seeded stream once its shape is known. */
export function viaMaxPoolGrad(
  g: PoolGeometry,
  x: Float32Array,
  seed: number,
  kernel?: KernelConfig,
): Tensor {
  const input = tensor(x, g.x) as Tensor4D;
  const output = maxPool(input, g.size, g.strides, g.pad, g.dimRoundingMode);
  const dy = tensor(new RandomStream(seed).normalArray(output.size), output.shape);
  const attrs = {
    filterSize: g.size,
    strides: g.strides,
    pad: g.pad,
    dimRoundingMode: g.dimRoundingMode,
  };
  return runKernel(MaxPoolGrad, { dy, input, output }, attrs, kernel);
}
