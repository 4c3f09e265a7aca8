import { cloneTensorsIn } from './tensor-tree.js';

/** What a `fromGenerator` factory may return: a (sync or async) iterator or iterable. */
export type ItemSource<T> = Iterator<T> | AsyncIterator<T> | Iterable<T> | AsyncIterable<T>;

/** A pass over an array; tensors are handed out as clones so the array keeps its own. */
export async function* arrayItems<T>(items: readonly T[]): AsyncGenerator<T> {
  for (let i = 0; i < items.length; i++) yield cloneTensorsIn(items[i]);
}

function toIterator<T>(source: ItemSource<T>): Iterator<T> | AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<T>)[Symbol.asyncIterator]();
  if (Symbol.iterator in source && typeof (source as { next?: unknown }).next !== 'function') {
    return (source as Iterable<T>)[Symbol.iterator]();
  }
  return source as Iterator<T> | AsyncIterator<T>;
}

/**
 * A pass over what `factory()` returns. The factory is called when the pass starts pulling,
 * not before, and the iterator is closed (`return()`) if the consumer stops early.
 */
export async function* generatedItems<T>(factory: () => ItemSource<T>): AsyncGenerator<T> {
  const iterator = toIterator(factory());
  let done = false;
  try {
    while (true) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
