import { RandomStream, tensor, tensor1d, unsortedSegmentSum } from '@strata/core';
import { describeBackends, expectTensorsClose } from '@strata/test-utils';
import { expect, it } from 'vitest';

describeBackends('unsortedSegmentSum at embedding-gradient size', () => {
  it('matches the definition for [2560, 64] rows into 1,000 segments', async () => {
    const rows = 2560;
    const inner = 64;
    const segments = 1000;
    const rng = new RandomStream(3);
    const x = rng.uniformArray(rows * inner, -1, 1);
    const ids = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * segments));
    const expected = new Float64Array(segments * inner);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < inner; j++) expected[ids[r] * inner + j] += x[r * inner + j];
    }
    const xt = tensor(x, [rows, inner]);
    const segmentIds = tensor1d(ids, 'int32');
    const out = unsortedSegmentSum(xt, segmentIds, segments);
    expect(out.shape).toEqual([segments, inner]);
    await expectTensorsClose(out, Array.from(expected), { atol: 1e-5, rtol: 1e-5 });
    for (const t of [xt, segmentIds, out]) t.dispose();
  });
});
