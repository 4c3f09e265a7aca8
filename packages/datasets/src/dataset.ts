import { ConfigError, RandomStream, randomStream } from '@strata/core';
import { cacheItems } from './dataset-ops/cache-items.js';
import { prefetchItems } from './dataset-ops/prefetch-items.js';
import { shuffleItems } from './dataset-ops/shuffle-items.js';
import { arrayItems, generatedItems, type ItemSource } from './dataset-ops/sources.js';
import { type Batched, stackBatch } from './dataset-ops/stack-batch.js';
import {
  chunkItems,
  concatenateItems,
  filterItems,
  mapItems,
  repeatItems,
  skipItems,
  takeItems,
} from './dataset-ops/transforms.js';
import { zipItems } from './dataset-ops/zip-items.js';

/** The item type of a `Dataset`. */
export type ItemOf<D> = D extends Dataset<infer T> ? T : never;

/** Options of `Dataset.batch` and `Dataset.chunk`. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false). */
  dropRemainder?: boolean;
}

/** Options of `Dataset.shuffle`. */
export interface ShuffleOptions {
  /** Seed of the shuffle; without one it forks Strata's global stream (see `seed(n)`). */
  seed?: number;
  /** Draw a new order on each pass (default true); false repeats the first pass's order. */
  reshuffleEachIteration?: boolean;
}

function checkCount(method: string, n: number, { allowZero = true, allowInfinity = false } = {}) {
  const ok =
    (Number.isInteger(n) && (allowZero ? n >= 0 : n > 0)) ||
    (allowInfinity && n === Number.POSITIVE_INFINITY);
  if (!ok) {
    const what = allowZero ? 'a non-negative integer' : 'a positive integer';
    throw new ConfigError({
      subject: `Dataset.${method}`,
      expected: allowInfinity ? `${what} or Infinity` : what,
      received: String(n),
    });
  }
}

/**
 * A lazy, restartable, asynchronous stream of items — the input pipeline of Strata, in the
 * spirit of tf.data. Nothing is read until a consumer pulls; every `for await` (every epoch)
 * starts a fresh pass from the source. Transformations return new data sets and never change
 * this one.
 *
 * Ownership: each stage owns the items it pulls. Items a stage drops (`filter`, `skip`, a
 * `map` input's tensors that its output does not keep, the per-item tensors `batch` stacked,
 * buffers of a pass stopped early) are disposed; what a pass yields belongs to the consumer.
 *
 * @example
 * const ds = Dataset.fromArray(rows)
 *   .map((r) => ({ xs: r.features, ys: r.label }))
 *   .shuffle(1000, { seed: 1 })
 *   .batch(32)
 *   .prefetch(2);
 * for await (const { xs, ys } of ds) { … dispose([xs, ys]); }
 */
export class Dataset<T> implements AsyncIterable<T> {
  /** @param open starts one pass: called once per `for await`, lazily. */
  constructor(private readonly open: () => AsyncIterator<T>) {}

  /**
   * A data set over an array. Tensors inside the items are handed out as clones, so the
   * array's own tensors survive any number of passes.
   *
   * @example
   * await Dataset.fromArray([1, 2, 3]).toArray(); // [1, 2, 3]
   */
  static fromArray<T>(items: readonly T[]): Dataset<T> {
    return new Dataset(() => arrayItems(items));
  }

  /**
   * A data set over what `factory` returns — an iterator or (async) iterable, typically a
   * generator. The factory runs once per pass, when the pass first pulls.
   *
   * @example
   * const naturals = Dataset.fromGenerator(function* () { for (let i = 0; ; i++) yield i; });
   * await naturals.take(3).toArray(); // [0, 1, 2]
   */
  static fromGenerator<T>(factory: () => ItemSource<T>): Dataset<T> {
    return new Dataset(() => generatedItems(factory));
  }

  /**
   * A data set over an (async) iterable; each pass asks it for a new iterator, so a one-shot
   * iterable (a stream) gives only one pass — use `fromGenerator` to recreate it per pass.
   *
   * @example
   * const ds = Dataset.fromAsyncIterable(readLinesSomehow());
   */
  static fromAsyncIterable<T>(iterable: AsyncIterable<T> | Iterable<T>): Dataset<T> {
    return new Dataset(() => generatedItems(() => iterable));
  }

  /**
   * Zips data sets item by item into tuples (from an array) or objects (from an object);
   * ends with the shortest.
   *
   * @example
   * const pairs = Dataset.zip({ xs: images, ys: labels }); // Dataset<{xs, ys}>
   */
  static zip<const D extends readonly Dataset<unknown>[]>(
    datasets: D,
  ): Dataset<{ -readonly [K in keyof D]: ItemOf<D[K]> }>;
  static zip<D extends Record<string, Dataset<unknown>>>(
    datasets: D,
  ): Dataset<{ [K in keyof D]: ItemOf<D[K]> }>;
  static zip(
    datasets: readonly Dataset<unknown>[] | Record<string, Dataset<unknown>>,
  ): Dataset<unknown> {
    if (Array.isArray(datasets)) return new Dataset(() => zipItems(datasets));
    const keys = Object.keys(datasets);
    const sources = keys.map((k) => (datasets as Record<string, Dataset<unknown>>)[k]);
    return new Dataset(() =>
      mapItems(zipItems(sources), (values) =>
        Object.fromEntries(keys.map((k, i) => [k, values[i]])),
      ),
    );
  }

