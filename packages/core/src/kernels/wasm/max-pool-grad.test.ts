import {
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
type Pad = 'same' | 'valid' | number;

interface Geometry {
  x: Shape4;
  size: [number, number];
  strides: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Values drawn from a few integers, so that windows have ties. */
  ties?: boolean;
}

const GEOMETRIES: Record<string, Geometry> = {
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

function data(g: Geometry, seed: number) {
  const rng = new RandomStream(seed);
  const n = g.x.reduce((a, b) => a * b, 1);
  const x = g.ties ? Float32Array.from({ length: n }, () => rng.int(3) - 1) : rng.normalArray(n);
  return { x, rng };
}

/** dx through the MaxPoolGrad kernel, dy drawn from a seeded stream once its shape is known. */
function viaKernel(g: Geometry, x: Float32Array, seed: number, kernel?: KernelConfig): Tensor {
  const input = tensor(x, g.x) as Tensor4D;
  const output = maxPool(input, g.size, g.strides, g.pad, g.dimRoundingMode);
  const dy = tensor(new RandomStream(seed).normalArray(output.size), output.shape);
  const attrs = {
    filterSize: g.size,
    strides: g.strides,
    pad: g.pad,
    dimRoundingMode: g.dimRoundingMode,
  } as unknown as NamedAttrMap;
  if (kernel == null)
    return engine().runKernel(MaxPoolGrad, { dy, input, output }, attrs) as Tensor;
  const info = kernel.kernelFunc({
    inputs: { dy, input, output },
    attrs,
    backend: engine().backend,
  }) as never;
  return engine().makeTensorFromTensorInfo(info);
}

const inputs = Object.fromEntries(
  Object.entries(GEOMETRIES).map(([name, g], i) => [name, data(g, 300 + i).x]),
);
const reference: Record<string, Float32Array> = {};
let stock: KernelConfig | undefined;

beforeAll(async () => {
  for (const [name, g] of Object.entries(GEOMETRIES)) {
    [reference[name]] = await referenceOnCpu(() => viaKernel(g, inputs[name], 7));
  }
  // tfjs's own kernel, kept before useBackend replaces it (its setup runs on activation).
  await import('@tensorflow/tfjs-backend-wasm');
  stock = getKernel(MaxPoolGrad, 'wasm');
  await useTestBackend('wasm');
});

describe('wasm MaxPoolGrad agrees with cpu', () => {
  it('useBackend("wasm") reports it among the kernels it registered', async () => {
    const info = await useTestBackend('wasm');
    expect(info.kernelGaps).toContain(MaxPoolGrad);
  });

  for (const [name, g] of Object.entries(GEOMETRIES)) {
    it(`the kernel: ${name}`, async () => {
      const dx = tidy(() => viaKernel(g, inputs[name], 7));
      await expectTensorsClose(dx, reference[name], { atol: 1e-6, rtol: 1e-6 });
      dx.dispose();
    });
  }

  it("replaces tfjs-wasm's kernel, which drops windows whose maximum is negative", async () => {
    if (stock == null || stock.kernelFunc === getKernel(MaxPoolGrad, 'wasm')?.kernelFunc) {
      return; // already replaced when this file started (another file activated wasm first)
    }
    const g: Geometry = { x: [1, 1, 4, 1], size: [1, 2], strides: [1, 2], pad: 'valid' };
    const x = Float32Array.from([0.5, -0.25, -0.5, -0.25]);
    const [expected] = await referenceOnCpu(() => viaKernel(g, x, 1));
    const dy = new RandomStream(1).normalArray(2);
    expect(Array.from(expected)).toEqual([dy[0], 0, 0, dy[1]]);
    const theirs = tidy(() => viaKernel(g, x, 1, stock));
    expect(Array.from(await theirs.data())).toEqual([dy[0], 0, 0, 0]);
    const ours = tidy(() => viaKernel(g, x, 1));
    await expectTensorsClose(ours, expected, { atol: 0, rtol: 0 });
    theirs.dispose();
    ours.dispose();
  });

  it('leaks neither tensors nor wasm heap buffers', async () => {
    const name = '3×3 stride 2, same, odd sizes';
    const backend = engine().backend;
    tidy(() => viaKernel(GEOMETRIES[name], inputs[name], 7)).dispose();
    const before = backend.numDataIds();
    await expectNoLeaks(() => {
      tidy(() => viaKernel(GEOMETRIES[name], inputs[name], 7)).dispose();
    });
    expect(backend.numDataIds()).toBe(before);
  });
});
