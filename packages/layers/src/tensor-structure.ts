import type { Tensor } from '@strata/core';
import type { LayerInputs, LayerOutputs } from './layer.js';

/** True for a tfjs tensor (from any copy of tfjs-core), false for a list or a record. */
export function isTensor(x: unknown): x is Tensor {
  return x != null && typeof x === 'object' && 'dataId' in x && 'shape' in x;
}

/** The tensors of an input or output structure, in order. */
export function tensorList(x: LayerInputs | LayerOutputs): Tensor[] {
  if (Array.isArray(x)) return x;
  if (isTensor(x)) return [x];
  return Object.values(x);
}

/** The same structure with `f` applied to every tensor. */
export function mapTensors<T extends LayerInputs | LayerOutputs>(
  x: T,
  f: (t: Tensor) => Tensor,
): T {
  if (Array.isArray(x)) return x.map(f) as T;
  if (isTensor(x)) return f(x) as T;
  return Object.fromEntries(Object.entries(x).map(([k, t]) => [k, f(t)])) as T;
}
