import { disposeTensorsIn } from './tensor-tree.js';

/**
 * Keeps up to `bufferSize` requests to `source` in flight ahead of the consumer, so that an
 * asynchronous source (a file, a fetch, a slow `map`) works while the consumer is busy with
 * the current item. Nothing is requested before the consumer's first `next()`. Items fetched
 * ahead but never consumed are disposed when the consumer stops.
 */
export function prefetchItems<T>(source: AsyncIterable<T>, bufferSize: number): AsyncIterator<T> {
  let upstream: AsyncIterator<T> | undefined;
  const queue: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  let closed = false;

  const request = (it: AsyncIterator<T>) => {
    const result = (async () => it.next())().then(
      (r) => {
        if (r.done) ended = true;
        return r;
      },
      (error: unknown) => {
        ended = true;
        throw error;
      },
    );
    // A request may fail before the consumer reaches it; it is reported then, not as unhandled.
    result.catch(() => {});
    queue.push(result);
  };

  const drain = async () => {
    const pending = queue.splice(0);
    const settled = await Promise.allSettled(pending);
    for (const s of settled)
      if (s.status === 'fulfilled' && !s.value.done) disposeTensorsIn(s.value.value);
  };

  return {
    async next(): Promise<IteratorResult<T>> {
      if (closed) return { done: true, value: undefined };
      upstream ??= source[Symbol.asyncIterator]();
      while (!ended && queue.length < bufferSize + 1) request(upstream);
      const head = queue.shift();
      if (head == null) {
        closed = true;
        return { done: true, value: undefined };
      }
      try {
        const result = await head;
        if (result.done) {
          closed = true;
          await drain();
        }
        return result;
      } catch (error) {
        closed = true;
        await drain();
        throw error;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      if (!closed) {
        closed = true;
        await drain();
        await upstream?.return?.();
      }
      return { done: true, value: undefined };
    },
  };
}
