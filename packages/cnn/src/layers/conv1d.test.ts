import { ConfigError, ShapeError, tensor, tensor3d, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv1D } from './conv1d.js';

testLayer('Conv1D, same padding, fused sigmoid', {
  create: (c) => new Conv1D(c as never),
  config: {
    filters: 3,
    kernelSize: 3,
    padding: 'same',
    activation: 'sigmoid',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 6, 2],
  expectedOutputShape: [2, 6, 3],
});

testLayer('Conv1D, strides 2, no bias', {
  create: (c) => new Conv1D(c as never),
  config: { filters: 2, kernelSize: 2, strides: 2, useBias: false },
  inputShape: [2, 7, 3],
  expectedOutputShape: [2, 3, 2],
});

testLayer('Conv1D, dilation 2, tanh', {
  create: (c) => new Conv1D(c as never),
  config: { filters: 2, kernelSize: 3, dilationRate: 2, activation: 'tanh' },
  inputShape: [2, 8, 2],
  expectedOutputShape: [2, 4, 2],
});

describe('Conv1D', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const x = () => tensor3d([1, 2, 3, 4, 5], [1, 5, 1]);

  it('computes relu(Σ x·W + b) over each window', async () => {
    const conv = new Conv1D({ filters: 1, kernelSize: 2, activation: 'relu' });
    conv.apply(x());
    conv.setWeights([tensor([1, -2], [2, 1, 1]), tensor([2])]);
    // x[t] − 2·x[t+1] + 2 = [1−4+2, 2−6+2, 3−8+2, 4−10+2] = [−1, −2, −3, −4], relu → 0
    await expectTensorsClose(conv.apply(x()) as never, [0, 0, 0, 0]);
    conv.setWeights([tensor([-1, 2], [2, 1, 1]), tensor([0.5])]);
    // −x[t] + 2·x[t+1] + 0.5 = x[t] + 2.5
    await expectTensorsClose(conv.apply(x()) as never, [3.5, 4.5, 5.5, 6.5]);
  });

  it("pads 'same' and spreads taps by the dilation rate", async () => {
    const same = new Conv1D({ filters: 1, kernelSize: 3, padding: 'same', useBias: false });
    same.apply(x());
    same.setWeights([tensor([1, 10, 100], [3, 1, 1])]);
    // [0,1,2]→ 0 + 10 + 200 = 210; [1,2,3] → 1 + 20 + 300 = 321; …; [4,5,0] → 4 + 50 = 54
    await expectTensorsClose(same.apply(x()) as never, [210, 321, 432, 543, 54]);
    const dilated = new Conv1D({ filters: 1, kernelSize: 2, dilationRate: 3, useBias: false });
    dilated.apply(x());
    dilated.setWeights([tensor([1, 10], [2, 1, 1])]);
    // x[t] + 10·x[t+3]: 1 + 40, 2 + 50
    await expectTensorsClose(dilated.apply(x()) as never, [41, 52]);
  });

  it('names its weights as Keras and computes the output shape', () => {
    const conv = new Conv1D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' });
    conv.apply(tensor3d(new Float32Array(2 * 9 * 3), [2, 9, 3]));
    expect(conv.weights.map((w) => w.name)).toEqual(['kernel', 'bias']);
    expect(conv.kernel.shape).toEqual([3, 3, 4]);
    expect(conv.computeOutputShape([null, 9, 3])).toEqual([null, 5, 4]);
  });

  it('rejects bad configs and inputs, naming the layer', () => {
    expect(() => new Conv1D({ filters: 2.5, kernelSize: 3, name: 'c1' })).toThrow(
      "<Layer 'c1'>: expected filters, a positive integer. Received: 2.5.",
    );
    expect(() => new Conv1D({ filters: 1, kernelSize: 0 })).toThrow(ConfigError);
    expect(() => new Conv1D({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /strides of 1 when dilationRate > 1/,
    );
    const conv = new Conv1D({ filters: 1, kernelSize: 1, name: 'c2' });
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(/<Layer 'c2'>: expected an input \[batch/);
  });
});
