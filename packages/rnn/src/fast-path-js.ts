import {
  engine,
  fastMatMul,
  getBackend,
  sigmoid,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
  type TensorInfo,
  tensor,
  transpose,
  wasmHeap,
} from '@strata/core';

/**
 * The fast path's per-step arithmetic in plain typed arrays, for the backends whose tensors
 * live in JS-reachable memory (cpu, wasm): per step one matMul op (`h·U`, or in BPTT `dz·Uᵀ`)
 * and a read of its result, the gate arithmetic in one JS loop instead of ~15 ops (each a
 * dispatch, and on wasm a copy of its whole input for every Slice). The per-step values
 * BPTT needs stay in typed arrays captured by the gradient.
 */

/** A scalar activation and its derivative as a function of its output. */
export interface ScalarAct {
  f: (z: number) => number;
  d: (y: number) => number;
}

export const SCALAR: Record<string, ScalarAct> = {
  linear: { f: (z) => z, d: () => 1 },
  tanh: { f: Math.tanh, d: (y) => 1 - y * y },
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), d: (y) => y * (1 - y) },
  relu: { f: (z) => Math.max(z, 0), d: (y) => (y > 0 ? 1 : 0) },
  hardSigmoid: {
    f: (z) => Math.min(1, Math.max(0, 0.2 * z + 0.5)),
    d: (y) => (y > 0 && y < 1 ? 0.2 : 0),
  },
};

/** True when both activations have a scalar form here. */
export function hasScalarForm(act: string, rec: string): boolean {
  return act in SCALAR && rec in SCALAR;
}

/**
 * The gradients of the typed-array BPTT: of the input projections x·W + b (made on demand:
 * only the input's gradient needs it) and of every weight, the initial states.
 */
export interface JsGrads {
  dXW: () => Tensor2D;
  dW: Tensor2D;
  /** Of the input bias; null without a bias. */
  dbIn: Tensor | null;
  dR: Tensor2D;
  /** Of the recurrent bias (GRU resetAfter with a bias); else null. */
  dbRec: Tensor | null;
  dInitial: Tensor2D[];
}

/** What BPTT needs besides the forward's values (for the weight gradients). */
export interface JsGradInputs {
  /** The time-major inputs `[T·B, features]`. */
  x: Float32Array;
  features: number;
  /** Whether the cell has a bias. */
  bias: boolean;
  /** On wasm, the rows of each weight-gradient product: about this many floats of dZ. */
  chunkFloats: number;
}

/** BPTT from the gradient of `value`. */
export type JsBackward = (dy: Tensor3D, inputs: JsGradInputs) => JsGrads;

export interface JsForward {
  /** `[T(+1), B, U]`: every output h_t (`lastOnly`: the last), then (LSTM) the final c. */
  value: Tensor3D;
  /** BPTT from the gradient of `value`; null when nothing was kept. */
  backward: JsBackward | null;
}

/** `a·w` for `a` `[rows, cols]` in a typed array; the result read back. */
function mm(a: Float32Array, rows: number, cols: number, w: Tensor2D): Float32Array {
  const at = tensor(a, [rows, cols]) as Tensor2D;
  const out = fastMatMul(at, w);
  const values = out.dataSync() as Float32Array;
  at.dispose();
  out.dispose();
  return values;
}

/**
 * The per-step backend calls of the typed-array form: `mm` (`a·w`, read back) and, where the
 * backend's is faster than `Math.exp` in JS (wasm), `sigmoid` (a new array). Owns what it
 * allocates until `dispose`.
 */
interface StepOps {
  /** `a·w`, written into `into` when given (and returned). */
  mm(a: Float32Array, rows: number, cols: number, w: Tensor2D, into?: Float32Array): Float32Array;
  sigmoid: ((x: Float32Array) => Float32Array) | null;
  dispose(): void;
}

/** Through the engine: a tensor per call (cpu, or wasm with `direct` off). */
function engineOps(withSigmoid: boolean): StepOps {
  const viaOp = (x: Float32Array): Float32Array => {
    const t = tensor(x, [x.length]);
    const out = sigmoid(t);
    const values = out.dataSync() as Float32Array;
    t.dispose();
    out.dispose();
    return values;
  };
  const mmInto = (
    a: Float32Array,
    rows: number,
    cols: number,
    w: Tensor2D,
    into?: Float32Array,
  ) => {
    const values = mm(a, rows, cols, w);
    into?.set(values);
    return into ?? values;
  };
  return { mm: mmInto, sigmoid: withSigmoid ? viaOp : null, dispose: () => {} };
}

/**
 * On wasm, the backend's kernels called directly on heap buffers: no tensor, no engine
 * bookkeeping and no read-back of a tensor per step, only a copy in and a copy out. Each
 * recurrent weight is copied once into a heap buffer owned here (XNNPACK then packs it once
 * and caches it under that buffer's id, freed with it by `dispose`).
 */
function heapOps(): StepOps {
  const backend = engine().backend as unknown as wasmHeap.WasmBackend;
  const weights = new Map<Tensor2D, TensorInfo>();
  const upload = (shape: number[], values: Float32Array) =>
    wasmHeap.makeFilled(backend, shape, (out) => out.set(values));
  const free = (info: TensorInfo) => backend.disposeData(info.dataId);
  // The output's heap view is taken after its allocation, and copied before the next one.
  const run = (
    input: TensorInfo,
    f: (x: TensorInfo) => TensorInfo,
    into?: Float32Array,
  ): Float32Array => {
    try {
      const out = f(input);
      const view = wasmHeap.heapF32(backend, out);
      into?.set(view);
      const values = into ?? view.slice();
      free(out);
      return values;
    } finally {
      free(input);
    }
  };
  return {
    mm(a, rows, cols, w, into) {
      let wi = weights.get(w);
      if (wi == null) {
        wi = upload([1, w.shape[0], w.shape[1]], w.dataSync() as Float32Array);
        weights.set(w, wi);
      }
      const b = wi;
      return run(upload([1, rows, cols], a), (x) => wasmHeap.matMulWasm(backend, x, b), into);
    },
    sigmoid: (x) =>
      run(upload([x.length], x), (info) => wasmHeap.unaryWasm(backend, 'Sigmoid', info)),
    dispose() {
      for (const wi of weights.values()) free(wi);
      weights.clear();
    },
  };
}

