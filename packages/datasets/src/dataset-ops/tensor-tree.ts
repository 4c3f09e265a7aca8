import { clone, dispose, Tensor } from '@strata/core';

/**
 * Helpers that find the tensors inside a data set item (a tensor, or plain objects and arrays
 * holding tensors). They implement the ownership rule of every `Dataset` stage: a stage owns
 * the items it pulls, so it disposes the tensors of items it drops, and what it yields belongs
 * to the next stage.
 *
 * Arrays whose first element is a number are numeric data, not containers, and are not walked:
 * this keeps a 784-number row from costing 784 checks per item.
 */

/** True for a plain object (`{}` literal or `Object.create(null)`), the containers we walk. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value == null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isContainerArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] !== 'number';
}

/** Calls `visit` on every tensor inside `value`. */
export function forEachTensor(value: unknown, visit: (t: Tensor) => void): void {
  if (value instanceof Tensor) visit(value);
  else if (isContainerArray(value)) for (const v of value) forEachTensor(v, visit);
  else if (isPlainObject(value)) for (const key in value) forEachTensor(value[key], visit);
}

/** True if `value` holds at least one tensor. */
export function hasTensors(value: unknown): boolean {
  if (value instanceof Tensor) return true;
  if (isContainerArray(value)) return value.some(hasTensors);
  if (isPlainObject(value)) return Object.values(value).some(hasTensors);
  return false;
}

/** Disposes every tensor inside `value` (items a stage drops). */
export function disposeTensorsIn(value: unknown): void {
  forEachTensor(value, (t) => {
    if (!t.isDisposed) t.dispose();
  });
}

/**
 * Returns `value` with every tensor replaced by a `clone` (shared data, own reference count),
 * so the caller can dispose what it receives while the original stays alive. Values without
 * tensors are returned as they are.
 */
export function cloneTensorsIn<T>(value: T): T {
  if (!hasTensors(value)) return value;
  return cloneTree(value) as T;
}

function cloneTree(value: unknown): unknown {
  if (value instanceof Tensor) return clone(value);
  if (isContainerArray(value)) return value.map(cloneTree);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = cloneTree(value[key]);
    return out;
  }
  return value;
}

/**
 * Disposes the tensors of `input` that do not appear in `output`: what a `map` function
 * consumed. Tensors it passed through (or that share data through `reshape`, which keeps its
 * own reference) stay alive.
 */
export function disposeConsumed(input: unknown, output: unknown): void {
  if (!hasTensors(input)) return;
  const kept = new Set<number>();
  forEachTensor(output, (t) => kept.add(t.id));
  const consumed: Tensor[] = [];
  forEachTensor(input, (t) => {
    if (!kept.has(t.id) && !t.isDisposed) consumed.push(t);
  });
  dispose(consumed);
}
