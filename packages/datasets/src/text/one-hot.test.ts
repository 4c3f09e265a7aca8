import { ConfigError, useBackend } from '@strata/core';
import { expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHot } from './one-hot.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('oneHot', () => {
  it('maps [n] ids to [n, depth] rows', async () => {
    const t = oneHot([0, 2, 1], 3);
    expect(t.shape).toEqual([3, 3]);
    expect(t.dtype).toBe('float32');
    await expectTensorsClose(t, [1, 0, 0, 0, 0, 1, 0, 1, 0]);
    t.dispose();
  });

  it('maps nested ids [b, t] to [b, t, depth] and leaks nothing', async () => {
    await expectNoLeaks(async () => {
      const t = oneHot([Int32Array.of(0, 1), [2, 0]], 3);
      expect(t.shape).toEqual([2, 2, 3]);
      await expectTensorsClose(t, [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
      t.dispose();
    });
  });

  it('rejects ids outside [0, depth) and ragged input', () => {
    expect(() => oneHot([3], 3)).toThrow(ConfigError);
    expect(() => oneHot([1.5], 3)).toThrow(/integer ids in \[0, 3\)/);
    expect(() => oneHot([[0], [1, 2]], 3)).toThrow(/rectangular/);
  });
});