/** The step ops of the current backend; `direct`: on wasm, `heapOps`. */
function stepOps(direct: boolean): StepOps {
  const wasm = getBackend() === 'wasm';
  return wasm && direct ? heapOps() : engineOps(wasm);
}

/** `fn` with step ops freed after it, however it ends. */
function withOps<R>(direct: boolean, fn: (ops: StepOps) => R): R {
  const ops = stepOps(direct);
  try {
    return fn(ops);
  } finally {
    ops.dispose();
  }
}

/**
 * A block of columns of the rows `P` = `[x_r | 1 | h_r]` the weight gradients are products
 * with: `values` `[rows, width]`, or null for a column of ones (a bias).
 */
interface Block {
  values: Float32Array | null;
  width: number;
}

/** Rows r0 … r0+n−1 of the blocks side by side, `[n, K]`, into `out`. */
function gatherRows(blocks: Block[], r0: number, n: number, K: number, out: Float32Array): void {
  let o = 0;
  for (const { values, width } of blocks) {
    for (let r = 0; r < n; r++) {
      if (values == null) out[r * K + o] = 1;
      else out.set(values.subarray((r0 + r) * width, (r0 + r + 1) * width), r * K + o);
    }
    o += width;
  }
}

/** `out` `[cols, n]` = rows r0 … r0+n−1 of `a` `[·, cols]`, transposed. */
function transposeRows(
  a: Float32Array,
  cols: number,
  r0: number,
  n: number,
  out: Float32Array,
): void {
  for (let r = 0; r < n; r++) {
    const base = (r0 + r) * cols;
    for (let c = 0; c < cols; c++) out[c * n + r] = a[base + c];
  }
}

/** `acc += aᵀ` for `a` `[rows, cols]`, `acc` `[cols, rows]`. */
function addTransposed(acc: Float32Array, a: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) acc[c * rows + r] += a[r * cols + c];
  }
}

/**
 * `Pᵀ·D` `[K, N]` for `P` the blocks side by side `[rows, K]` and `D` `[rows, N]`: a weight
 * gradient (x, h: the kernels; ones: the bias) as one product over all steps. On wasm as
 * `Dᵀ·P` (transposed back here) a chunk of rows at a time: XNNPACK repacks its right
 * operand on every call, and packs a `[3200, 384]` one ≈ 10× slower per float than a
 * `[640, 161]` one; tfjs-wasm's transposed matMul is slower still. Elsewhere one `fastMatMul`
 * (Strata's cpu kernel reads the transposed operand in place).
 */
function gradProduct(
  blocks: Block[],
  rows: number,
  D: Float32Array,
  N: number,
  chunkFloats: number,
): Float32Array {
  const K = blocks.reduce((k, b) => k + b.width, 0);
  if (getBackend() !== 'wasm') {
    const P = new Float32Array(rows * K);
    gatherRows(blocks, 0, rows, K, P);
    const pt = tensor(P, [rows, K]) as Tensor2D;
    const dt = tensor(D, [rows, N]) as Tensor2D;
    const out = fastMatMul(pt, dt, true, false);
    const values = out.dataSync() as Float32Array;
    for (const t of [pt, dt, out]) t.dispose();
    return values;
  }
  const chunk = Math.max(1, Math.min(rows, Math.floor(chunkFloats / N)));
  const acc = new Float32Array(K * N);
  const P = new Float32Array(chunk * K);
  const Dt = new Float32Array(chunk * N);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    gatherRows(blocks, r0, n, K, P);
    transposeRows(D, N, r0, n, Dt);
    const pt = tensor(P.subarray(0, n * K), [n, K]) as Tensor2D;
    const dt = tensor(Dt.subarray(0, N * n), [N, n]) as Tensor2D;
    const out = fastMatMul(dt, pt);
    addTransposed(acc, out.dataSync() as Float32Array, N, K);
    for (const t of [pt, dt, out]) t.dispose();
  }
  return acc;
}

/** Rows `from` … `from+n−1` of `c` `[·, N]` as a `[n, N]` tensor (a vector when `vector`). */
function rowsOf(c: Float32Array, N: number, from: number, n: number, vector = false): Tensor2D {
  const values = c.slice(from * N, (from + n) * N);
  return (vector ? tensor(values) : tensor(values, [n, N])) as Tensor2D;
}

/** `[a | b]` for rows `from` … `from+n−1` of `a` `[·, wa]` and `b` `[·, wb]`. */
function joinCols(
  a: Float32Array,
  wa: number,
  b: Float32Array,
  wb: number,
  from: number,
  n: number,
): Float32Array {
  const out = new Float32Array(n * (wa + wb));
  for (let i = 0; i < n; i++) {
    const r = from + i;
    out.set(a.subarray(r * wa, (r + 1) * wa), i * (wa + wb));
    out.set(b.subarray(r * wb, (r + 1) * wb), i * (wa + wb) + wa);
  }
  return out;
}

/**
 * The weight gradients of the cells whose gates all come from one product: `[x | 1 | h]ᵀ·DZ`
 * (LSTM, SimpleRNN), split into the kernel's, the bias's and the recurrent kernel's.
 */
