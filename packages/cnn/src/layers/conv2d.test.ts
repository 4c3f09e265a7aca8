import { ConfigError, ShapeError, type Tensor, tensor, tensor4d, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';

testLayer('Conv2D, same padding, fused relu', {
  create: (c) => new Conv2D(c as never),
  config: {
    filters: 3,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 5, 5, 2],
  expectedOutputShape: [2, 5, 5, 3],
  // A small step, so that few pre-activations cross relu's kink between the two evaluations.
  gradientTolerance: { epsilon: 1e-3 },
});

testLayer('Conv2D, fused sigmoid', {
  create: (c) => new Conv2D(c as never),
  config: { filters: 2, kernelSize: 2, activation: 'sigmoid' },
  inputShape: [1, 4, 4, 2],
  expectedOutputShape: [1, 3, 3, 2],
});

testLayer('Conv2D, valid padding, strides 2, no bias', {
  create: (c) => new Conv2D(c as never),
  config: { filters: 2, kernelSize: [2, 3], strides: 2, useBias: false },
  inputShape: [2, 6, 7, 3],
  expectedOutputShape: [2, 3, 3, 2],
});

testLayer('Conv2D, dilation 2, tanh', {
  create: (c) => new Conv2D(c as never),
  config: { filters: 2, kernelSize: 2, dilationRate: 2, activation: 'tanh' },
  inputShape: [1, 5, 6, 2],
  expectedOutputShape: [1, 3, 4, 2],
});

describe('Conv2D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const x = () => tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const kernel = () => tensor([1, 2, 3, 4], [2, 2, 1, 1]);

  it('computes relu(Σ x·W + b) over each valid window', async () => {
    const conv = new Conv2D({ filters: 1, kernelSize: 2, activation: 'relu' });
    conv.apply(x());
    conv.setWeights([kernel(), tensor([-40])]);
    // windows: 1+4+12+20 = 37, 47, 67, 77; minus 40, relu
    const y = conv.apply(x()) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    await expectTensorsClose(y as never, [0, 7, 27, 37]);
  });

  it("pads 'same' at the bottom and right with strides 2, as TensorFlow", async () => {
    const conv = new Conv2D({ filters: 1, kernelSize: 2, strides: 2, padding: 'same' });
    conv.apply(x());
    conv.setWeights([kernel(), tensor([0])]);
    // [1 2;4 5]·W = 37; [3 0;6 0]·W = 3 + 18; [7 8;0 0]·W = 7 + 16; [9 0;0 0]·W = 9
    await expectTensorsClose(conv.apply(x()) as never, [37, 21, 23, 9]);
  });

  it('spreads the kernel taps by the dilation rate', async () => {
    const conv = new Conv2D({ filters: 1, kernelSize: 2, dilationRate: 2, useBias: false });
    conv.apply(x());
    conv.setWeights([kernel()]);
    // taps at (0,0), (0,2), (2,0), (2,2): 1·1 + 2·3 + 3·7 + 4·9
    await expectTensorsClose(conv.apply(x()) as never, [64]);
  });

  it('names kernel and bias as Keras, and computes the output shape', () => {
    const conv = new Conv2D({ filters: 4, kernelSize: 3, strides: 2 });
    conv.apply(tensor4d(new Float32Array(2 * 9 * 9 * 3), [2, 9, 9, 3]));
    expect(conv.weights.map((w) => w.name)).toEqual(['kernel', 'bias']);
    expect(conv.kernel.shape).toEqual([3, 3, 3, 4]);
    expect(conv.computeOutputShape([null, 9, 9, 3])).toEqual([null, 4, 4, 4]);
  });

  it('rejects bad configs and inputs, naming the layer', () => {
    expect(() => new Conv2D({ filters: 0, kernelSize: 3, name: 'c1' })).toThrow(
      "<Layer 'c1'>: expected filters, a positive integer. Received: 0.",
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: [3, 0], name: 'c2' })).toThrow(ConfigError);
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, padding: 'full' as never })).toThrow(
      /padding 'same' or 'valid'/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /strides of 1 when dilationRate > 1/,
    );
    const conv = new Conv2D({ filters: 1, kernelSize: 1, name: 'c3' });
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(/<Layer 'c3'>: expected an input \[batch/);
    conv.apply(tensor4d([1, 2], [1, 1, 1, 2]));
    expect(() => conv.apply(tensor4d([1, 2, 3], [1, 1, 1, 3]))).toThrow(
      "<Layer 'c3'>: expected input last dimension 2. Received: shape [1, 1, 1, 3].",
    );
  });
});
