import { ConfigError, memory, tensor, useBackend } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';

beforeAll(() => useBackend('cpu'));

/** A data set of 0 … n−1 whose source counts the items it has produced. */
function counting(n = Number.POSITIVE_INFINITY) {
  const stats = { pulls: 0, passes: 0, closed: 0 };
  const ds = Dataset.fromGenerator(function* () {
    stats.passes++;
    try {
      for (let i = 0; i < n; i++) {
        stats.pulls++;
        yield i;
      }
    } finally {
      stats.closed++;
    }
  });
  return { ds, stats };
}

describe('Dataset laziness', () => {
  it('reads nothing until a consumer pulls', async () => {
    const { ds, stats } = counting();
    const pipeline = ds
      .map((x) => x * 2)
      .filter((x) => x % 3 !== 0)
      .shuffle(8, { seed: 1 })
      .batch(4)
      .prefetch(2);
    const iterator = pipeline[Symbol.asyncIterator]();
    expect(stats).toEqual({ pulls: 0, passes: 0, closed: 0 });
    await iterator.return?.();
    expect(stats.pulls).toBe(0);
  });

  it('take(n) pulls exactly n items and closes the source', async () => {
    const { ds, stats } = counting();
    expect(
      await ds
        .map((x) => x + 1)
        .take(3)
        .toArray(),
    ).toEqual([1, 2, 3]);
    expect(stats.pulls).toBe(3);
    expect(stats.closed).toBe(1);
  });

  it('pulls one item per item consumed through map, filter and batch', async () => {
    const { ds, stats } = counting();
    const it = ds
      .map((x) => x * 10)
      .batch(2)
      [Symbol.asyncIterator]();
    await it.next();
    expect(stats.pulls).toBe(2);
    await it.next();
    expect(stats.pulls).toBe(4);
    await it.return?.();
  });

  it('shuffle reads its buffer and prefetch reads ahead only once pulled', async () => {
    const { ds, stats } = counting();
    const shuffled = ds.shuffle(5, { seed: 3 })[Symbol.asyncIterator]();
    await shuffled.next();
    expect(stats.pulls).toBe(5);
    await shuffled.return?.();

    const counted = counting();
    const prefetched = counted.ds.prefetch(3)[Symbol.asyncIterator]();
    expect(counted.stats.pulls).toBe(0);
    expect(await prefetched.next()).toEqual({ done: false, value: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The item consumed plus three requested ahead.
    expect(counted.stats.pulls).toBe(4);
    await prefetched.return?.();
    expect(counted.stats.closed).toBe(1);
  });

  it('restarts the source on every pass', async () => {
    const { ds, stats } = counting(3);
    const doubled = ds.map((x) => x * 2);
    expect(await doubled.toArray()).toEqual([0, 2, 4]);
    expect(await doubled.toArray()).toEqual([0, 2, 4]);
    expect(stats.passes).toBe(2);
  });
});

describe('Dataset.shuffle', () => {
  const range = (n: number) => Dataset.fromArray(Array.from({ length: n }, (_, i) => i));

  it('is a permutation, reproducible from the seed', async () => {
    const a = await range(100).shuffle(100, { seed: 7 }).toArray();
    const b = await range(100).shuffle(100, { seed: 7 }).toArray();
    const c = await range(100).shuffle(100, { seed: 8 }).toArray();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('reshuffles each epoch, the same epochs for the same seed', async () => {
    const ds = range(50).shuffle(20, { seed: 11 });
    const again = range(50).shuffle(20, { seed: 11 });
    const epochs = [await ds.toArray(), await ds.toArray(), await ds.toArray()];
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[1]).not.toEqual(epochs[2]);
    expect([await again.toArray(), await again.toArray(), await again.toArray()]).toEqual(epochs);
  });

  it('keeps one order with reshuffleEachIteration: false', async () => {
    const ds = range(30).shuffle(30, { seed: 5, reshuffleEachIteration: false });
    expect(await ds.toArray()).toEqual(await ds.toArray());
  });

  it('with a small buffer moves items only a bounded distance earlier', async () => {
    const out = await range(1000).shuffle(10, { seed: 2 }).toArray();
    for (const [position, value] of out.entries()) expect(value).toBeLessThan(position + 10);
  });

  it('rejects a buffer size that is not a positive integer', () => {
    expect(() => range(3).shuffle(0)).toThrow(ConfigError);
    expect(() => range(3).shuffle(0)).toThrow(/Dataset.shuffle>: expected a positive integer/);
  });
});

describe('Dataset take, skip, repeat, concatenate, zip', () => {
  const ds = Dataset.fromArray([1, 2, 3, 4, 5]);

  it('take and skip', async () => {
    expect(await ds.take(2).toArray()).toEqual([1, 2]);
    expect(await ds.take(0).toArray()).toEqual([]);
    expect(await ds.take(10).toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(await ds.skip(3).toArray()).toEqual([4, 5]);
    expect(await ds.skip(9).toArray()).toEqual([]);
    expect(await ds.skip(1).take(2).toArray()).toEqual([2, 3]);
    expect(() => ds.take(-1)).toThrow(ConfigError);
  });

  it('repeat runs new passes, forever by default', async () => {
    expect(await ds.take(2).repeat(3).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(await ds.repeat().take(12).toArray()).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]);
    expect(await Dataset.fromArray([]).repeat().toArray()).toEqual([]);
    const { ds: source, stats } = counting(2);
    await source.repeat(3).toArray();
    expect(stats.passes).toBe(3);
  });

  it('concatenate appends data sets in order', async () => {
    const more = Dataset.fromArray(['a', 'b']);
    expect(await ds.take(2).concatenate(more, ds.skip(4)).toArray()).toEqual([1, 2, 'a', 'b', 5]);
  });

  it('zip pairs items into tuples or objects and ends with the shortest', async () => {
    const letters = Dataset.fromArray(['a', 'b', 'c']);
    expect(await Dataset.zip([ds, letters]).toArray()).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const { ds: endless, stats } = counting();
    expect(await Dataset.zip({ x: letters, i: endless }).toArray()).toEqual([
      { x: 'a', i: 0 },
      { x: 'b', i: 1 },
      { x: 'c', i: 2 },
    ]);
    expect(stats.closed).toBe(1);
  });

  it('map and filter pass the index; async functions are awaited', async () => {
    const mapped = await ds
      .map(async (x, i) => x * 10 + i)
      .filter(async (x) => x > 30)
      .toArray();
    expect(mapped).toEqual([32, 43, 54]);
    let sum = 0;
    await ds.forEach((x) => {
      sum += x;
    });
    expect(sum).toBe(15);
  });
});

describe('Dataset.cache', () => {
  it('fills on the first complete pass and replays without the source', async () => {
    const { ds, stats } = counting(4);
    const cached = ds.map((x) => x * 3).cache();
    expect(await cached.toArray()).toEqual([0, 3, 6, 9]);
    expect(await cached.toArray()).toEqual([0, 3, 6, 9]);
    expect(stats.passes).toBe(1);
  });

  it('an abandoned first pass does not fill the cache', async () => {
    const { ds, stats } = counting(4);
    const cached = ds.cache();
    expect(await cached.take(2).toArray()).toEqual([0, 1]);
    expect(await cached.toArray()).toEqual([0, 1, 2, 3]);
    expect(await cached.toArray()).toEqual([0, 1, 2, 3]);
    expect(stats.passes).toBe(2);
  });

  it('hands out clones of cached tensors, so consumers may dispose them', async () => {
    const before = memory().numTensors;
    const ds = Dataset.fromGenerator(function* () {
      yield tensor([1, 2]);
      yield tensor([3, 4]);
    }).cache();
    for (let epoch = 0; epoch < 3; epoch++) {
      const batch = (await ds.batch(2).toArray())[0];
      expect(batch.shape).toEqual([2, 2]);
      expect(Array.from(await batch.data())).toEqual([1, 2, 3, 4]);
      batch.dispose();
    }
    expect(memory().numTensors - before).toBe(2);
  });
});

describe('Dataset tensor ownership', () => {
  it('disposes what filter, skip, map and stopped buffers drop', async () => {
    const before = memory().numTensors;
    const items = () =>
      Dataset.fromGenerator(function* () {
        for (let i = 0; i < 20; i++) yield { x: tensor([i]), i };
      });
    const kept = await items()
      .skip(2)
      .filter(({ i }) => i % 2 === 0)
      .map(({ x }) => x)
      .shuffle(5, { seed: 1 })
      .prefetch(2)
      .take(3)
      .toArray();
    expect(kept).toHaveLength(3);
    for (const t of kept) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('fromArray yields clones, so the array outlives its epochs', async () => {
    const xs = [tensor([1]), tensor([2])];
    const ds = Dataset.fromArray(xs).batch(2);
    for (let epoch = 0; epoch < 2; epoch++) (await ds.toArray())[0].dispose();
    expect(xs.every((t) => !t.isDisposed)).toBe(true);
    for (const t of xs) t.dispose();
  });
});
