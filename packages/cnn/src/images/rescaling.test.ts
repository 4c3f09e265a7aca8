import { ConfigError, dispose, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose, testLayer } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rescaling } from './rescaling.js';

testLayer('Rescaling', {
  create: (c) => new Rescaling(c as never),
  config: { scale: 0.5, offset: -1 },
  inputShape: [2, 3, 3, 2],
  expectedOutputShape: [2, 3, 3, 2],
});

describe('Rescaling', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('computes x · scale + offset, from integer bytes to float32', async () => {
    const bytes = tensor([0, 51, 127.5, 255], [1, 2, 2, 1]);
    const y = new Rescaling({ scale: 1 / 127.5, offset: -1 }).apply(bytes) as Tensor;
    await expectTensorsClose(y, [-1, 51 / 127.5 - 1, 0, 1]);
    const ints = tensor([0, 51, 255, 102], [1, 2, 2, 1], 'int32');
    const z = new Rescaling({ scale: 1 / 255 }).apply(ints) as Tensor;
    expect(z.dtype).toBe('float32');
    await expectTensorsClose(z, [0, 0.2, 1, 0.4]);
    dispose([bytes, y, ints, z]);
  });

  it('acts the same while training', async () => {
    const x = tensor([1, 2], [1, 2]);
    const y = new Rescaling({ scale: 3 }).apply(x, { training: true }) as Tensor;
    await expectTensorsClose(y, [3, 6]);
    dispose([x, y]);
  });

  it('refuses a scale that is not a finite number', () => {
    expect(() => new Rescaling({ scale: Number.NaN, name: 'rescale' })).toThrow(ConfigError);
    expect(() => new Rescaling({ scale: Number.NaN, name: 'rescale' })).toThrow(
      "<Layer 'rescale'>: expected scale, a finite number. Received: NaN.",
    );
    expect(() => new Rescaling({} as never)).toThrow(ConfigError);
  });
});