function singleGrads(
  DZ: Float32Array,
  HP: Float32Array,
  rows: number,
  U: number,
  G: number,
  { x, features: F, bias, chunkFloats }: JsGradInputs,
): { dW: Tensor2D; dbIn: Tensor | null; dR: Tensor2D } {
  const blocks: Block[] = [{ values: x, width: F }];
  if (bias) blocks.push({ values: null, width: 1 });
  blocks.push({ values: HP, width: U });
  const c = gradProduct(blocks, rows, DZ, G, chunkFloats);
  const nb = bias ? 1 : 0;
  return {
    dW: rowsOf(c, G, 0, F),
    dbIn: bias ? rowsOf(c, G, F, 1, true) : null,
    dR: rowsOf(c, G, F + nb, U),
  };
}

/**
 * Columns `from` … `from+n−1` of `r` `[U, G]`, transposed: `[n, U]`, in JS (tfjs-cpu's Slice
 * of a column block reads element by element: ≈ 40 ms for a [128, 256] block).
 */
function transposedCols(r: Tensor2D, from: number, n: number): Tensor2D {
  const [U, G] = r.shape;
  const v = r.dataSync() as Float32Array;
  const out = new Float32Array(n * U);
  for (let i = 0; i < U; i++) {
    for (let j = 0; j < n; j++) out[j * U + i] = v[i * G + from + j];
  }
  return tensor(out, [n, U]) as Tensor2D;
}

/** Columns `from` … `from+n−1` of `r` `[U, G]`, `[U, n]`, in JS (as `transposedCols`). */
function columnsOf(r: Tensor2D, from: number, n: number): Tensor2D {
  const [U, G] = r.shape;
  const v = r.dataSync() as Float32Array;
  const out = new Float32Array(U * n);
  for (let i = 0; i < U; i++) out.set(v.subarray(i * G + from, i * G + from + n), i * n);
  return tensor(out, [U, n]) as Tensor2D;
}

/** A copy of a tensor's values (the backend's own array must not be written). */
const copyOf = (t: Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);

/**
 * Applies `names[q]` in place to column block q (width `U`) of every row of `buf`. With
 * `ops.sigmoid` (wasm), sigmoid and tanh (as `2σ(2z) − 1`) run as one backend Sigmoid over the
 * whole buffer: XNNPACK's vectorised sigmoid is ≈ 10× faster than `Math.exp` in a JS loop,
 * and tfjs-wasm's Tanh is scalar libm.
 */
function activate(buf: Float32Array, names: string[], U: number, ops: StepOps): void {
  const sigmoidOp = ops.sigmoid != null;
  const W = names.length * U;
  const rows = buf.length / W;
  const viaOp = names.map((n) => sigmoidOp && (n === 'sigmoid' || n === 'tanh'));
  let s: Float32Array | null = null;
  if (viaOp.some(Boolean)) {
    for (const [q, n] of names.entries()) {
      if (viaOp[q] && n === 'tanh') doubleBlock(buf, rows, W, q * U, U);
    }
    s = (ops.sigmoid as (x: Float32Array) => Float32Array)(buf);
  }
  // All through the op: one native copy, then the tanh blocks rescaled.
  const whole = viaOp.every(Boolean);
  if (whole) buf.set(s as Float32Array);
  for (const [q, n] of names.entries()) {
    if (viaOp[q]) {
      if (whole && n !== 'tanh') continue;
      sigmoidBlock(buf, s as Float32Array, rows, W, q * U, U, n === 'tanh');
    } else {
      applyBlock(buf, rows, W, q * U, U, SCALAR[n].f);
    }
  }
}

/** `buf *= 2` on the columns o … o+U−1 of every row (width W). Top-level: see `addInto`. */
function doubleBlock(buf: Float32Array, rows: number, W: number, o: number, U: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * W + o;
    for (let j = 0; j < U; j++) buf[base + j] *= 2;
  }
}

/** The block's σ values `sv` into `buf`: `2s − 1` (tanh) or `s`. */
function sigmoidBlock(
  buf: Float32Array,
  sv: Float32Array,
  rows: number,
  W: number,
  o: number,
  U: number,
  tanh: boolean,
): void {
  const a = tanh ? 2 : 1;
  const c = tanh ? -1 : 0;
  for (let r = 0; r < rows; r++) {
    const base = r * W + o;
    for (let j = 0; j < U; j++) buf[base + j] = a * sv[base + j] + c;
  }
}

/** `f` in place on the block's columns. */
function applyBlock(
  buf: Float32Array,
  rows: number,
  W: number,
  o: number,
  U: number,
  f: (z: number) => number,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * W + o;
    for (let j = 0; j < U; j++) buf[base + j] = f(buf[base + j]);
  }
}

/**
 * The inputs of the merged per-step matMul (LSTM, SimpleRNN): `x` the time-major inputs
 * `[T·B, features]`, `weights` `[W; U]` or `[W; U; b]` stacked by rows, `[F + U (+1), G·U]`.
 */
export interface MergedInput {
  x: Float32Array;
  features: number;
  weights: Tensor2D;
}

/**
 * One LSTM BPTT step's elementwise part: the pre-activation gradients of step `t` into `DZ`,
 * the cell-state gradient carried to step t−1 into `dcNew`, the masked-out part of the
 * output gradient into `carryH`. The gradient reaching h_t from step t+1 is `dhr + carryH`
 * (dz_{t+1}·Uᵀ and its masked-out part: summed here, no pass of its own). A top-level function with its arrays as arguments: V8
 * optimises (and inlines `actD`/`recD` into) it far better than a loop in the closure.
 */
