import {
  broadcastTo,
  cast,
  formatShape,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
} from '@strata/core';

/** Numbers nested to any depth: `number[]`, `number[][]`, … (rectangular). */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** A typed array of numbers. */
export type TypedNumbers =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

/**
 * What the numeric metrics accept: a tfjs `Tensor`, a typed array (1-D), or rectangular
 * nested arrays of numbers. Tensors are never disposed by a metric.
 */
export type MetricInput = Tensor | TypedNumbers | NestedNumbers;

/** Options shared by the pure metric functions. */
export interface SampleWeightOption {
  /** One weight per sample (shape `[batch]`, or a prefix of the per-sample shape). */
  sampleWeight?: MetricInput;
}

/** Options of the streaming metrics: the name they log under. */
export interface MetricNameOption {
  /** The key in logs. Defaults to the Keras name, e.g. `'binary_accuracy'`. */
  name?: string;
}

/** An input read back to the host: its values in row-major order and its shape. */
export interface HostArray {
  readonly values: Float64Array;
  readonly shape: readonly number[];
}

/** `Metric 'name'`, the subject of every error a metric throws. */
export function metricSubject(name: string): string {
  return `Metric '${name}'`;
}

/** True for a tfjs tensor (duck-typed, so that two engine copies still agree). */
export function isTensor(x: unknown): x is Tensor {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Tensor).data === 'function' &&
    Array.isArray((x as Tensor).shape)
  );
}

/** Flattens rectangular nested arrays, checking that every row has the same length. */
function flattenNested(x: NestedNumbers, name: string, what: string): HostArray {
  const shape: number[] = [];
  let level: unknown = x;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let offset = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        throw new ShapeError({
          subject: metricSubject(name),
          expected: `${what} as a rectangular array of numbers of shape ${formatShape(shape)}`,
          received: `a ${Array.isArray(node) ? 'deeper array' : typeof node} at depth ${depth}`,
        });
      }
      out[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ShapeError({
        subject: metricSubject(name),
        expected: `${what} as a rectangular array of shape ${formatShape(shape)}`,
        received: `a row of length ${Array.isArray(node) ? node.length : typeof node} at depth ${depth}`,
      });
    }
    for (const child of node) walk(child, depth + 1);
  };
  walk(x, 0);
  return { values: out, shape };
}

/** Reads a plain (non-tensor) input on the host, synchronously. */
export function hostArray(x: TypedNumbers | NestedNumbers, name: string, what: string): HostArray {
  if (ArrayBuffer.isView(x)) return { values: Float64Array.from(x), shape: [x.length] };
  return flattenNested(x, name, what);
}

/**
 * Reads any input to the host. Tensors are read with `await data()`, which every backend
 * supports (WebGPU's `dataSync` is not reliable).
 */
export async function readInput(x: MetricInput, name: string, what: string): Promise<HostArray> {
  if (isTensor(x)) {
    const data = (await x.data()) as ArrayLike<number>;
    return { values: Float64Array.from(data), shape: x.shape };
  }
  return hostArray(x, name, what);
}

/** Reads an optional input, keeping `undefined`. */
export async function readOptional(
  x: MetricInput | undefined,
  name: string,
  what: string,
): Promise<HostArray | undefined> {
  return x == null ? undefined : readInput(x, name, what);
}

/** Reads `yTrue`, `yPred` and an optional `sampleWeight` to the host, in parallel. */
export async function readInputs(
  name: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: MetricInput | undefined,
): Promise<[HostArray, HostArray, HostArray | undefined]> {
  return Promise.all([
    readInput(yTrue, name, 'yTrue'),
    readInput(yPred, name, 'yPred'),
    readOptional(sampleWeight, name, 'sampleWeight'),
  ]);
}

/**
 * An input as a tensor on the active backend. Plain arrays become float32 tensors; call this
 * inside `tidy` so that they are freed. Tensors are returned as they are.
 */
