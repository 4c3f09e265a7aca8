import { memory, ShapeError, type Tensor, tensor, useBackend } from '@strata/core';
import { expectTensorsClose } from '@strata/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../dataset.js';

beforeAll(() => useBackend('cpu'));

const rows = Array.from({ length: 5 }, (_, i) => ({ xs: [i, i + 0.5, -i], ys: i % 2 }));

describe('Dataset.batch', () => {
  it('stacks {xs: number[], ys: number} into {xs: [batch, 3], ys: [batch]}, keeping the remainder', async () => {
    const batches = await Dataset.fromArray(rows).batch(2).toArray();
    expect(batches.map((b) => b.xs.shape)).toEqual([
      [2, 3],
      [2, 3],
      [1, 3],
    ]);
    expect(batches.map((b) => b.ys.shape)).toEqual([[2], [2], [1]]);
    await expectTensorsClose(batches[1].xs, [2, 2.5, -2, 3, 3.5, -3]);
    await expectTensorsClose(batches[2].ys, [0]);
    expect(batches[0].xs.dtype).toBe('float32');
    for (const b of batches) {
      b.xs.dispose();
      b.ys.dispose();
    }
  });

  it('drops a short last batch with dropRemainder', async () => {
    const batches = await Dataset.fromArray(rows).batch(2, { dropRemainder: true }).toArray();
    expect(batches).toHaveLength(2);
    expect(batches.every((b) => b.xs.shape[0] === 2)).toBe(true);
    for (const b of batches) {
      b.xs.dispose();
      b.ys.dispose();
    }
    expect(await Dataset.fromArray(rows).batch(5, { dropRemainder: true }).toArray()).toHaveLength(
      1,
    );
  });

  it('stacks tensors, typed arrays, nested arrays, booleans and strings, in tuples', async () => {
    const items = [0, 1, 2].map((i) => ({
      image: tensor([
        [i, i],
        [i, i],
      ]),
      pixels: Uint8Array.of(i, 255),
      floats: Float32Array.of(i / 2),
      grid: [
        [i, 1],
        [2, 3],
      ],
      pair: [i > 0, `w${i}`] as [boolean, string],
    }));
    const before = memory().numTensors;
    const [batch] = await Dataset.fromGenerator(() => items)
      .batch(3)
      .toArray();
    expect(batch.image.shape).toEqual([3, 2, 2]);
    expect(batch.pixels.shape).toEqual([3, 2]);
    expect(batch.pixels.dtype).toBe('int32');
    expect(batch.floats.dtype).toBe('float32');
    expect(batch.grid.shape).toEqual([3, 2, 2]);
    expect(batch.pair[0].dtype).toBe('bool');
    expect(Array.from(await batch.pair[0].data())).toEqual([0, 1, 1]);
    expect(await batch.pair[1].data()).toEqual(['w0', 'w1', 'w2']);
    await expectTensorsClose(batch.pixels, [0, 255, 1, 255, 2, 255]);
    // The three per-item image tensors were disposed; six batch tensors exist instead.
    expect(items.every((item) => item.image.isDisposed)).toBe(true);
    expect(memory().numTensors - before).toBe(6 - 3);
    const all: Tensor[] = [batch.image, batch.pixels, batch.floats, batch.grid, ...batch.pair];
    for (const t of all) t.dispose();
  });

  it('names the field and item whose shape disagrees', async () => {
    const ragged = [{ xs: [1, 2] }, { xs: [3] }];
    await expect(Dataset.fromArray(ragged).batch(2).toArray()).rejects.toThrow(ShapeError);
    await expect(Dataset.fromArray(ragged).batch(2).toArray()).rejects.toThrow(
      "<Dataset.batch>: expected every item's 'xs' to be numbers of shape [2]. Received: an array of length 1 in item 1.",
    );
    const mixed = [{ y: 1 }, { y: 'one' }];
    await expect(Dataset.fromArray(mixed).batch(2).toArray()).rejects.toThrow(
      "expected every item's 'y' to be a number. Received: a string in item 1.",
    );
  });

  it('leaks nothing when stacking fails', async () => {
    const before = memory().numTensors;
    const bad = Dataset.fromGenerator(function* () {
      yield { a: tensor([1]), b: 1 };
      yield { a: tensor([2]), b: 'x' };
    });
    await expect(bad.batch(2).toArray()).rejects.toThrow(ShapeError);
    expect(memory().numTensors).toBe(before);
  });

  it('chunk groups items without stacking (ragged sequences)', async () => {
    const seqs = [[1], [2, 3], [4, 5, 6]];
    expect(await Dataset.fromArray(seqs).chunk(2).toArray()).toEqual([[[1], [2, 3]], [[4, 5, 6]]]);
    expect(await Dataset.fromArray(seqs).chunk(2, { dropRemainder: true }).toArray()).toEqual([
      [[1], [2, 3]],
    ]);
  });
});