function lstmBackStep(
  t: number,
  B: number,
  U: number,
  dy: Float32Array,
  dhr: Float32Array,
  dc: Float32Array,
  A: Float32Array,
  TC: Float32Array,
  CP: Float32Array,
  M: Float32Array | null,
  DZ: Float32Array,
  dcNew: Float32Array,
  carryH: Float32Array,
  actD: (y: number) => number,
  recD: (y: number) => number,
): void {
  const BU = B * U;
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const base = (t * B + b) * G4;
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = t * BU + k;
      const dhT = dy[n] + dhr[k] + carryH[k];
      const dcT = dc[k];
      const dhIn = m * dhT;
      const dcIn = m * dcT;
      const i = A[base + j];
      const f = A[base + U + j];
      const g = A[base + 2 * U + j];
      const o = A[base + 3 * U + j];
      const tc = TC[n];
      const dcTot = dcIn + dhIn * o * actD(tc);
      DZ[base + j] = dcTot * g * recD(i);
      DZ[base + U + j] = dcTot * CP[n] * recD(f);
      DZ[base + 2 * U + j] = dcTot * i * actD(g);
      DZ[base + 3 * U + j] = dhIn * tc * recD(o);
      dcNew[k] = dcTot * f + (dcT - dcIn);
      carryH[k] = dhT - dhIn;
    }
  }
}

// The GRU and SimpleRNN BPTT steps' elementwise parts, top-level for V8 (see lstmBackStep).

/**
 * The output gradient of step t (`dy` + `dhr` + `direct`: the product with Uᵀ and the direct
 * terms of step t+1) split: into the step (`dhIns`) and straight to h_{t−1} (`direct`).
 */
function gruBackIn(
  t: number,
  B: number,
  U: number,
  dy: Float32Array,
  dhr: Float32Array,
  Z: Float32Array,
  M: Float32Array | null,
  dhIns: Float32Array,
  direct: Float32Array,
): void {
  const BU = B * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const dhT = dy[t * BU + k] + dhr[k] + direct[k];
      const dhIn = m * dhT;
      dhIns[k] = dhIn;
      direct[k] = dhIn * Z[t * BU + k] + (dhT - dhIn);
    }
  }
}

function gruResetAfterBackStep(
  t: number,
  B: number,
  U: number,
  dhIns: Float32Array,
  Z: Float32Array,
  Rg: Float32Array,
  HC: Float32Array,
  HP: Float32Array,
  HX: Float32Array,
  DXW: Float32Array,
  DHU: Float32Array,
  actD: (y: number) => number,
  recD: (y: number) => number,
): void {
  const BU = B * U;
  const G3 = 3 * U;
  for (let b = 0; b < B; b++) {
    const base = (t * B + b) * G3;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = t * BU + k;
      const dhIn = dhIns[k];
      const z = Z[n];
      const r = Rg[n];
      const hc = HC[n];
      const dzz = dhIn * (HP[n] - hc) * recD(z);
      const da = dhIn * (1 - z) * actD(hc);
      const dr = da * HX[n] * recD(r);
      DXW[base + j] = dzz;
      DXW[base + U + j] = dr;
      DXW[base + 2 * U + j] = da;
      DHU[base + j] = dzz;
      DHU[base + U + j] = dr;
      DHU[base + 2 * U + j] = da * r;
    }
  }
}

function gruBackA(
  t: number,
  BU: number,
  dhIns: Float32Array,
  Z: Float32Array,
  HC: Float32Array,
  da: Float32Array,
  actD: (y: number) => number,
): void {
  for (let k = 0; k < BU; k++) {
    const n = t * BU + k;
    da[n] = dhIns[k] * (1 - Z[n]) * actD(HC[n]);
  }
}

function gruBackZR(
  t: number,
  B: number,
  U: number,
  dhIns: Float32Array,
  drh: Float32Array,
  HP: Float32Array,
  HC: Float32Array,
  Z: Float32Array,
  Rg: Float32Array,
  DHU: Float32Array,
  direct: Float32Array,
  recD: (y: number) => number,
): void {
  const BU = B * U;
  for (let b = 0; b < B; b++) {
    const zb = (t * B + b) * 2 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = t * BU + k;
      const dzz = dhIns[k] * (HP[n] - HC[n]) * recD(Z[n]);
      const dzr = drh[k] * HP[n] * recD(Rg[n]);
      DHU[zb + j] = dzz;
      DHU[zb + U + j] = dzr;
      direct[k] += drh[k] * Rg[n];
    }
  }
}

/** As `lstmBackStep`: the gradient reaching h_t from step t+1 is `dhr + carry`. */
function simpleBackStep(
  t: number,
  B: number,
  U: number,
  dy: Float32Array,
  dhr: Float32Array,
  HN: Float32Array,
  M: Float32Array | null,
  DZ: Float32Array,
  carry: Float32Array,
  actD: (y: number) => number,
): void {
  const BU = B * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = t * BU + k;
      const dhT = dy[n] + dhr[k] + carry[k];
      const dhIn = m * dhT;
      DZ[n] = dhIn * actD(HN[n]);
      carry[k] = dhT - dhIn;
    }
  }
}

/** The LSTM cell state c_t = σ(f)⊙c_{t−1} + σ(i)⊙act(ĉ) of one step, from gates `a`. */
function lstmCellState(
  B: number,
  U: number,
  a: Float32Array,
  c: Float32Array,
  out: Float32Array,
): void {
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const rb = b * G4;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      out[k] = a[rb + U + j] * c[k] + a[rb + j] * a[rb + 2 * U + j];
    }
  }
}

