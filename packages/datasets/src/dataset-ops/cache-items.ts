import { cloneTensorsIn, disposeTensorsIn } from './tensor-tree.js';

/**
 * Returns an opener that reads `source` once and replays it from memory afterwards. The first
 * pass that runs to the end fills the cache; a pass abandoned midway leaves it empty (its
 * partial copy is disposed) and the next pass reads the source again. Tensors are stored once
 * and handed out as clones, so consumers may dispose what they receive.
 */
export function cacheItems<T>(source: AsyncIterable<T>): () => AsyncIterator<T> {
  let cache: T[] | null = null;
  return async function* cachedPass(): AsyncGenerator<T> {
    if (cache != null) {
      for (const item of cache) yield cloneTensorsIn(item);
      return;
    }
    const filling: T[] = [];
    let complete = false;
    try {
      for await (const item of source) {
        filling.push(item);
        yield cloneTensorsIn(item);
      }
      complete = true;
      if (cache == null) cache = filling;
    } finally {
      // Another pass may have filled the cache first; ours is then a duplicate.
      if (!complete || cache !== filling) for (const item of filling) disposeTensorsIn(item);
    }
  };
}
