import { tensor, tidy, unsortedSegmentSum } from '@strata/core';
import { describeBackends, expectNoLeaks, expectTensorsClose } from '@strata/test-utils';
import { expect, it } from 'vitest';

describeBackends('unsortedSegmentSum', () => {
  it('sums rows into their segments, leaving empty segments at zero', async () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const out = unsortedSegmentSum(x, tensor([2, 0, 2, 2], [4], 'int32'), 4);
    expect(out.shape).toEqual([4, 2]);
    await expectTensorsClose(out, [3, 4, 0, 0, 1 + 5 + 7, 2 + 6 + 8, 0, 0]);
    x.dispose();
    out.dispose();
  });

  it('leaks nothing', async () => {
    await expectNoLeaks(() => {
      tidy(() => {
        unsortedSegmentSum(tensor([1, 2, 3]), tensor([0, 0, 1], [3], 'int32'), 2);
      });
    });
  });
});

describeBackends(
  'unsortedSegmentSum of int32',
  () => {
    it('sums int32 values of rank-3 input', async () => {
      const x = tensor([10, 20, 30, 40, 50, 60], [3, 1, 2], 'int32');
      const out = unsortedSegmentSum(x, tensor([1, 0, 1], [3], 'int32'), 2);
      expect(out.shape).toEqual([2, 1, 2]);
      // tfjs's cpu kernel returns float32 for int32 input; the values are what matter.
      expect(Array.from(await out.data())).toEqual([30, 40, 10 + 50, 20 + 60]);
      x.dispose();
      out.dispose();
    });
  },
  {
    exclude: {
      webgpu:
        'tfjs-backend-webgpu 4.22 returns zeros for int32 UnsortedSegmentSum (float32 is right, and gather gradients are float32)',
    },
  },
);