/** h_t = σ(o)⊙act(c_t), then the step's mask applied to h and (in place) to `cNew`. */
function lstmOutput(
  t: number,
  B: number,
  U: number,
  a: Float32Array,
  tc: Float32Array,
  h: Float32Array,
  c: Float32Array,
  M: Float32Array | null,
  hNew: Float32Array,
  cNew: Float32Array,
): void {
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const rb = b * G4;
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hn = a[rb + 3 * U + j] * tc[k];
      const hp = h[k];
      const cp = c[k];
      hNew[k] = m === 1 ? hn : hp + m * (hn - hp);
      if (m !== 1) cNew[k] = cp + m * (cNew[k] - cp);
    }
  }
}

// The GRU forward step's elementwise parts, top-level for V8 (see lstmBackStep). `tb`: the
// step's offset in the per-step arrays (Z, Rg, HX); `xt` the step's input projections [B, 3U].

/** h_t = ĥ + z⊙(h_{t−1} − ĥ), then the step's mask. */
function gruOutput(
  t: number,
  tb: number,
  B: number,
  U: number,
  hcs: Float32Array,
  h: Float32Array,
  Z: Float32Array,
  M: Float32Array | null,
  hNew: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hc = hcs[k];
      const hp = h[k];
      const hn = hc + Z[tb + k] * (hp - hc);
      hNew[k] = m === 1 ? hn : hp + m * (hn - hp);
    }
  }
}

/** resetAfter: the z, r pre-activations into `zr` [B, 2U] and h·U_h + b_h into `HX`. */
function gruResetAfterGates(
  tb: number,
  B: number,
  U: number,
  xt: Float32Array,
  hu: Float32Array,
  br: Float32Array | null,
  zr: Float32Array,
  HX: Float32Array,
): void {
  const G3 = 3 * U;
  for (let b = 0; b < B; b++) {
    const base = b * G3;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const bz = br == null ? 0 : br[j];
      const brr = br == null ? 0 : br[U + j];
      const bh = br == null ? 0 : br[2 * U + j];
      zr[b * 2 * U + j] = xt[base + j] + (hu[base + j] + bz);
      zr[b * 2 * U + U + j] = xt[base + U + j] + (hu[base + U + j] + brr);
      HX[tb + k] = hu[base + 2 * U + j] + bh;
    }
  }
}

/** resetAfter: stores σ(z), σ(r); the candidate's pre-activation x·W_h + r⊙(h·U_h + b_h). */
function gruResetAfterCandidate(
  tb: number,
  B: number,
  U: number,
  xt: Float32Array,
  zr: Float32Array,
  HX: Float32Array,
  Z: Float32Array,
  Rg: Float32Array,
  hcs: Float32Array,
): void {
  const G3 = 3 * U;
  for (let b = 0; b < B; b++) {
    const base = b * G3;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = tb + k;
      Z[n] = zr[b * 2 * U + j];
      Rg[n] = zr[b * 2 * U + U + j];
      hcs[k] = xt[base + 2 * U + j] + Rg[n] * HX[n];
    }
  }
}

/** `zr` [B, 2U] += the z, r input projections. */
function gruAddInputs(B: number, U: number, xt: Float32Array, zr: Float32Array): void {
  const G3 = 3 * U;
  for (let b = 0; b < B; b++) {
    const base = b * G3;
    const rb = b * 2 * U;
    for (let j = 0; j < 2 * U; j++) zr[rb + j] += xt[base + j];
  }
}

/** Stores σ(z), σ(r) and r⊙h_{t−1} into `rh`. */
function gruResetState(
  tb: number,
  B: number,
  U: number,
  zr: Float32Array,
  h: Float32Array,
  Z: Float32Array,
  Rg: Float32Array,
  rh: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const rb = b * 2 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = tb + k;
      Z[n] = zr[rb + j];
      Rg[n] = zr[rb + U + j];
      rh[k] = Rg[n] * h[k];
    }
  }
}

/** The candidate's pre-activation x·W_h + (r⊙h)·U_h. */
function gruCandidateInput(
  B: number,
  U: number,
  xt: Float32Array,
  hrh: Float32Array,
  hcs: Float32Array,
): void {
  const G3 = 3 * U;
  for (let b = 0; b < B; b++) {
    const base = b * G3;
    for (let j = 0; j < U; j++) hcs[b * U + j] = xt[base + 2 * U + j] + hrh[b * U + j];
  }
}

/** h_t = the step's new value `hn` where its mask is 1, else blended with h_{t−1}. */
function maskedStep(
  t: number,
  B: number,
  U: number,
  hn: Float32Array,
  h: Float32Array,
  M: Float32Array | null,
  hNew: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hp = h[k];
      hNew[k] = m === 1 ? hn[k] : hp + m * (hn[k] - hp);
    }
  }
}

/** `out = a + b`, elementwise (top-level for V8: ≈ 5× faster than the same loop in a closure). */
function addInto(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let k = 0; k < out.length; k++) out[k] = a[k] + b[k];
}

export type JsKind = 'lstm' | 'gru' | 'gruResetAfter' | 'simple';

/**
 * The forward recurrence (and, with `keep`, its BPTT) in typed arrays. `project(t0, n)`
 * returns the input projections (bias included) of steps t0 … t0+n−1, `[n·B, G·U]`;
 * `mask` is `[T, B, 1]` or null. `direct`: on wasm, the per-step kernels on heap buffers
 * (`heapOps`). `lastOnly` (inference only): `value` holds just the final states.
 */
export function forwardJs(
  kind: JsKind,
  actName: string,
  recName: string,
  dims: { time: number; batch: number; units: number },
  project: (t0: number, steps: number) => Float32Array,
  R: Tensor2D,
  bRec: Tensor | null,
  initial: Tensor2D[],
  maskT: Tensor | null,
  keep: boolean,
  chunkFloats = 262_144,
  direct = true,
  lastOnly = false,
  merged: MergedInput | null = null,
): JsForward {
  return withOps(direct, (ops) =>
    forwardWith(
      ops,
      direct,
      kind,
      actName,
      recName,
      dims,
      project,
      R,
      bRec,
      initial,
      maskT,
      keep,
      chunkFloats,
      lastOnly && !keep,
      kind === 'lstm' || kind === 'simple' ? merged : null,
    ),
  );
}

