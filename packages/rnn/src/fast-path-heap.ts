import {
  engine,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
  type TensorInfo,
  tensor,
  wasmHeap,
} from '@strata/core';
import { SCALAR } from './fast-path-js.js';

/**
 * The fast path's inference forward on wasm with every per-step buffer in the wasm heap,
 * allocated once per sequence: per step one (GRU: two) XNNPACK GEMM `[x_t | h]·[W; U] + b`
 * with the gate sigmoid fused into it, writing into the same output buffer every step, and
 * a few top-level JS loops over heap views that write the new h straight into the next
 * step's input rows. No allocation, no copy in or out of the heap and no tensor per step.
 *
 * Activations: when every block of a GEMM is sigmoid or tanh, the GEMM applies σ, and tanh
 * blocks come out as `2σ(2z) − 1` (their weight columns and bias doubled in the heap copy:
 * exact in float32); when every block is relu (or linear), the GEMM applies it; otherwise the
 * GEMM is linear and the blocks go through their JS scalar form. The values then read `α·s + β` per block (`ab`).
 */

export type HeapKind = 'lstm' | 'gru' | 'gruResetAfter' | 'simple';

/** True for the cells this path runs. */
export function heapInferenceCovers(kind: string): kind is HeapKind {
  return kind === 'lstm' || kind === 'gru' || kind === 'gruResetAfter' || kind === 'simple';
}

const SIGMOID_FORM = new Set(['sigmoid', 'tanh']);

/** x_t's rows (time-major `x` `[T·B, F]`) into the first F columns of each `inp` row. */
function putInputs(
  x: Float32Array,
  t: number,
  B: number,
  F: number,
  K: number,
  inp: Float32Array,
): void {
  const s0 = t * B * F;
  for (let b = 0; b < B; b++) {
    const s = s0 + b * F;
    const d = b * K;
    for (let j = 0; j < F; j++) inp[d + j] = x[s + j];
  }
}

/** h (`[B, U]`) into the columns F … F+U−1 of each `inp` row. */
function putState(h: Float32Array, B: number, U: number, F: number, K: number, inp: Float32Array) {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) inp[b * K + F + j] = h[b * U + j];
  }
}

/** Applies `fs[q]` in place to column block q (width U) of every row (the non-σ form). */
function applyBlocks(v: Float32Array, B: number, U: number, fs: ((z: number) => number)[]) {
  const N = fs.length * U;
  for (let q = 0; q < fs.length; q++) {
    const f = fs[q];
    for (let b = 0; b < B; b++) {
      const o = b * N + q * U;
      for (let j = 0; j < U; j++) v[o + j] = f(v[o + j]);
    }
  }
}

/** SimpleRNN: h_t = α·s + β, masked, into the next input rows and `out` at `off`. */
function simpleStep(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  s: Float32Array,
  a: number,
  c: number,
  inp: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hn = a * s[k] + c;
      const p = b * K + F + j;
      const hp = inp[p];
      const h = m === 1 ? hn : hp + m * (hn - hp);
      inp[p] = h;
      out[off + k] = h;
    }
  }
}

/**
 * `simpleStep` while training: also keeps act(z_t) (before masking) into `HN` and h_{t−1}
 * into `HP` at `off` (what SimpleRNN's BPTT reads).
 */
function simpleStepKeep(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  s: Float32Array,
  a: number,
  c: number,
  inp: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
  HN: Float32Array,
  HP: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hn = a * s[k] + c;
      const p = b * K + F + j;
      const hp = inp[p];
      const h = m === 1 ? hn : hp + m * (hn - hp);
      HN[off + k] = hn;
      HP[off + k] = hp;
      inp[p] = h;
      out[off + k] = h;
    }
  }
}

/**
 * LSTM: c_t = f⊙c_{t−1} + i⊙g from the gate values `g4` `[B, 4U]` (block q reads
 * `ab[2q]·s + ab[2q+1]`); `cIn` gets `cScale·c_t` (the input of act(c)), `c` the masked c_t.
 */
