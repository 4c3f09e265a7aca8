import {
  BatchMatMul,
  type DataId,
  getKernel,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** The part of the wasm backend's API the conv gradient kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
}

/**
 * A float32 heap view of `info`. Take it only after the last `makeOutput` of a step:
 * allocating can grow the heap, which detaches every earlier view.
 */
export function heapF32(backend: WasmBackend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/**
 * Allocates a float32 temporary, lets `fill` write it, and returns it. Whoever receives it
 * frees it with `backend.disposeData(info.dataId)`.
 */
export function makeFilled(
  backend: WasmBackend,
  shape: number[],
  fill: (out: Float32Array) => void,
): TensorInfo {
  const info = backend.makeOutput(shape, 'float32');
  try {
    fill(heapF32(backend, info));
  } catch (error) {
    backend.disposeData(info.dataId);
    throw error;
  }
  return info;
}

/**
 * `a · b` for `a` [1, m, k] and `b` [1, k, n] through the wasm backend's own BatchMatMul
 * (XNNPACK), returning a new [1, m, n] tensor. No transposed operand: tfjs-wasm sends those
 * to a naive loop ~10× slower than XNNPACK's GEMM.
 *
 * XNNPACK caches its packed weights under `b`'s data id alone, not its shape, until that id
 * is freed; so `b` must be a temporary this module owns, never a reshaped view of a caller's
 * tensor, which could meet a stale cache entry of another shape.
 */
export function matMulWasm(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const kernel = getKernel(BatchMatMul, 'wasm');
  if (kernel == null) throw new Error("tfjs-backend-wasm has no 'BatchMatMul' kernel");
  return kernel.kernelFunc({
    inputs: { a, b },
    attrs: { transposeA: false, transposeB: false },
    backend,
  }) as TensorInfo;
}

/** `info`'s data under another shape of the same size: no copy, no new reference. */
export function viewAs(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * Runs one of tfjs-wasm's own kernels (Conv2D, Transpose, …) on `inputs` and returns its new
 * output, which the caller frees. Only for kernels that do not cache anything under an
 * input's data id, or whose cached inputs are temporaries the caller owns (Conv2D caches its
 * packed filter under the filter's id until that id is freed).
 */
export function runWasmKernel(
  backend: WasmBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: object,
): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (kernel == null) throw new Error(`tfjs-backend-wasm has no '${kernelName}' kernel`);
  return kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend }) as TensorInfo;
}

/**
 * The wasm backend's own kernel `name` (e.g. 'Sigmoid') on one float32 heap input, returning
 * a new heap output that the caller frees with `backend.disposeData(out.dataId)`.
 */
export function unaryWasm(backend: WasmBackend, name: string, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, name, { x }, {});
}

/** The wasm backend's internals the `…Into` kernels below use (its module and id table). */
interface WasmInternals {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  };
  dataIdMap: { has(dataId: DataId): boolean; get(dataId: DataId): { id: number } };
}

/** The cwrapped functions, once per backend instance. */
const WRAPPED = new WeakMap<object, Record<string, (...args: unknown[]) => void>>();

function wrapped(backend: WasmBackend, name: string, args: string[]) {
  let fns = WRAPPED.get(backend);
  if (fns == null) {
    fns = {};
    WRAPPED.set(backend, fns);
  }
  fns[name] ??= (backend as unknown as WasmInternals).wasm.cwrap(name, null, args);
  return fns[name];
}

function heapId(backend: WasmBackend, info: TensorInfo): number {
  const map = (backend as unknown as WasmInternals).dataIdMap;
  if (!map.has(info.dataId)) {
    throw new Error('wasmHeap: expected a live wasm buffer. Received: a freed one.');
  }
  return map.get(info.dataId).id;
}

/** The fused activations of tfjs-wasm's `_FusedMatMul` (its `FusableActivation` codes). */
const FUSED = { linear: 0, relu: 1, sigmoid: 5 } as const;

/** A shape as bytes (the `array` arguments of tfjs-wasm's matMul), once per shape array. */
const SHAPE_BYTES = new WeakMap<number[], Uint8Array>();
function shapeBytes(shape: number[]): Uint8Array {
  let bytes = SHAPE_BYTES.get(shape);
  if (bytes == null) {
    bytes = new Uint8Array(new Int32Array(shape).buffer);
    SHAPE_BYTES.set(shape, bytes);
  }
  return bytes;
}

/**
 * `out = activation(a · b + bias)` for `a` [1, m, k], `b` [1, k, n], `bias` [n] or null and
 * `out` [1, m, n], all float32 heap buffers the caller owns: XNNPACK's GEMM writing into an
 * existing output, so a loop can reuse its buffers (no allocation, no copy per call). `out`
 * must not be `a` or `b`. Caching as `matMulWasm`: the packed `b` (and bias) live under their
 * data ids until freed, so `b` must be a buffer whose values do not change while it lives.
 */
export function fusedMatMulInto(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  bias: TensorInfo | null,
  activation: keyof typeof FUSED,
  out: TensorInfo,
): void {
  const fn = wrapped(backend, '_FusedMatMul', [
    'number',
    'array',
    'number',
    'number',
    'array',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
  ]);
  fn(
    heapId(backend, a),
    shapeBytes(a.shape),
    a.shape.length,
    heapId(backend, b),
    shapeBytes(b.shape),
    b.shape.length,
    0,
    0,
    FUSED[activation],
    bias == null ? 0 : heapId(backend, bias),
    0,
    0,
    heapId(backend, out),
  );
}

/** `out = σ(x)` elementwise (XNNPACK) between two float32 heap buffers of one size. */
export function sigmoidInto(backend: WasmBackend, x: TensorInfo, out: TensorInfo): void {
  wrapped(backend, 'Sigmoid', ['number', 'number'])(heapId(backend, x), heapId(backend, out));
}