function forwardWith(
  ops: StepOps,
  direct: boolean,
  kind: JsKind,
  actName: string,
  recName: string,
  dims: { time: number; batch: number; units: number },
  project: (t0: number, steps: number) => Float32Array,
  R: Tensor2D,
  bRec: Tensor | null,
  initial: Tensor2D[],
  maskT: Tensor | null,
  keep: boolean,
  chunkFloats: number,
  lastOnly: boolean,
  merged: MergedInput | null,
): JsForward {
  const { time: T, batch: B, units: U } = dims;
  const act = SCALAR[actName];
  const rec = SCALAR[recName];
  const BU = B * U;
  // The input projections, a chunk of steps at a time (≈ 1 MB): less memory than all at once.
  const G = { lstm: 4, gru: 3, gruResetAfter: 3, simple: 1 }[kind] * U;
  const chunk = Math.max(1, Math.floor(chunkFloats / (B * G)));
  let xw: Float32Array = new Float32Array(0);
  let chunkStart = 0;
  const xwAt = (t: number): Float32Array => {
    if (xw.length === 0 || t >= chunkStart + chunk) {
      chunkStart = t;
      xw = project(t, Math.min(chunk, T - t));
    }
    const o = (t - chunkStart) * B * G;
    return xw.subarray(o, o + B * G);
  };
  // z_t = x_t·W + b + h·U `[B, G]` into `dst`: with `merged`, one matMul of the rows
  // `[x_t | h | 1]` by `[W; U; b]`; else h·U plus the chunked projection.
  const K = merged == null ? 0 : merged.weights.shape[0];
  const F = merged == null ? 0 : merged.features;
  const inp = new Float32Array(B * K);
  if (K > F + U) for (let b = 0; b < B; b++) inp[b * K + K - 1] = 1;
  const preact = (t: number, h: Float32Array, dst: Float32Array): void => {
    if (merged != null) {
      for (let b = 0; b < B; b++) {
        const row = t * B + b;
        inp.set(merged.x.subarray(row * F, (row + 1) * F), b * K);
        inp.set(h.subarray(b * U, (b + 1) * U), b * K + F);
      }
      ops.mm(inp, B, K, merged.weights, dst);
      return;
    }
    const hr = ops.mm(h, B, U, R);
    addInto(dst, xwAt(t), hr);
  };
  const M = maskT == null ? null : (maskT.dataSync() as Float32Array);
  // Inference keeps no per-step values (one step's worth of scratch), and with `lastOnly`
  // returns only the final states.
  const TK = keep ? T : 1;
  const hs = (lastOnly ? 1 : T) + (kind === 'lstm' ? 1 : 0);
  const out = new Float32Array(hs * BU);
  const putH = (t: number, h: Float32Array) => {
    if (!lastOnly) out.set(h, t * BU);
    else if (t === T - 1) out.set(h, 0);
  };
  const HP = new Float32Array(keep ? T * BU : 0); // h_{t−1}
  let h = copyOf(initial[0]);

  if (kind === 'lstm') {
    const G4 = 4 * U;
    const A = new Float32Array(TK * B * G4); // σ(i), σ(f), act(ĉ), σ(o)
    const TC = new Float32Array(TK * BU); // act(c_t)
    const CP = new Float32Array(keep ? T * BU : 0); // c_{t−1}
    let c = copyOf(initial[1]);
    for (let t = 0; t < T; t++) {
      if (keep) HP.set(h, t * BU);
      if (keep) CP.set(c, t * BU);
      const hNew = new Float32Array(BU);
      const cNew = new Float32Array(BU);
      const ta = keep ? t : 0;
      const a = A.subarray(ta * B * G4, (ta + 1) * B * G4);
      preact(t, h, a);
      activate(a, [recName, recName, actName, recName], U, ops);
      const tc = TC.subarray(ta * BU, (ta + 1) * BU);
      lstmCellState(B, U, a, c, tc);
      cNew.set(tc);
      activate(tc, [actName], U, ops);
      lstmOutput(t, B, U, a, tc, h, c, M, hNew, cNew);
      h = hNew;
      c = cNew;
      putH(t, h);
    }
    out.set(c, (hs - 1) * BU);
    const value = tensor(out, [hs, B, U]) as Tensor3D;
    if (!keep) return { value, backward: null };
    return { value, backward: lstmBackward(dims, A, TC, CP, HP, M, R, direct, act.d, rec.d) };
  }

  if (kind === 'gruResetAfter' || kind === 'gru') {
    const Z = new Float32Array(TK * BU);
    const Rg = new Float32Array(TK * BU);
    const HC = new Float32Array(TK * BU);
    // resetAfter: h·U_h + b_h; else r⊙h_{t−1}.
    const HX = new Float32Array(TK * BU);
    const br = bRec == null ? null : (bRec.dataSync() as Float32Array);
    const Rzr = kind === 'gru' ? columnsOf(R, 0, 2 * U) : null;
    const Rh = kind === 'gru' ? columnsOf(R, 2 * U, U) : null;
    for (let t = 0; t < T; t++) {
      if (keep) HP.set(h, t * BU);
      const xt = xwAt(t);
      const tb = (keep ? t : 0) * BU;
      const hNew = new Float32Array(BU);
      if (kind === 'gruResetAfter') {
        const hu = ops.mm(h, B, U, R);
        const zr = new Float32Array(2 * BU);
        const hcs = HC.subarray(tb, tb + BU);
        gruResetAfterGates(tb, B, U, xt, hu, br, zr, HX);
        activate(zr, [recName, recName], U, ops);
        gruResetAfterCandidate(tb, B, U, xt, zr, HX, Z, Rg, hcs);
        activate(hcs, [actName], U, ops);
        gruOutput(t, tb, B, U, hcs, h, Z, M, hNew);
      } else {
        const zr = ops.mm(h, B, U, Rzr as Tensor2D).slice();
        gruAddInputs(B, U, xt, zr);
        activate(zr, [recName, recName], U, ops);
        const rh = new Float32Array(BU);
        gruResetState(tb, B, U, zr, h, Z, Rg, rh);
        HX.set(rh, tb);
        const hrh = ops.mm(rh, B, U, Rh as Tensor2D);
        const hcs = HC.subarray(tb, tb + BU);
        gruCandidateInput(B, U, xt, hrh, hcs);
        activate(hcs, [actName], U, ops);
        gruOutput(t, tb, B, U, hcs, h, Z, M, hNew);
      }
      h = hNew;
      putH(t, h);
    }
    Rzr?.dispose();
    Rh?.dispose();
    const value = tensor(out, [hs, B, U]) as Tensor3D;
    if (!keep) return { value, backward: null };
    const kept = { Z, Rg, HC, HX, HP };
    return { value, backward: gruBackward(kind, dims, kept, M, R, direct, act.d, rec.d) };
  }

  // SimpleRNN
  const HN = new Float32Array(TK * BU); // act(z) before masking
  for (let t = 0; t < T; t++) {
    if (keep) HP.set(h, t * BU);
    const hNew = new Float32Array(BU);
    const tb = (keep ? t : 0) * BU;
    const hn = HN.subarray(tb, tb + BU);
    preact(t, h, hn);
    activate(hn, [actName], U, ops);
    maskedStep(t, B, U, hn, h, M, hNew);
    h = hNew;
    putH(t, h);
  }
  const value = tensor(out, [hs, B, U]) as Tensor3D;
  if (!keep) return { value, backward: null };
  return { value, backward: simpleBackward(dims, HN, HP, M, R, direct, act.d) };
}

