import type { RandomStream } from '@strata/core';
import { disposeTensorsIn } from './tensor-tree.js';

/**
 * Shuffles a stream through a buffer of `bufferSize` items, as tf.data does: fill the buffer,
 * then repeatedly yield a uniformly chosen buffered item and pull one to take its place. With
 * a buffer at least as large as the data set this is a uniform permutation; smaller buffers
 * trade randomness for memory (an item moves at most about `bufferSize` places earlier).
 * Items still buffered when the consumer stops are disposed.
 */
export async function* shuffleItems<T>(
  source: AsyncIterable<T>,
  bufferSize: number,
  rng: RandomStream,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: T[] = [];
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && buffer.length < bufferSize) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else buffer.push(next.value);
      }
      if (buffer.length === 0) return;
      const i = rng.int(buffer.length);
      const item = buffer[i];
      // Swap-remove: O(1), and the order inside the buffer does not matter.
      buffer[i] = buffer[buffer.length - 1];
      buffer.pop();
      yield item;
    }
  } finally {
    for (const item of buffer) disposeTensorsIn(item);
    if (!exhausted) await iterator.return?.();
  }
}
