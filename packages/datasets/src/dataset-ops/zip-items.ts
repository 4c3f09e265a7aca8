import { disposeTensorsIn } from './tensor-tree.js';

/**
 * Pulls one item from every source at once and yields them together, in source order. Ends
 * with the shortest source: the items pulled from the longer ones in that last round are
 * disposed, and every source is closed.
 */
export async function* zipItems(
  sources: readonly AsyncIterable<unknown>[],
): AsyncGenerator<unknown[]> {
  if (sources.length === 0) return;
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  try {
    while (true) {
      const round = await Promise.allSettled(iterators.map((it) => it.next()));
      const failed = round.find((r) => r.status === 'rejected');
      const ended = round.some((r) => r.status === 'fulfilled' && r.value.done);
      if (failed != null || ended) {
        for (const r of round)
          if (r.status === 'fulfilled' && !r.value.done) disposeTensorsIn(r.value.value);
        if (failed != null) throw (failed as PromiseRejectedResult).reason;
        return;
      }
      yield round.map((r) => (r as PromiseFulfilledResult<IteratorResult<unknown>>).value.value);
    }
  } finally {
    await Promise.allSettled(iterators.map((it) => it.return?.()));
  }
}