/**
 * SimpleRNN's BPTT from what its forward kept: `HN` act(z_t) before masking and `HP` h_{t−1}
 * (`[T·B, U]` each), `M` the mask `[T·B]` or null. `direct`: as `forwardJs`.
 */
export function simpleBackward(
  dims: { time: number; batch: number; units: number },
  HN: Float32Array,
  HP: Float32Array,
  M: Float32Array | null,
  R: Tensor2D,
  direct: boolean,
  actD: (y: number) => number,
): JsBackward {
  const { time: T, batch: B, units: U } = dims;
  const BU = B * U;
  return (dyT, inputs) =>
    withOps(direct, (ops) => {
      const dy = dyT.dataSync() as Float32Array;
      const DZ = new Float32Array(T * BU);
      const Rt = transpose(R) as Tensor2D;
      // dh_t = dhr + carry: dz_{t+1}·Uᵀ and the masked-out part, summed in the next step.
      let dhr: Float32Array = new Float32Array(BU);
      const carry = new Float32Array(BU);
      for (let t = T - 1; t >= 0; t--) {
        simpleBackStep(t, B, U, dy, dhr, HN, M, DZ, carry, actD);
        dhr = ops.mm(DZ.subarray(t * BU, (t + 1) * BU), B, U, Rt);
      }
      Rt.dispose();
      const dh = new Float32Array(BU);
      addInto(dh, dhr, carry);
      return {
        dXW: () => tensor(DZ, [T * B, U]) as Tensor2D,
        ...singleGrads(DZ, HP, T * B, U, U, inputs),
        dbRec: null,
        dInitial: [tensor(dh, [B, U]) as Tensor2D],
      };
    });
}

/**
 * LSTM's BPTT from what its forward kept: `A` σ(i), σ(f), act(ĉ), σ(o) `[T·B, 4U]`, `TC`
 * act(c_t), `CP` c_{t−1}, `HP` h_{t−1} (`[T·B, U]` each), `M` the mask `[T·B]` or null.
 */
export function lstmBackward(
  dims: { time: number; batch: number; units: number },
  A: Float32Array,
  TC: Float32Array,
  CP: Float32Array,
  HP: Float32Array,
  M: Float32Array | null,
  R: Tensor2D,
  direct: boolean,
  actD: (y: number) => number,
  recD: (y: number) => number,
): JsBackward {
  const { time: T, batch: B, units: U } = dims;
  const BU = B * U;
  const G4 = 4 * U;
  return (dyT, inputs) =>
    withOps(direct, (ops) => {
      const dy = dyT.dataSync() as Float32Array;
      const DZ = new Float32Array(T * B * G4);
      const Rt = transpose(R) as Tensor2D;
      // dh_t = dhr + carryH: dz_{t+1}·Uᵀ and the masked-out part, summed in the next step.
      let dhr: Float32Array = new Float32Array(BU);
      let dc = Float32Array.from(dy.subarray(T * BU, (T + 1) * BU));
      const carryH = new Float32Array(BU);
      for (let t = T - 1; t >= 0; t--) {
        const dcNew = new Float32Array(BU);
        lstmBackStep(t, B, U, dy, dhr, dc, A, TC, CP, M, DZ, dcNew, carryH, actD, recD);
        dhr = ops.mm(DZ.subarray(t * B * G4, (t + 1) * B * G4), B, G4, Rt);
        dc = dcNew;
      }
      Rt.dispose();
      const dh = new Float32Array(BU);
      addInto(dh, dhr, carryH);
      return {
        dXW: () => tensor(DZ, [T * B, G4]) as Tensor2D,
        ...singleGrads(DZ, HP, T * B, U, G4, inputs),
        dbRec: null,
        dInitial: [tensor(dh, [B, U]) as Tensor2D, tensor(dc, [B, U]) as Tensor2D],
      };
    });
}