  /** Starts a new pass over the data set. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.open();
  }

  /**
   * Applies `fn` (sync or async) to each item. Tensors of the input that the output does not
   * contain are disposed after `fn` returns.
   *
   * @example
   * ds.map(({ xs, ys }) => ({ xs: div(xs, 255), ys }));
   */
  map<U>(fn: (item: T, index: number) => U | Promise<U>): Dataset<U> {
    return new Dataset(() => mapItems(this, fn));
  }

  /**
   * Keeps the items for which `predicate` holds; rejected items' tensors are disposed.
   *
   * @example
   * Dataset.fromArray([1, 2, 3, 4]).filter((x) => x % 2 === 0); // 2, 4
   */
  filter(predicate: (item: T, index: number) => boolean | Promise<boolean>): Dataset<T> {
    return new Dataset(() => filterItems(this, predicate));
  }

  /**
   * Groups `size` consecutive items and stacks each leaf into a tensor with a leading batch
   * dimension (see `Batched`); the items' own tensors are disposed once stacked.
   *
   * Shapes: items `{xs: number[features], ys: number}` → `{xs: [batch, features], ys: [batch]}`.
   *
   * @example
   * const batches = ds.batch(32, { dropRemainder: true });
   */
  batch(size: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    checkCount('batch', size, { allowZero: false });
    const dropRemainder = options.dropRemainder ?? false;
    return new Dataset(() => mapItems(chunkItems(this, size, dropRemainder), stackBatch));
  }

  /**
   * Groups `size` consecutive items into plain arrays, without stacking — for ragged items
   * (e.g. token sequences to pad per batch).
   *
   * @example
   * await Dataset.fromArray([1, 2, 3]).chunk(2).toArray(); // [[1, 2], [3]]
   */
  chunk(size: number, options: BatchOptions = {}): Dataset<T[]> {
    checkCount('chunk', size, { allowZero: false });
    return new Dataset(() => chunkItems(this, size, options.dropRemainder ?? false));
  }

  /**
   * Shuffles through a buffer of `bufferSize` items (a full uniform shuffle when the buffer
   * holds the whole data set). With a `seed`, the sequence of per-pass orders is reproducible;
   * each pass draws a new order unless `reshuffleEachIteration` is false.
   *
   * @example
   * ds.shuffle(10_000, { seed: 42 });
   */
  shuffle(bufferSize: number, options: ShuffleOptions = {}): Dataset<T> {
    checkCount('shuffle', bufferSize, { allowZero: false });
    const base = randomStream(options.seed);
    const fixedSeed = base.nextUint32();
    const reshuffle = options.reshuffleEachIteration ?? true;
    return new Dataset(() =>
      shuffleItems(this, bufferSize, reshuffle ? base.fork() : new RandomStream(fixedSeed)),
    );
  }

  /**
   * Keeps up to `bufferSize` items requested ahead of the consumer, so asynchronous stages
   * upstream overlap with the consumer's work.
   *
   * @example
   * ds.batch(32).prefetch(2);
   */
  prefetch(bufferSize: number): Dataset<T> {
    checkCount('prefetch', bufferSize);
    if (bufferSize === 0) return this;
    return new Dataset(() => prefetchItems(this, bufferSize));
  }

  /**
   * The first `count` items; the item after them is never pulled.
   *
   * @example
   * await Dataset.fromArray([1, 2, 3]).take(2).toArray(); // [1, 2]
   */
  take(count: number): Dataset<T> {
    checkCount('take', count, { allowInfinity: true });
    return new Dataset(() => takeItems(this, count));
  }

  /**
   * All but the first `count` items (which are pulled and disposed).
   *
   * @example
   * await Dataset.fromArray([1, 2, 3]).skip(2).toArray(); // [3]
   */
  skip(count: number): Dataset<T> {
    checkCount('skip', count, { allowInfinity: true });
    return new Dataset(() => skipItems(this, count));
  }

  /**
   * Runs over the data set `count` times (forever by default), each time as a new pass —
   * so a shuffle upstream reshuffles. An empty data set ends rather than spin.
   *
   * @example
   * await Dataset.fromArray([1, 2]).repeat(2).toArray(); // [1, 2, 1, 2]
   */
  repeat(count = Number.POSITIVE_INFINITY): Dataset<T> {
    checkCount('repeat', count, { allowInfinity: true });
    return new Dataset(() => repeatItems(this, count));
  }

  /**
   * This data set's items followed by those of `others`.
   *
   * @example
   * await a.concatenate(b).toArray(); // [...a, ...b]
   */
  concatenate<D extends Dataset<unknown>[]>(...others: D): Dataset<T | ItemOf<D[number]>> {
    return new Dataset(() =>
      concatenateItems<T | ItemOf<D[number]>>([
        this,
        ...(others as AsyncIterable<ItemOf<D[number]>>[]),
      ]),
    );
  }

  /**
   * Remembers the items in memory: the first complete pass reads the source, later passes
   * replay it without touching the source. Place it after expensive, deterministic stages
   * and before `shuffle`.
   *
   * @example
   * const ds = csvDataset({ path }).map(parseRow).cache().shuffle(1000).batch(32);
   */
  cache(): Dataset<T> {
    return new Dataset(cacheItems(this));
  }

  /**
   * Reads one full pass into an array.
   *
   * @example
   * const rows = await ds.take(10).toArray();
   */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }

  /**
   * Calls `fn` (sync or async, awaited) on each item of one full pass.
   *
   * @example
   * await ds.forEach((row) => console.log(row));
   */
  async forEach(fn: (item: T, index: number) => void | Promise<void>): Promise<void> {
    let index = 0;
    for await (const item of this) await fn(item, index++);
  }
}
