import { ConfigError, ones, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SymbolicTensor } from '../symbolic-tensor.js';
import { Flatten } from './flatten.js';
import { input } from './input-layer.js';

testLayer('Flatten', {
  create: (c) => new Flatten(c as never),
  config: {},
  inputShape: [2, 3, 2, 2],
  expectedOutputShape: [2, 12],
});

testLayer('Flatten, channels first', {
  create: (c) => new Flatten(c as never),
  config: { dataFormat: 'channelsFirst' },
  inputShape: [2, 3, 2, 2],
  expectedOutputShape: [2, 12],
});

describe('Flatten', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('flattens each sample in row-major order', async () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    await expectTensorsClose(
      new Flatten().apply(x) as Tensor,
      tensor(
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        [2, 4],
      ),
    );
  });

  it('moves the channels last first for channelsFirst', async () => {
    // one sample, 2 channels × 3 positions: channels-last order interleaves them
    const x = tensor([1, 2, 3, 10, 20, 30], [1, 2, 3]);
    const y = new Flatten({ dataFormat: 'channelsFirst' }).apply(x) as Tensor;
    await expectTensorsClose(y, tensor([[1, 10, 2, 20, 3, 30]]));
  });

  it('turns [batch] into [batch, 1], as Keras', async () => {
    const y = new Flatten().apply(tensor([1, 2, 3])) as Tensor;
    await expectTensorsClose(y, tensor([[1], [2], [3]]));
  });

  it('computes the output shape, null where a dimension is unknown', () => {
    const f = new Flatten();
    expect((f.apply(input({ shape: [4, 5] })) as SymbolicTensor).shape).toEqual([null, 20]);
    expect(new Flatten().computeOutputShape([null, null, 5])).toEqual([null, null]);
  });

  it('drops the mask', () => {
    const x = ones([2, 3, 4]);
    expect(new Flatten().computeMask(x, ones([2, 3]))).toBeNull();
  });

  it('rejects an unknown dataFormat, naming the layer', () => {
    expect(() => new Flatten({ dataFormat: 'nchw' as never, name: 'flat' })).toThrow(ConfigError);
    expect(() => new Flatten({ dataFormat: 'nchw' as never, name: 'flat' })).toThrow(
      "<Layer 'flat'>: expected dataFormat 'channelsLast' or 'channelsFirst'. Received: 'nchw'.",
    );
  });
});