/**
 * GRU's BPTT (both forms) from what its forward kept: `Z` σ(z), `Rg` σ(r), `HC`
 * act(candidate), `HX` r⊙h_{t−1} (resetAfter: h·U_h + b_h), `HP` h_{t−1} (`[T·B, U]` each),
 * `M` the mask `[T·B]` or null.
 */
export function gruBackward(
  kind: 'gru' | 'gruResetAfter',
  dims: { time: number; batch: number; units: number },
  kept: {
    Z: Float32Array;
    Rg: Float32Array;
    HC: Float32Array;
    HX: Float32Array;
    HP: Float32Array;
  },
  M: Float32Array | null,
  R: Tensor2D,
  direct: boolean,
  actD: (y: number) => number,
  recD: (y: number) => number,
): JsBackward {
  const { time: T, batch: B, units: U } = dims;
  const BU = B * U;
  const G3 = 3 * U;
  const { Z, Rg, HC, HX, HP } = kept;
  return (dyT, inputs) =>
    withOps(direct, (ops) => {
      const dy = dyT.dataSync() as Float32Array;
      // resetAfter: the gradient of the input projections [T·B, 3U] (the GRU's is
      // [d(z, r) | dĥ], made from DHU and DA when asked for).
      const DXW = new Float32Array(kind === 'gru' ? 0 : T * B * G3);
      // resetAfter: the gradient of h·U + b_rec [T·B, 3U]; else of h·U_zr [T·B, 2U] and
      // of (r⊙h)·U_h [T·B, U].
      const DHU = new Float32Array(T * B * (kind === 'gru' ? 2 * U : G3));
      const DA = kind === 'gru' ? new Float32Array(T * BU) : null;
      const RtT = kind === 'gruResetAfter' ? (transpose(R) as Tensor2D) : null;
      const RzrT = kind === 'gru' ? transposedCols(R, 0, 2 * U) : null;
      const RhT = kind === 'gru' ? transposedCols(R, 2 * U, U) : null;
      // dh_t = dhr + direct: d(·)·Uᵀ and the direct terms of step t+1, summed in gruBackIn.
      let dhr: Float32Array = new Float32Array(BU);
      const direct = new Float32Array(BU);
      const dhIns = new Float32Array(BU);
      for (let t = T - 1; t >= 0; t--) {
        gruBackIn(t, B, U, dy, dhr, Z, M, dhIns, direct);
        if (kind === 'gruResetAfter') {
          gruResetAfterBackStep(t, B, U, dhIns, Z, Rg, HC, HP, HX, DXW, DHU, actD, recD);
          dhr = ops.mm(DHU.subarray(t * B * G3, (t + 1) * B * G3), B, G3, RtT as Tensor2D);
        } else {
          const da = DA as Float32Array;
          gruBackA(t, BU, dhIns, Z, HC, da, actD);
          const drh = ops.mm(da.subarray(t * BU, (t + 1) * BU), B, U, RhT as Tensor2D);
          gruBackZR(t, B, U, dhIns, drh, HP, HC, Z, Rg, DHU, direct, recD);
          dhr = ops.mm(
            DHU.subarray(t * B * 2 * U, (t + 1) * B * 2 * U),
            B,
            2 * U,
            RzrT as Tensor2D,
          );
        }
      }
      for (const w of [RtT, RzrT, RhT]) w?.dispose();
      const dh = new Float32Array(BU);
      addInto(dh, dhr, direct);
      const rows = T * B;
      const { x, features: F, bias, chunkFloats: cf } = inputs;
      const one: Block[] = bias ? [{ values: null, width: 1 }] : [];
      const nb = one.length;
      let grads: { dW: Tensor2D; dbIn: Tensor | null; dR: Tensor2D; dbRec: Tensor | null };
      if (kind === 'gruResetAfter') {
        // [x | 1]ᵀ·dXW: kernel and input bias; [h | 1]ᵀ·d(h·U + b_rec): recurrent ones.
        const cx = gradProduct([{ values: x, width: F }, ...one], rows, DXW, G3, cf);
        const ch = gradProduct([{ values: HP, width: U }, ...one], rows, DHU, G3, cf);
        grads = {
          dW: rowsOf(cx, G3, 0, F),
          dbIn: bias ? rowsOf(cx, G3, F, 1, true) : null,
          dR: rowsOf(ch, G3, 0, U),
          dbRec: bias ? rowsOf(ch, G3, U, 1, true) : null,
        };
      } else {
        // [x | 1 | h]ᵀ·d(z, r) and [x | 1 | r⊙h]ᵀ·d(ĥ): their columns side by side.
        const xs: Block = { values: x, width: F };
        const zr = gradProduct([xs, ...one, { values: HP, width: U }], rows, DHU, 2 * U, cf);
        const hh = gradProduct(
          [xs, ...one, { values: HX, width: U }],
          rows,
          DA as Float32Array,
          U,
          cf,
        );
        const join = (from: number, n: number) => joinCols(zr, 2 * U, hh, U, from, n);
        grads = {
          dW: tensor(join(0, F), [F, G3]) as Tensor2D,
          dbIn: bias ? tensor(join(F, 1)) : null,
          dR: tensor(join(F + nb, U), [U, G3]) as Tensor2D,
          dbRec: null,
        };
      }
      return {
        dXW: () =>
          tensor(kind === 'gru' ? joinCols(DHU, 2 * U, DA as Float32Array, U, 0, rows) : DXW, [
            rows,
            G3,
          ]) as Tensor2D,
        ...grads,
        dInitial: [tensor(dh, [B, U]) as Tensor2D],
      };
    });
}