function lstmCell(
  t: number,
  B: number,
  U: number,
  g4: Float32Array,
  ab: Float32Array,
  c: Float32Array,
  cScale: number,
  cIn: Float32Array,
  M: Float32Array | null,
): void {
  const ai = ab[0];
  const bi = ab[1];
  const af = ab[2];
  const bf = ab[3];
  const ag = ab[4];
  const bg = ab[5];
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * G4;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const i = ai * g4[rb + j] + bi;
      const f = af * g4[rb + U + j] + bf;
      const g = ag * g4[rb + 2 * U + j] + bg;
      const cp = c[k];
      const cn = f * cp + i * g;
      cIn[k] = cScale * cn;
      c[k] = m === 1 ? cn : cp + m * (cn - cp);
    }
  }
}

/**
 * `lstmCell` while training: also keeps σ(i), σ(f), act(ĉ) into `A` (`[T·B, 4U]`, row block
 * t), c_{t−1} into `CP` and h_{t−1} (the h columns of `inp`) into `HP` at `off`.
 */
function lstmCellKeep(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  g4: Float32Array,
  ab: Float32Array,
  c: Float32Array,
  cScale: number,
  cIn: Float32Array,
  M: Float32Array | null,
  inp: Float32Array,
  off: number,
  A: Float32Array,
  CP: Float32Array,
  HP: Float32Array,
): void {
  const ai = ab[0];
  const bi = ab[1];
  const af = ab[2];
  const bf = ab[3];
  const ag = ab[4];
  const bg = ab[5];
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * G4;
    const ra = (t * B + b) * G4;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const i = ai * g4[rb + j] + bi;
      const f = af * g4[rb + U + j] + bf;
      const g = ag * g4[rb + 2 * U + j] + bg;
      const cp = c[k];
      const cn = f * cp + i * g;
      A[ra + j] = i;
      A[ra + U + j] = f;
      A[ra + 2 * U + j] = g;
      CP[off + k] = cp;
      HP[off + k] = inp[b * K + F + j];
      cIn[k] = cScale * cn;
      c[k] = m === 1 ? cn : cp + m * (cn - cp);
    }
  }
}

/** `lstmHidden` while training: also keeps σ(o) into `A` and act(c_t) into `TC` at `off`. */
function lstmHiddenKeep(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  g4: Float32Array,
  ao: number,
  bo: number,
  sc: Float32Array,
  ac: number,
  bc: number,
  inp: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
  A: Float32Array,
  TC: Float32Array,
): void {
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * G4 + 3 * U;
    const ra = (t * B + b) * G4 + 3 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const o = ao * g4[rb + j] + bo;
      const tc = ac * sc[k] + bc;
      const hn = o * tc;
      A[ra + j] = o;
      TC[off + k] = tc;
      const p = b * K + F + j;
      const hp = inp[p];
      const h = m === 1 ? hn : hp + m * (hn - hp);
      inp[p] = h;
      out[off + k] = h;
    }
  }
}

/** LSTM: h_t = o ⊙ (α_c·s_c + β_c), masked, into the next input rows and `out` at `off`. */
function lstmHidden(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  g4: Float32Array,
  ao: number,
  bo: number,
  sc: Float32Array,
  ac: number,
  bc: number,
  inp: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
): void {
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * G4 + 3 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hn = (ao * g4[rb + j] + bo) * (ac * sc[k] + bc);
      const p = b * K + F + j;
      const hp = inp[p];
      const h = m === 1 ? hn : hp + m * (hn - hp);
      inp[p] = h;
      out[off + k] = h;
    }
  }
}

/** GRU: r⊙h_{t−1} into the h columns of the candidate GEMM's input rows `inp2`. */
function gruReset(
  B: number,
  U: number,
  F: number,
  K: number,
  zr: Float32Array,
  ar: number,
  br: number,
  inp: Float32Array,
  inp2: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const rb = b * 2 * U + U;
    for (let j = 0; j < U; j++) {
      const p = b * K + F + j;
      inp2[p] = (ar * zr[rb + j] + br) * inp[p];
    }
  }
}

/** GRU: h_t = ĥ + z⊙(h_{t−1} − ĥ), masked, into the next input rows and `out` at `off`. */
function gruHidden(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  zr: Float32Array,
  az: number,
  bz: number,
  hc: Float32Array,
  ah: number,
  bh: number,
  inp: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * 2 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const z = az * zr[rb + j] + bz;
      const cand = ah * hc[k] + bh;
      const p = b * K + F + j;
      const hp = inp[p];
      const hn = cand + z * (hp - cand);
      const h = m === 1 ? hn : hp + m * (hn - hp);
      inp[p] = h;
      out[off + k] = h;
    }
  }
}

