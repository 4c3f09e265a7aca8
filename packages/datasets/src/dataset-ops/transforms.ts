import { disposeConsumed, disposeTensorsIn } from './tensor-tree.js';

/**
 * The one-item-at-a-time stages of a `Dataset`, as async generators over any async iterable.
 * Each pulls from its source only when its own consumer pulls, and `for await` hands an early
 * `return()` down to the source, so abandoning a pass closes every stage below it.
 */

/**
 * Applies `fn` to each item; disposes the input's tensors that the output does not keep (all
 * of them if `fn` throws).
 */
export async function* mapItems<T, U>(
  source: AsyncIterable<T>,
  fn: (item: T, index: number) => U | Promise<U>,
): AsyncGenerator<U> {
  let index = 0;
  for await (const item of source) {
    let out: U;
    try {
      out = await fn(item, index++);
    } catch (error) {
      disposeTensorsIn(item);
      throw error;
    }
    disposeConsumed(item, out);
    yield out;
  }
}

/** Yields the items for which `predicate` holds; disposes the tensors of the others. */
export async function* filterItems<T>(
  source: AsyncIterable<T>,
  predicate: (item: T, index: number) => boolean | Promise<boolean>,
): AsyncGenerator<T> {
  let index = 0;
  for await (const item of source) {
    if (await predicate(item, index++)) yield item;
    else disposeTensorsIn(item);
  }
}

/** Yields the first `count` items and never pulls the one after them. */
export async function* takeItems<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const item of source) {
    yield item;
    if (++taken >= count) return;
  }
}

/** Drops (and disposes) the first `count` items. */
export async function* skipItems<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let skipped = 0;
  for await (const item of source) {
    if (skipped < count) {
      skipped++;
      disposeTensorsIn(item);
    } else {
      yield item;
    }
  }
}

/**
 * Runs over `source` `count` times, opening a fresh pass each time. Stops early if a pass is
 * empty, so that `repeat()` of an empty data set ends instead of spinning forever.
 */
export async function* repeatItems<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  for (let pass = 0; pass < count; pass++) {
    let seen = 0;
    for await (const item of source) {
      seen++;
      yield item;
    }
    if (seen === 0) return;
  }
}

/** Yields every item of each source in turn. */
export async function* concatenateItems<T>(
  sources: readonly AsyncIterable<T>[],
): AsyncGenerator<T> {
  for (const source of sources) yield* source;
}

/**
 * Groups consecutive items into arrays of `size`; the last group may be shorter unless
 * `dropRemainder`, in which case its items are disposed.
 */
export async function* chunkItems<T>(
  source: AsyncIterable<T>,
  size: number,
  dropRemainder: boolean,
): AsyncGenerator<T[]> {
  let group: T[] = [];
  try {
    for await (const item of source) {
      group.push(item);
      if (group.length === size) {
        const full = group;
        group = [];
        yield full;
      }
    }
    if (group.length > 0 && !dropRemainder) {
      const last = group;
      group = [];
      yield last;
    }
  } finally {
    for (const item of group) disposeTensorsIn(item);
  }
}