export function inputTensor(x: MetricInput, name: string, what: string): Tensor {
  if (isTensor(x)) return x;
  const host = hostArray(x, name, what);
  return tensor(Float32Array.from(host.values), [...host.shape], 'float32');
}

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function equalShapes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when `a` equals `b`, or one of them is the other with one extra trailing 1. */
export function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  if (equalShapes(a, b)) return true;
  if (a.length === b.length + 1 && a[a.length - 1] === 1) return equalShapes(a.slice(0, -1), b);
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return equalShapes(a, b.slice(0, -1));
  return false;
}

/**
 * Throws a `ShapeError` unless `yTrue` and `yPred` have the same shape (a trailing 1 on
 * either side is tolerated: `[batch]` matches `[batch, 1]`, as in Keras).
 */
export function expectSameShape(
  name: string,
  trueShape: readonly number[],
  predShape: readonly number[],
): void {
  if (shapesMatch(trueShape, predShape)) return;
  throw new ShapeError({
    subject: metricSubject(name),
    expected: `yTrue and yPred of the same shape`,
    received: `yTrue ${formatShape(trueShape)} and yPred ${formatShape(predShape)}`,
  });
}

/**
 * The shape, of rank `valuesShape.length`, that a sample weight is reshaped to before it is
 * broadcast over per-sample values: a scalar, or a prefix of `valuesShape` (trailing 1s of
 * the weight are ignored), so `[batch]` weights apply to `[batch, time]` values.
 */
export function weightShape(
  name: string,
  wShape: readonly number[],
  valuesShape: readonly number[],
): number[] {
  let ws = [...wShape];
  for (;;) {
    if (ws.length <= valuesShape.length && ws.every((d, i) => d === valuesShape[i])) {
      return [...ws, ...new Array<number>(valuesShape.length - ws.length).fill(1)];
    }
    if (ws.length > 0 && ws[ws.length - 1] === 1) ws = ws.slice(0, -1);
    else break;
  }
  throw new ShapeError({
    subject: metricSubject(name),
    expected: `sampleWeight of a shape that is a prefix of ${formatShape(valuesShape)}`,
    received: formatShape(wShape),
  });
}

/**
 * A sample weight as a float32 tensor broadcast to `valuesShape` (see `weightShape`). Call
 * inside `tidy`.
 */
export function weightTensor(
  name: string,
  sampleWeight: MetricInput,
  valuesShape: readonly number[],
): Tensor {
  const w = cast(inputTensor(sampleWeight, name, 'sampleWeight'), 'float32');
  return broadcastTo(reshape(w, weightShape(name, w.shape, valuesShape)), [...valuesShape]);
}

/** Sample weights expanded to one per element of `valuesShape` (all 1 when absent). */
export function expandWeights(
  name: string,
  weights: HostArray | undefined,
  valuesShape: readonly number[],
): Float64Array {
  const size = sizeOf(valuesShape);
  const out = new Float64Array(size);
  if (weights == null) return out.fill(1);
  const ws = weightShape(name, weights.shape, valuesShape);
  // Elements per weight: the product of the dimensions the weight is broadcast over.
  const span = size / Math.max(1, sizeOf(ws));
  for (let i = 0; i < size; i++) out[i] = weights.values[Math.floor(i / span)];
  return out;
}

/** `Σ wᵢ·vᵢ / Σ wᵢ`, and 0 when the weights sum to 0 (Keras's `divide_no_nan`). */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    total += weights[i] * values[i];
    count += weights[i];
  }
  return count === 0 ? 0 : total / count;
}

/** Index of the largest value of each row of a row-major `[rows, cols]` block (first on ties). */
export function argMaxRows(values: ArrayLike<number>, cols: number): Int32Array {
  const rows = cols === 0 ? 0 : values.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) {
      if (values[r * cols + c] > values[r * cols + best]) best = c;
    }
    out[r] = best;
  }
  return out;
}