/** Rows `r0 …` of `o` (width N = `scale.length`): `rows` rows of `src` (width G) from column c0, scaled. */
function fillRows(
  o: Float32Array,
  r0: number,
  src: Float32Array,
  rows: number,
  G: number,
  c0: number,
  scale: Float32Array,
): void {
  const N = scale.length;
  for (let r = 0; r < rows; r++) {
    const d = (r0 + r) * N;
    const s = r * G + c0;
    for (let j = 0; j < N; j++) o[d + j] = scale[j] * src[s + j];
  }
}

/**
 * GRU resetAfter: the candidate's pre-activation x·W_h + b_h + r⊙(h·U_h + b_rec,h), times
 * `scale`, into `cIn` (`xh` the input projections of a chunk of steps, this one's at `xOff`).
 */
function gruAfterCandidate(
  B: number,
  U: number,
  zr: Float32Array,
  ar: number,
  br: number,
  hh: Float32Array,
  xh: Float32Array,
  xOff: number,
  scale: number,
  cIn: Float32Array,
): void {
  for (let b = 0; b < B; b++) {
    const rb = b * 2 * U + U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      cIn[k] = scale * (xh[xOff + k] + (ar * zr[rb + j] + br) * hh[k]);
    }
  }
}

/**
 * GRU while training, before the step's h_t is written: keeps σ(z) into `Z`, σ(r) into `Rg`,
 * act(candidate) into `HC`, h_{t−1} (the h columns of `inp`) into `HP` and into `HX` r⊙h_{t−1}
 * (`after` false) or h·U_h + b_h from `hh` (resetAfter), at `off`.
 */
function gruKeep(
  off: number,
  B: number,
  U: number,
  F: number,
  K: number,
  zr: Float32Array,
  ab: Float32Array,
  hc: Float32Array,
  ah: number,
  bh: number,
  inp: Float32Array,
  after: boolean,
  hh: Float32Array,
  kept: HeapKeptGru,
): void {
  const { Z, Rg, HC, HX, HP } = kept;
  const az = ab[0];
  const bz = ab[1];
  const ar = ab[2];
  const br = ab[3];
  for (let b = 0; b < B; b++) {
    const rb = b * 2 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const n = off + k;
      const r = ar * zr[rb + U + j] + br;
      const hp = inp[b * K + F + j];
      Z[n] = az * zr[rb + j] + bz;
      Rg[n] = r;
      HC[n] = ah * hc[k] + bh;
      HP[n] = hp;
      HX[n] = after ? hh[k] : r * hp;
    }
  }
}

/** GRU resetAfter: `gruHidden`, h_t also into `hb` (the input of the next h·U_h). */
function gruAfterHidden(
  t: number,
  B: number,
  U: number,
  F: number,
  K: number,
  zr: Float32Array,
  az: number,
  bz: number,
  hc: Float32Array,
  ah: number,
  bh: number,
  inp: Float32Array,
  hb: Float32Array,
  M: Float32Array | null,
  out: Float32Array,
  off: number,
): void {
  for (let b = 0; b < B; b++) {
    const m = M == null ? 1 : M[t * B + b];
    const rb = b * 2 * U;
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const z = az * zr[rb + j] + bz;
      const cand = ah * hc[k] + bh;
      const p = b * K + F + j;
      const hp = inp[p];
      const hn = cand + z * (hp - cand);
      const h = m === 1 ? hn : hp + m * (hn - hp);
      inp[p] = h;
      hb[k] = h;
      out[off + k] = h;
    }
  }
}

/**
 * What a training forward keeps for BPTT (the arrays `forwardJs` fills): SimpleRNN `HN`
 * act(z_t) before masking and `HP` h_{t−1}, `[T·B, U]` each.
 */
export interface HeapKept {
  HN: Float32Array;
  HP: Float32Array;
}

/**
 * LSTM's: `A` σ(i), σ(f), act(ĉ), σ(o) `[T·B, 4U]`, `TC` act(c_t), `CP` c_{t−1} and `HP`
 * h_{t−1}, `[T·B, U]` each.
 */
export interface HeapKeptLstm {
  A: Float32Array;
  TC: Float32Array;
  CP: Float32Array;
  HP: Float32Array;
}

