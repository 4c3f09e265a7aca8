import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { DepthwiseConv2D } from './depthwise-conv2d.js';

testLayer('DepthwiseConv2D, same padding, fused relu', {
  create: (c) => new DepthwiseConv2D(c as never),
  config: {
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 4, 4, 3],
  expectedOutputShape: [2, 4, 4, 3],
  // A small step, so that few pre-activations cross relu's kink between the two evaluations.
  gradientTolerance: { epsilon: 1e-3 },
});

testLayer('DepthwiseConv2D, depth multiplier 2, strides 2, tanh', {
  create: (c) => new DepthwiseConv2D(c as never),
  config: { kernelSize: [2, 3], depthMultiplier: 2, strides: 2, activation: 'tanh' },
  inputShape: [1, 5, 6, 2],
  expectedOutputShape: [1, 2, 2, 4],
});

testLayer('DepthwiseConv2D, dilation 2, no bias', {
  create: (c) => new DepthwiseConv2D(c as never),
  config: { kernelSize: 2, dilationRate: 2, useBias: false },
  inputShape: [1, 5, 5, 2],
  expectedOutputShape: [1, 3, 3, 2],
});

describe('DepthwiseConv2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('convolves each channel with its own kernel', async () => {
    // pixel k (1…9) holds [k, 10k]
    const x = tensor(
      Array.from({ length: 9 }, (_, k) => [k + 1, 10 * (k + 1)]).flat(),
      [1, 3, 3, 2],
    );
    const dw = new DepthwiseConv2D({ kernelSize: 2 });
    dw.apply(x);
    // channel 0: the diagonal [[1, 0], [0, 1]]; channel 1: all ones
    dw.setWeights([tensor([1, 1, 0, 1, 0, 1, 1, 1], [2, 2, 2, 1]), tensor([0, -100])]);
    // channel 0: 1+5, 2+6, 4+8, 5+9; channel 1: 10+20+40+50 − 100, …
    await expectTensorsClose(dw.apply(x) as Tensor, [6, 20, 8, 60, 12, 140, 14, 180]);
  });

  it('names its weights as Keras and multiplies the channels', () => {
    const dw = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 3 });
    const y = dw.apply(tensor(new Float32Array(4 * 4 * 2), [1, 4, 4, 2])) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 6]);
    expect(dw.weights.map((w) => w.name)).toEqual(['depthwise_kernel', 'bias']);
    expect(dw.depthwiseKernel.shape).toEqual([3, 3, 2, 3]);
    expect(dw.computeOutputShape([null, 8, 8, 2])).toEqual([null, 6, 6, 6]);
  });

  it('rejects bad configs and inputs, naming the layer', () => {
    expect(() => new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 0, name: 'dw' })).toThrow(
      "<Layer 'dw'>: expected depthMultiplier, a positive integer. Received: 0.",
    );
    expect(() => new DepthwiseConv2D({ kernelSize: [1, 2, 3] as never })).toThrow(ConfigError);
    const dw = new DepthwiseConv2D({ kernelSize: 1, name: 'dw2' });
    expect(() => dw.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => dw.apply(tensor([[1, 2]]))).toThrow(/<Layer 'dw2'>: expected an input \[batch/);
  });
});
