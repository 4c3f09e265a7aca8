import { dispose, slice, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { iris } from './iris.js';
import { labeledDataset } from './labeled-dataset.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('labeledDataset', () => {
  it('yields {xs, ys} rows that batch into [b, features] and [b]', async () => {
    const data = iris();
    const shapes: number[][] = [];
    let first = true;
    for await (const { xs, ys } of labeledDataset(data).batch(64)) {
      shapes.push(xs.shape, ys.shape);
      if (first) {
        const row = slice(xs, [0, 0], [1, 4]);
        await expectTensorsClose(row, data.features.subarray(0, 4));
        row.dispose();
        first = false;
      }
      dispose([xs, ys]);
    }
    expect(shapes).toEqual([[64, 4], [64], [64, 4], [64], [22, 4], [22]]);
  });
});
