import { ConfigError, type Tensor, tensor, oneHot as tfOneHot, tidy } from '@strata/core';

/** Nested arrays of class ids, any depth. */
export type NestedIds = ArrayLike<number> | readonly NestedIds[];

/**
 * One-hot encodes class ids: `out[..., k] = 1` where `k = indices[...]`, else 0. Unlike
 * tfjs's `oneHot`, an id outside [0, depth) is an error, not a row of zeros.
 * Shapes: `[...s]` → `[...s, depth]`, float32.
 *
 * @example
 * oneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: NestedIds, depth: number): Tensor {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new ConfigError({
      subject: 'oneHot',
      expected: 'depth a positive integer',
      received: String(depth),
    });
  }
  const shape: number[] = [];
  const flat: number[] = [];
  collect(indices, 0, shape, flat);
  for (const id of flat) {
    if (!Number.isInteger(id) || id < 0 || id >= depth) {
      throw new ConfigError({
        subject: 'oneHot',
        expected: `integer ids in [0, ${depth})`,
        received: String(id),
      });
    }
  }
  return tidy(() => tfOneHot(tensor(flat, shape, 'int32'), depth, 1, 0, 'float32'));
}

function collect(node: NestedIds, level: number, shape: number[], flat: number[]): void {
  const length = node.length;
  if (shape.length === level) shape.push(length);
  else if (shape[level] !== length) {
    throw new ConfigError({
      subject: 'oneHot',
      expected: `a rectangular array with ${shape[level]} items at depth ${level}`,
      received: `${length} items`,
    });
  }
  if (length === 0) return;
  if (typeof (node as ArrayLike<unknown>)[0] === 'number') {
    for (let i = 0; i < length; i++) flat.push((node as ArrayLike<number>)[i]);
    return;
  }
  for (let i = 0; i < length; i++)
    collect((node as readonly NestedIds[])[i], level + 1, shape, flat);
}
