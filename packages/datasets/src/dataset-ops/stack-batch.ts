import {
  formatShape,
  ShapeError,
  stack,
  Tensor,
  type Tensor1D,
  type Tensor2D,
  type Tensor3D,
  type TensorContainer,
  tensor,
  tidy,
} from '@strata/core';
import { disposeTensorsIn, isPlainObject } from './tensor-tree.js';

/** The typed arrays `batch` stacks as rows. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/** Numbers nested in arrays, e.g. `number[][]`. */
export type NumericArray = readonly (number | NumericArray)[];

/**
 * What `batch` makes of an item type: each leaf gains a leading `batch` dimension — a number,
 * boolean or string becomes a `Tensor1D`, a `number[]` or typed array a `Tensor2D`, a tensor a
 * tensor one rank higher; objects and tuples keep their structure.
 */
export type Batched<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean | string
    ? Tensor1D
    : T extends TypedArray | readonly number[]
      ? Tensor2D
      : T extends readonly (readonly number[])[]
        ? Tensor3D
        : T extends NumericArray
          ? Tensor
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: Batched<T[K]> }
            : T extends object
              ? { -readonly [K in keyof T]: Batched<T[K]> }
              : never;

const SUBJECT = 'Dataset.batch';

/**
 * Stacks `items` (all of one structure) into one batch and disposes the items' own tensors.
 * Numbers become float32, booleans bool, integer typed arrays int32, float typed arrays
 * float32; tensors keep their dtype. Shapes must agree across items.
 *
 * Shapes: `n` items of leaf shape `s` → `[n, ...s]`.
 *
 * @example
 * stackBatch([{ xs: [1, 2], ys: 0 }, { xs: [3, 4], ys: 1 }]); // {xs: [2, 2], ys: [2]}
 */
export function stackBatch<T>(items: readonly T[]): Batched<T> {
  if (items.length === 0) {
    throw new ShapeError({ subject: SUBJECT, expected: 'at least one item', received: '0' });
  }
  const batch = tidy(() => stackValues(items, '') as TensorContainer);
  for (const item of items) disposeTensorsIn(item);
  return batch as Batched<T>;
}

function where(path: string): string {
  return path === '' ? 'every item' : `every item's '${path}'`;
}

function mismatch(path: string, expected: string, received: string, index: number): ShapeError {
  return new ShapeError({
    subject: SUBJECT,
    expected: `${where(path)} to be ${expected}`,
    received: `${received} in item ${index}`,
  });
}

function describe(value: unknown): string {
  if (value instanceof Tensor) return `a tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return value === null ? 'null' : `a ${typeof value}`;
}

function stackValues(values: readonly unknown[], path: string): unknown {
  const first = values[0];
  if (first instanceof Tensor) return stackTensors(values, path);
  if (typeof first === 'number') return stackScalars(values, path, 'number');
  if (typeof first === 'boolean') return stackScalars(values, path, 'boolean');
  if (typeof first === 'string') return stackScalars(values, path, 'string');
  if (ArrayBuffer.isView(first)) return stackTypedArrays(values, path);
  if (Array.isArray(first)) {
    if (numericShape(first) != null) return stackNumericArrays(values, path);
    return first.map((_, i) => {
      const childPath = `${path}[${i}]`;
      return stackValues(
        values.map((v, j) => {
          if (!Array.isArray(v) || v.length !== first.length) {
            throw mismatch(path, `an array of length ${first.length}`, describe(v), j);
          }
          return v[i];
        }),
        childPath,
      );
    });
  }
  if (isPlainObject(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      out[key] = stackValues(
        values.map((v, j) => {
          if (!isPlainObject(v) || !(key in v)) {
            throw mismatch(path, `an object with key '${key}'`, describe(v), j);
          }
          return v[key];
        }),
        childPath,
      );
    }
    return out;
  }
  throw mismatch(
    path,
    'a tensor, number, boolean, string, typed array, or an array or object of them',
    describe(first),
    0,
  );
}

function stackTensors(values: readonly unknown[], path: string): Tensor {
  const first = values[0] as Tensor;
  const shape = formatShape(first.shape);
  values.forEach((v, j) => {
    if (!(v instanceof Tensor) || formatShape(v.shape) !== shape || v.dtype !== first.dtype) {
      throw mismatch(path, `a ${first.dtype} tensor of shape ${shape}`, describe(v), j);
    }
  });
  return stack(values as Tensor[]);
}

function stackScalars(
  values: readonly unknown[],
  path: string,
  kind: 'number' | 'boolean' | 'string',
): Tensor {
  values.forEach((v, j) => {
    if (typeof v !== kind) throw mismatch(path, `a ${kind}`, describe(v), j);
  });
  if (kind === 'string') return tensor(values as string[], [values.length], 'string');
  if (kind === 'boolean') {
    return tensor(Uint8Array.from(values as boolean[], Number), [values.length], 'bool');
  }
  return tensor(Float32Array.from(values as number[]), [values.length], 'float32');
}

function stackTypedArrays(values: readonly unknown[], path: string): Tensor {
  const first = values[0] as TypedArray;
  const isFloat = first instanceof Float32Array || first instanceof Float64Array;
  const n = first.length;
  const out = isFloat ? new Float32Array(values.length * n) : new Int32Array(values.length * n);
  values.forEach((v, j) => {
    if (!ArrayBuffer.isView(v) || (v as TypedArray).length !== n) {
      throw mismatch(path, `a typed array of length ${n}`, describe(v), j);
    }
    out.set(v as TypedArray, j * n);
  });
  return tensor(out, [values.length, n], isFloat ? 'float32' : 'int32');
}

/** The shape of a nested number array, read along its first elements; null if not numeric. */
function numericShape(value: unknown[]): number[] | null {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return typeof v === 'number' ? shape : null;
}

function stackNumericArrays(values: readonly unknown[], path: string): Tensor {
  const shape = numericShape(values[0] as unknown[]) as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(values.length * size);
  values.forEach((v, j) => {
    if (flattenInto(v, shape, 0, out, j * size) !== (j + 1) * size) {
      throw mismatch(path, `numbers of shape ${formatShape(shape)}`, describe(v), j);
    }
  });
  return tensor(out, [values.length, ...shape], 'float32');
}

/** Writes `value` into `out` at `offset`; returns the new offset, or -1 on a shape mismatch. */
function flattenInto(
  value: unknown,
  shape: readonly number[],
  dim: number,
  out: Float32Array,
  offset: number,
): number {
  if (!Array.isArray(value) || value.length !== shape[dim]) return -1;
  if (dim === shape.length - 1) {
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'number') return -1;
      out[offset + i] = value[i];
    }
    return offset + value.length;
  }
  let o = offset;
  for (const child of value) {
    o = flattenInto(child, shape, dim + 1, out, o);
    if (o < 0) return -1;
  }
  return o;
}
