import type { DataType } from '@strata/core';
import type { Layer } from './layer.js';
import type { Shape } from './shape.js';

/** A layer call recorded while building a functional model: which layer, on what, giving what. */
export interface Node {
  layer: Layer;
  inputs: SymbolicInputs;
  outputs: SymbolicTensor[];
}

export type SymbolicInputs = SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>;

let nextId = 0;

/**
 * A placeholder for a tensor in a functional model: it has a shape (batch dimension `null`)
 * and remembers the layer call that produces it. `input()` makes one; `layer.apply()` on
 * symbolic tensors returns new ones.
 */
export class SymbolicTensor {
  readonly id = nextId++;

  constructor(
    readonly shape: Shape,
    readonly dtype: DataType,
    readonly name: string,
    /** The call that produces this tensor; null for a model input. */
    readonly node: Node | null,
    /** Which output of `node` this is. */
    readonly outputIndex = 0,
  ) {}
}

/** True for a symbolic tensor, a list of them or a record of them. */
export function isSymbolic(x: unknown): x is SymbolicInputs {
  if (x instanceof SymbolicTensor) return true;
  if (Array.isArray(x)) return x.length > 0 && x.every((t) => t instanceof SymbolicTensor);
  if (x != null && typeof x === 'object' && x.constructor === Object) {
    const values = Object.values(x);
    return values.length > 0 && values.every((t) => t instanceof SymbolicTensor);
  }
  return false;
}

/** The symbolic tensors of an input structure, in order. */
export function symbolicList(x: SymbolicInputs): SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return [x];
  return Array.isArray(x) ? x : Object.values(x);
}