/**
 * GRU's (both forms): `Z` σ(z), `Rg` σ(r), `HC` act(candidate), `HX` r⊙h_{t−1} (resetAfter:
 * h·U_h + b_h), `HP` h_{t−1}, `[T·B, U]` each.
 */
export interface HeapKeptGru {
  Z: Float32Array;
  Rg: Float32Array;
  HC: Float32Array;
  HX: Float32Array;
  HP: Float32Array;
}

/** One GEMM of the step: its weights, bias and output buffers and how to read its blocks. */
interface Gemm {
  w: TensorInfo;
  bias: TensorInfo | null;
  out: TensorInfo;
  /**
   * The activation fused into the GEMM: sigmoid (every block sigmoid or tanh), relu or linear
   * (every block so); else linear, then `fs` in JS (`inJs`).
   */
  act: 'sigmoid' | 'relu' | 'linear';
  inJs: boolean;
  fs: ((z: number) => number)[];
  /** Per block: the value is `ab[2q]·s + ab[2q+1]`. */
  ab: Float32Array;
}

/**
 * The inference forward (no tape, nothing kept) of `kind` on wasm: `x` the time-major inputs
 * `[T·B, F]`, `W` `[F, G·U]`, `R` `[U, G·U]`, `bIn` `[G·U]` or null (GRU resetAfter: also
 * `bRec`, the recurrent bias), `mask` `[T·B]` (1 for real steps) or null.
 *
 * GRU resetAfter: z, r from one GEMM `[x_t | h]·[W_zr; U_zr] + b` (σ fused); h·U_h + b_rec,h
 * from a second on h alone; x·W_h + b_h as one GEMM per chunk of steps (`chunkFloats` floats). Returns `[T(+1), B, U]` as `forwardJs` does: every output h_t
 * (`lastOnly`: the last), then (LSTM) the final c. Frees every heap buffer it allocates.
 */
