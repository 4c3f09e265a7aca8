import { ConfigError, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2DTranspose } from './conv2d-transpose.js';

testLayer('Conv2DTranspose, strides 2, same padding', {
  create: (c) => new Conv2DTranspose(c as never),
  config: {
    filters: 2,
    kernelSize: 3,
    strides: 2,
    padding: 'same',
    biasInitializer: { className: 'Constant', config: { value: 0.1 } },
  },
  inputShape: [2, 3, 3, 2],
  expectedOutputShape: [2, 6, 6, 2],
});

testLayer('Conv2DTranspose, valid padding, tanh', {
  create: (c) => new Conv2DTranspose(c as never),
  config: { filters: 3, kernelSize: [2, 3], strides: [1, 2], activation: 'tanh' },
  inputShape: [1, 3, 2, 2],
  expectedOutputShape: [1, 4, 5, 3],
});

describe('Conv2DTranspose', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('adds a kernel-shaped patch per input pixel', async () => {
    const x = tensor([1, 10], [1, 1, 2, 1]);
    const up = new Conv2DTranspose({ filters: 1, kernelSize: 2 });
    up.apply(x);
    up.setWeights([tensor([1, 2, 3, 4], [2, 2, 1, 1]), tensor([0.5])]);
    // row 0: [1·1, 1·2 + 10·1, 10·2]; row 1: [1·3, 1·4 + 10·3, 10·4]; plus 0.5
    const y = up.apply(x) as Tensor;
    expect(y.shape).toEqual([1, 2, 3, 1]);
    await expectTensorsClose(y, [1.5, 12.5, 20.5, 3.5, 34.5, 40.5]);
  });

  it('spreads pixels into blocks with strides equal to the kernel size', async () => {
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    const up = new Conv2DTranspose({
      filters: 1,
      kernelSize: 2,
      strides: 2,
      kernelInitializer: 'ones',
      useBias: false,
    });
    await expectTensorsClose(
      up.apply(x) as Tensor,
      [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4],
    );
  });

  it('names its weights as Keras, kernel [kh, kw, filters, channels]', () => {
    const up = new Conv2DTranspose({ filters: 4, kernelSize: 3, strides: 2 });
    up.apply(tensor(new Float32Array(2 * 2 * 2 * 3), [2, 2, 2, 3]));
    expect(up.weights.map((w) => w.name)).toEqual(['kernel', 'bias']);
    expect(up.kernel.shape).toEqual([3, 3, 4, 3]);
    expect(up.computeOutputShape([null, 5, 5, 3])).toEqual([null, 11, 11, 4]);
  });

  it('rejects bad configs and inputs, naming the layer', () => {
    expect(() => new Conv2DTranspose({ filters: -1, kernelSize: 3, name: 'ct' })).toThrow(
      "<Layer 'ct'>: expected filters, a positive integer. Received: -1.",
    );
    expect(() => new Conv2DTranspose({ filters: 1, kernelSize: 3, strides: 0 })).toThrow(
      ConfigError,
    );
    const up = new Conv2DTranspose({ filters: 1, kernelSize: 1, name: 'ct2' });
    expect(() => up.apply(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => up.apply(tensor([[1, 2]]))).toThrow(/<Layer 'ct2'>: expected an input \[batch/);
  });
});
