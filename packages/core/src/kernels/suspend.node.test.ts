import {
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  engine,
  FusedConv2D,
  FusedDepthwiseConv2D,
  getKernel,
  type NamedAttrMap,
  type Tensor,
  tensor4d,
  useBackend,
} from '@strata/core';
import { afterEach, describe, expect, it } from 'vitest';
import { kernelGaps, suspendKernelGaps } from './index.js';

describe('suspendKernelGaps', () => {
  let resume: (() => void) | null = null;
  afterEach(() => {
    resume?.();
    resume = null;
  });

  it('puts wasm back to stock tfjs (a missing kernel is missing again) and resume restores Strata', async () => {
    await useBackend('wasm');
    const x = tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const dy = tensor4d([1, 1, 1, 1], [1, 2, 2, 1]);
    const attrs = {
      strides: 1,
      pad: 'same',
      dataFormat: 'NHWC',
      dilations: 1,
      filterShape: [1, 1, 1, 1],
    };
    const filter = () =>
      engine().runKernel(
        Conv2DBackpropFilter,
        { x, dy },
        attrs as unknown as NamedAttrMap,
      ) as Tensor;
    const ours = getKernel('Conv2DBackpropFilter', 'wasm');
    expect(ours).toBeDefined();
    resume = suspendKernelGaps('wasm');
    expect(getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(filter).toThrow(/Conv2DBackpropFilter/);
    resume();
    resume = null;
    expect(getKernel('Conv2DBackpropFilter', 'wasm')).toBe(ours);
    const dw = filter();
    expect(Array.from(await dw.data())).toEqual([10]); // Σ x·dy for a 1×1 filter;
    x.dispose();
    dy.dispose();
    dw.dispose();
  });

  it('restores the tfjs kernel a Strata kernel replaced, and replaces it again on resume', async () => {
    await useBackend('wasm');
    const replacing = kernelGaps.find((g) => g.backendName === 'wasm' && g.replaces === true);
    expect(replacing).toBeDefined();
    const name = replacing?.kernelName as string;
    const ours = getKernel(name, 'wasm');
    expect(ours?.kernelFunc).toBe(replacing?.kernelFunc);
    resume = suspendKernelGaps('wasm');
    const stock = getKernel(name, 'wasm');
    expect(stock).toBeDefined();
    expect(stock?.kernelFunc).not.toBe(replacing?.kernelFunc);
    resume();
    resume = null;
    expect(getKernel(name, 'wasm')?.kernelFunc).toBe(replacing?.kernelFunc);
  });

  it("restores tfjs-cpu's FusedConv2D, the depthwise ones and every other cpu kernel Strata replaced, and replaces them again on resume", async () => {
    await useBackend('cpu');
    const replacing = kernelGaps.filter((g) => g.backendName === 'cpu' && g.replaces === true);
    expect(replacing.map((g) => g.kernelName)).toEqual(
      expect.arrayContaining([
        FusedConv2D,
        Conv2D,
        Conv2DBackpropInput,
        Conv2DBackpropFilter,
        FusedDepthwiseConv2D,
        DepthwiseConv2dNative,
      ]),
    );
    for (const gap of replacing) {
      expect(getKernel(gap.kernelName, 'cpu')?.kernelFunc).toBe(gap.kernelFunc);
    }
    resume = suspendKernelGaps('cpu');
    for (const gap of replacing) {
      const stock = getKernel(gap.kernelName, 'cpu');
      expect(stock, gap.kernelName).toBeDefined();
      expect(stock?.kernelFunc, gap.kernelName).not.toBe(gap.kernelFunc);
    }
    resume();
    resume = null;
    for (const gap of replacing) {
      expect(getKernel(gap.kernelName, 'cpu')?.kernelFunc).toBe(gap.kernelFunc);
    }
  });

  it('leaves other backends alone', async () => {
    await useBackend('cpu');
    const fast = getKernel('StrataMatMul', 'cpu');
    expect(fast).toBeDefined();
    resume = suspendKernelGaps('wasm');
    expect(getKernel('StrataMatMul', 'cpu')).toBe(fast);
  });
});