export function forwardHeap(
  kind: HeapKind,
  actName: string,
  recName: string,
  dims: { time: number; batch: number; units: number },
  x: Float32Array,
  features: number,
  W: Tensor2D,
  R: Tensor2D,
  bIn: Tensor | null,
  bRec: Tensor | null,
  initial: Tensor2D[],
  mask: Float32Array | null,
  lastOnly: boolean,
  chunkFloats = 262_144,
  kept: HeapKept | null = null,
  keptLstm: HeapKeptLstm | null = null,
  keptGru: HeapKeptGru | null = null,
): Tensor3D {
  const backend = engine().backend as unknown as wasmHeap.WasmBackend;
  const { time: T, batch: B, units: U } = dims;
  const F = features;
  const K = F + U;
  const BU = B * U;
  const G = W.shape[1];
  const owned: TensorInfo[] = [];
  const alloc = (shape: number[], fill?: (o: Float32Array) => void): TensorInfo => {
    const info =
      fill == null
        ? backend.makeOutput(shape, 'float32')
        : wasmHeap.makeFilled(backend, shape, fill);
    owned.push(info);
    return info;
  };
  try {
    const Wv = W.dataSync() as Float32Array;
    const Rv = R.dataSync() as Float32Array;
    const bv = bIn == null ? null : (bIn.dataSync() as Float32Array);
    const brv = bRec == null ? null : (bRec.dataSync() as Float32Array);
    const after = kind === 'gruResetAfter';
    // The GEMM of the column blocks c0/U … with activations `names` over `rows` input rows:
    // the row blocks `blocks` (weights, width G) and the bias `bsrc` copied into the heap
    // once (tanh columns doubled when σ is fused).
    const gemm = (
      names: string[],
      c0: number,
      blocks: [Float32Array, number][],
      bsrc: Float32Array | null,
      rows = B,
    ): Gemm => {
      const N = names.length * U;
      const fused = names.every((n) => SIGMOID_FORM.has(n));
      const same = names.every((n) => n === names[0]);
      const plain = same && (names[0] === 'relu' || names[0] === 'linear');
      const act = fused ? 'sigmoid' : plain ? (names[0] as 'relu' | 'linear') : 'linear';
      // Per column: 2 for the tanh blocks of a σ-fused GEMM, else 1.
      const scale = new Float32Array(N);
      for (let j = 0; j < N; j++) scale[j] = fused && names[Math.floor(j / U)] === 'tanh' ? 2 : 1;
      const k = blocks.reduce((n, [, r]) => n + r, 0);
      const w = alloc([1, k, N], (o) => {
        let r0 = 0;
        for (const [src, r] of blocks) {
          fillRows(o, r0, src, r, G, c0, scale);
          r0 += r;
        }
      });
      const bias = bsrc == null ? null : alloc([N], (o) => fillRows(o, 0, bsrc, 1, G, c0, scale));
      const ab = new Float32Array(2 * names.length);
      names.forEach((n, q) => {
        const tanh = fused && n === 'tanh';
        ab[2 * q] = tanh ? 2 : 1;
        ab[2 * q + 1] = tanh ? -1 : 0;
      });
      const fs = names.map((n) => SCALAR[n].f);
      return { w, bias, out: alloc([1, rows, N]), act, inJs: !fused && !plain, fs, ab };
    };
    const xu: [Float32Array, number][] = [
      [Wv, F],
      [Rv, U],
    ];
    // resetAfter: the z, r GEMM's bias is b_in + b_rec.
    let bzr = bv;
    if (after && brv != null) {
      bzr = Float32Array.from(brv);
      if (bv != null) for (let j = 0; j < G; j++) bzr[j] += bv[j];
    }
    const g1 =
      kind === 'lstm'
        ? gemm([recName, recName, actName, recName], 0, xu, bv)
        : kind === 'gru' || after
          ? gemm([recName, recName], 0, xu, bzr)
          : gemm([actName], 0, xu, bv);
    const g2 = kind === 'gru' ? gemm([actName], 2 * U, xu, bv) : null;
    // resetAfter: h·U_h + b_rec,h per step on `hIn`; x·W_h + b_h a chunk of `chunk` steps
    // (≈ 1 MB of projections) at a time on `xIn`.
    const chunk = Math.max(1, Math.min(T, Math.floor(chunkFloats / (B * U))));
    const gh = after ? gemm(['linear'], 2 * U, [[Rv, U]], brv) : null;
    const gx = after ? gemm(['linear'], 2 * U, [[Wv, F]], bv, chunk * B) : null;
    const hIn = after ? alloc([1, B, U], (o) => o.set(initial[0].dataSync())) : null;
    const xIn = after ? alloc([1, chunk * B, F]) : null;
    const inp = alloc([1, B, K]);
    const inp2 = kind === 'gru' ? alloc([1, B, K]) : null;
    // LSTM act(c), GRU resetAfter act(candidate): through the backend's σ when act is
    // sigmoid or tanh (2σ(2c) − 1).
    const cSigmoid = SIGMOID_FORM.has(actName);
    const cIn = kind === 'lstm' || after ? alloc([B, U]) : null;
    const cOut = (kind === 'lstm' || after) && cSigmoid ? alloc([B, U]) : null;
    const cScale = cSigmoid && actName === 'tanh' ? 2 : 1;
    const cA = cScale;
    const cB = cScale === 2 ? -1 : 0;
    const cF = [SCALAR[actName].f];

    // Heap views, taken after the last allocation and again whenever a kernel grew the heap.
    const view = (info: TensorInfo | null) =>
      info == null ? new Float32Array(0) : wasmHeap.heapF32(backend, info);
    const views = () => ({
      inp: view(inp),
      inp2: view(inp2),
      o1: view(g1.out),
      o2: view(g2?.out ?? null),
      hIn: view(hIn),
      hh: view(gh?.out ?? null),
      xh: view(gx?.out ?? null),
      xIn: view(xIn),
    });
    let v = views();
    let vc = { cIn: view(cIn), cOut: view(cOut) };
    const fresh = () => {
      if (v.inp.length !== 0) return;
      v = views();
      vc = { cIn: view(cIn), cOut: view(cOut) };
    };
    putState(initial[0].dataSync() as Float32Array, B, U, F, K, v.inp);
    const c = kind === 'lstm' ? Float32Array.from(initial[1].dataSync() as Float32Array) : null;

    const hs = (lastOnly ? 1 : T) + (kind === 'lstm' ? 1 : 0);
    const out = new Float32Array(hs * BU);
    const run = (a: TensorInfo, g: Gemm) =>
      wasmHeap.fusedMatMulInto(backend, a, g.w, g.bias, g.act, g.out);
    // The next chunk of x·W_h + b_h from step t0 (the last chunk's rows through a view).
    const project = (t0: number) => {
      const n = Math.min(chunk, T - t0);
      v.xIn.set(x.subarray(t0 * B * F, (t0 + n) * B * F));
      const a = xIn as TensorInfo;
      const rows = n === chunk ? a : wasmHeap.viewAs(a, [1, n * B, F]);
      run(rows, gx as Gemm);
      fresh();
    };
    for (let t = 0; t < T; t++) {
      const off = lastOnly ? 0 : t * BU;
      putInputs(x, t, B, F, K, v.inp);
      run(inp, g1);
      fresh();
      if (g1.inJs) applyBlocks(v.o1, B, U, g1.fs);
      if (kind === 'simple' && kept != null) {
        const { HN, HP } = kept;
        simpleStepKeep(t, B, U, F, K, v.o1, g1.ab[0], g1.ab[1], v.inp, mask, out, off, HN, HP);
      } else if (kind === 'simple') {
        simpleStep(t, B, U, F, K, v.o1, g1.ab[0], g1.ab[1], v.inp, mask, out, off);
      } else if (after) {
        if (t % chunk === 0) project(t);
        run(hIn as TensorInfo, gh as Gemm);
        fresh();
        const ab = g1.ab;
        gruAfterCandidate(B, U, v.o1, ab[2], ab[3], v.hh, v.xh, (t % chunk) * BU, cScale, vc.cIn);
        if (cSigmoid) {
          wasmHeap.sigmoidInto(backend, cIn as TensorInfo, cOut as TensorInfo);
          fresh();
        } else {
          applyBlocks(vc.cIn, B, U, cF);
        }
        const sc = cSigmoid ? vc.cOut : vc.cIn;
        if (keptGru != null)
          gruKeep(off, B, U, F, K, v.o1, ab, sc, cA, cB, v.inp, true, v.hh, keptGru);
        gruAfterHidden(t, B, U, F, K, v.o1, ab[0], ab[1], sc, cA, cB, v.inp, v.hIn, mask, out, off);
      } else if (kind === 'lstm') {
        const cv = c as Float32Array;
        const kl = keptLstm;
        if (kl == null) lstmCell(t, B, U, v.o1, g1.ab, cv, cScale, vc.cIn, mask);
        else {
          const { A, CP, HP } = kl;
          lstmCellKeep(t, B, U, F, K, v.o1, g1.ab, cv, cScale, vc.cIn, mask, v.inp, off, A, CP, HP);
        }
        if (cSigmoid) {
          wasmHeap.sigmoidInto(backend, cIn as TensorInfo, cOut as TensorInfo);
          fresh();
        } else {
          applyBlocks(vc.cIn, B, U, cF);
        }
        const sc = cSigmoid ? vc.cOut : vc.cIn;
        const ab = g1.ab;
        if (kl == null) {
          lstmHidden(t, B, U, F, K, v.o1, ab[6], ab[7], sc, cA, cB, v.inp, mask, out, off);
        } else {
          const { A, TC } = kl;
          const o = v.o1;
          lstmHiddenKeep(t, B, U, F, K, o, ab[6], ab[7], sc, cA, cB, v.inp, mask, out, off, A, TC);
        }
      } else {
        const h2 = g2 as Gemm;
        putInputs(x, t, B, F, K, v.inp2);
        gruReset(B, U, F, K, v.o1, g1.ab[2], g1.ab[3], v.inp, v.inp2);
        run(inp2 as TensorInfo, h2);
        fresh();
        if (h2.inJs) applyBlocks(v.o2, B, U, h2.fs);
        const ab = g1.ab;
        if (keptGru != null) {
          const [ah, bh] = h2.ab;
          gruKeep(off, B, U, F, K, v.o1, ab, v.o2, ah, bh, v.inp, false, v.hh, keptGru);
        }
        gruHidden(
          t,
          B,
          U,
          F,
          K,
          v.o1,
          ab[0],
          ab[1],
          v.o2,
          h2.ab[0],
          h2.ab[1],
          v.inp,
          mask,
          out,
          off,
        );
      }
    }
    if (c != null) out.set(c, (hs - 1) * BU);
    return tensor(out, [hs, B, U]) as Tensor3D;
  } finally {
    for (const info of owned) backend.disposeData(info.dataId);
  }
}
