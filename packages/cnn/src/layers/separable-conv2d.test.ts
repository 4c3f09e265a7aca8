import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeparableConv2D } from './separable-conv2d.js';

testLayer('SeparableConv2D, same padding, fused sigmoid', {
  create: (c) => new SeparableConv2D(c as never),
  config: {
    filters: 3,
    kernelSize: 3,
    padding: 'same',
    activation: 'sigmoid',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 4, 4, 2],
  expectedOutputShape: [2, 4, 4, 3],
});

testLayer('SeparableConv2D, depth multiplier 2, dilation 2, no bias', {
  create: (c) => new SeparableConv2D(c as never),
  config: { filters: 2, kernelSize: 2, depthMultiplier: 2, dilationRate: 2, useBias: false },
  inputShape: [1, 5, 4, 2],
  expectedOutputShape: [1, 3, 2, 2],
});

describe('SeparableConv2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('convolves each channel, then mixes the channels', async () => {
    // pixel k (1…4) of a 2×2 image holds [k, 10k]
    const x = tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]);
    const conv = new SeparableConv2D({ filters: 2, kernelSize: 2, activation: 'relu' });
    conv.apply(x);
    conv.setWeights([
      // depthwise: channel 0 sums its window (10), channel 1 takes the top-left value (10)
      tensor([1, 1, 1, 0, 1, 0, 1, 0], [2, 2, 2, 1]),
      // pointwise: filter 0 = c0 − c1, filter 1 = c0 + c1 / 10
      tensor([1, 1, -1, 0.1], [1, 1, 2, 2]),
      tensor([5, 0]),
    ]);
    // depthwise gives [10, 10]; pointwise [10 − 10 + 5, 10 + 1 + 0] → relu [5, 11]
    await expectTensorsClose(conv.apply(x) as Tensor, [5, 11]);
  });

  it('names its weights as Keras and computes the output shape', () => {
    const conv = new SeparableConv2D({ filters: 5, kernelSize: 3, depthMultiplier: 2 });
    const y = conv.apply(tensor(new Float32Array(4 * 4 * 3), [1, 4, 4, 3])) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 5]);
    expect(conv.weights.map((w) => w.name)).toEqual([
      'depthwise_kernel',
      'pointwise_kernel',
      'bias',
    ]);
    expect(conv.pointwiseKernel.shape).toEqual([1, 1, 6, 5]);
    expect(conv.computeOutputShape([null, 9, 9, 3])).toEqual([null, 7, 7, 5]);
  });

  it('rejects bad configs and inputs, naming the layer', () => {
    expect(() => new SeparableConv2D({ filters: 0, kernelSize: 3, name: 'sc' })).toThrow(
      "<Layer 'sc'>: expected filters, a positive integer. Received: 0.",
    );
    expect(() => new SeparableConv2D({ filters: 1, kernelSize: 3, depthMultiplier: 1.5 })).toThrow(
      ConfigError,
    );
    const conv = new SeparableConv2D({ filters: 1, kernelSize: 1, name: 'sc2' });
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(/<Layer 'sc2'>: expected an input \[batch/);
  });
});
