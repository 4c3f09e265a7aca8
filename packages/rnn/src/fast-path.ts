import {
  add,
  cast,
  concat,
  engine,
  fastMatMul,
  type GradSaveFunc,
  getBackend,
  greater,
  less,
  logicalAnd,
  mul,
  onesLike,
  reshape,
  slice,
  stack,
  sub,
  sum,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
  tensor,
  transpose,
  unstack,
  zerosLike,
} from '@strata/core';
import type { ActivationFunction as Activation } from '@strata/layers';
import { forwardHeap, heapInferenceCovers } from './fast-path-heap.js';
import {
  forwardJs,
  gruBackward,
  hasScalarForm,
  type JsBackward,
  lstmBackward,
  SCALAR,
  simpleBackward,
} from './fast-path-js.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import type { RNNCell } from './rnn-cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

/** An activation's derivative as a function of its output `y = act(z)`. */
type FromOutput = (y: Tensor) => Tensor;

/** The activations whose derivative the fast path computes from the output alone. */
const DERIVATIVES: Partial<Record<string, FromOutput>> = {
  linear: (y) => onesLike(y),
  tanh: (y) => sub(1, mul(y, y)),
  sigmoid: (y) => mul(y, sub(1, y)),
  relu: (y) => cast(greater(y, 0), 'float32'),
  // clip(0.2·z + 0.5, 0, 1): slope 0.2 strictly inside (0, 1), 0 where clipped.
  hardSigmoid: (y) => mul(cast(logicalAnd(greater(y, 0), less(y, 1)), 'float32'), 0.2),
};

type Kind = 'lstm' | 'gru' | 'gruResetAfter' | 'simple';

/** An activation with its derivative. */
interface Act {
  apply: (z: Tensor) => Tensor;
  grad: FromOutput;
}

/** What the fast path needs of a cell: its kind, weights and activations. */
export interface FastCellPlan {
  kind: Kind;
  units: number;
  kernel: Tensor2D;
  recurrentKernel: Tensor2D;
  bias: Tensor | null;
  /** Candidate activation (LSTM: also of the cell state). */
  act: Act;
  /** Gate activation (not used by SimpleRNN). */
  rec: Act;
  /** The activations' names (the typed-array arithmetic of cpu and wasm). */
  actName: string;
  recName: string;
}

function actOf(a: Activation): Act | null {
  const grad = DERIVATIVES[a.name];
  return grad == null ? null : { apply: a.apply, grad };
}

/**
 * The fast-path plan of `cell`, or null when the fast path does not cover it (another cell
 * class, or an activation whose derivative is not a function of its output).
 */
export function fastCellPlan(cell: RNNCell): FastCellPlan | null {
  let kind: Kind;
  let rec: Act | null;
  if (cell instanceof LSTMCell) {
    kind = 'lstm';
    rec = actOf(cell.recurrentActivation);
  } else if (cell instanceof GRUCell) {
    kind = cell.resetAfter ? 'gruResetAfter' : 'gru';
    rec = actOf(cell.recurrentActivation);
  } else if (cell instanceof SimpleRNNCell) {
    kind = 'simple';
    rec = actOf(cell.activation);
  } else {
    return null;
  }
  const act = actOf(cell.activation);
  if (act == null || rec == null) return null;
  const recName =
    cell instanceof SimpleRNNCell ? cell.activation.name : cell.recurrentActivation.name;
  return {
    kind,
    units: cell.units,
    kernel: cell.kernel as Tensor2D,
    recurrentKernel: cell.recurrentKernel as Tensor2D,
    bias: cell.bias,
    act,
    rec,
    actName: cell.activation.name,
    recName,
  };
}

/** The sizes of one call. */
interface Dims {
  time: number;
  batch: number;
  units: number;
}

/** What the forward pass keeps for the backward pass: per-step tensors, stacked over time. */
interface Trace {
  /** `[T, B, ·]` stacks, by kind (see `forwardSteps`). */
  stacks: Tensor3D[];
}

function isTapeOn(): boolean {
  return (engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}

/** `prev + m⊙(now − prev)`: where m = 0 the step did not happen (as the reference loop). */
function carry(prev: Tensor2D, now: Tensor2D, m: Tensor | undefined): Tensor2D {
  return m == null ? now : (add(prev, mul(m, sub(now, prev))) as Tensor2D);
}

function cols(t: Tensor2D, from: number, size: number): Tensor2D {
  return slice(t, [0, from], [t.shape[0], size]);
}

function lastCols(t: Tensor3D, from: number, size: number): Tensor3D {
  return slice(t, [0, 0, from], [t.shape[0], t.shape[1], size]);
}

/**
 * The forward recurrence over time-major inputs: `xw` the input projections (bias included)
 * per step, `ms` the per-step masks `[B, 1]`. Returns the packed value `[T(+1), B, U]`
 * (every output h_t, then, LSTM, the final c) and, with `keep`, the stacks BPTT needs:
 *
 * - lstm: gates σ(z) `[T,B,4U]`, act(ĉ), act(c_t), h_{t−1}, c_{t−1}
 * - gruResetAfter: σ(z, r) `[T,B,2U]`, h·U_h + b_h, ĥ, h_{t−1}
 * - gru: σ(z, r), r⊙h_{t−1}, ĥ, h_{t−1}
 * - simple: act(z) (before masking), h_{t−1}
 */
function forwardSteps(
  plan: FastCellPlan,
  d: Dims,
  xws: Tensor2D[],
  R: Tensor2D,
  bRec: Tensor | null,
  initial: Tensor2D[],
  ms: Tensor[] | null,
  keep: boolean,
): { value: Tensor3D; trace: Trace | null } {
  const { time, units: U } = d;
  const { act, rec } = plan;
  const outputs: Tensor2D[] = [];
  const kept: Tensor2D[][] = [];
  const push = (...ts: Tensor2D[]) => {
    if (!keep) return;
    ts.forEach((t, i) => {
      kept[i] ??= [];
      kept[i].push(t);
    });
  };
  let h = initial[0];
  let c = initial[1];
  const Rzr = plan.kind === 'gru' ? (slice(R, [0, 0], [U, 2 * U]) as Tensor2D) : null;
  const Rh = plan.kind === 'gru' ? (slice(R, [0, 2 * U], [U, U]) as Tensor2D) : null;
  for (let t = 0; t < time; t++) {
    const m = ms?.[t];
    const xw = xws[t];
    if (plan.kind === 'lstm') {
      const z = add(xw, fastMatMul(h, R)) as Tensor2D;
      const s = rec.apply(z) as Tensor2D;
      const g = act.apply(cols(z, 2 * U, U)) as Tensor2D;
      const cNew = add(mul(cols(s, U, U), c), mul(cols(s, 0, U), g)) as Tensor2D;
      const tc = act.apply(cNew) as Tensor2D;
      const hNew = mul(cols(s, 3 * U, U), tc) as Tensor2D;
      push(s, g, tc, h, c);
      h = carry(h, hNew, m);
      c = carry(c, cNew, m);
    } else if (plan.kind === 'gruResetAfter') {
      let hu = fastMatMul(h, R);
      if (bRec != null) hu = add(hu, bRec) as Tensor2D;
      const zr = rec.apply(add(cols(xw, 0, 2 * U), cols(hu, 0, 2 * U))) as Tensor2D;
      const hh = cols(hu, 2 * U, U);
      const hc = act.apply(add(cols(xw, 2 * U, U), mul(cols(zr, U, U), hh))) as Tensor2D;
      const hNew = add(hc, mul(cols(zr, 0, U), sub(h, hc))) as Tensor2D;
      push(zr, hh, hc, h);
      h = carry(h, hNew, m);
    } else if (plan.kind === 'gru') {
      const zr = rec.apply(add(cols(xw, 0, 2 * U), fastMatMul(h, Rzr as Tensor2D))) as Tensor2D;
      const rh = mul(cols(zr, U, U), h) as Tensor2D;
      const hc = act.apply(add(cols(xw, 2 * U, U), fastMatMul(rh, Rh as Tensor2D))) as Tensor2D;
      const hNew = add(hc, mul(cols(zr, 0, U), sub(h, hc))) as Tensor2D;
      push(zr, rh, hc, h);
      h = carry(h, hNew, m);
    } else {
      const hNew = act.apply(add(xw, fastMatMul(h, R))) as Tensor2D;
      push(hNew, h);
      h = carry(h, hNew, m);
    }
    outputs.push(h);
  }
  if (plan.kind === 'lstm') outputs.push(c);
  const value = stack(outputs, 0) as Tensor3D;
  const trace = keep ? { stacks: kept.map((k) => stack(k, 0) as Tensor3D) } : null;
  return { value, trace };
}

/**
 * Per-step slices of a `[T, B, ·]` stack: row blocks of its `[T·B, ·]` view. On wasm, from
 * one read of the whole stack: tfjs-wasm's Slice and Unpack kernels copy their entire input
 * out of the heap on every call (≈ 1 ms per step for a [50·64, 512] stack).
 */
function steps(t: Tensor): Tensor2D[] {
  const [time, batch, width] = t.shape;
  const size = batch * width;
  if (getBackend() === 'wasm') {
    const all = t.dataSync() as Float32Array;
    return Array.from(
      { length: time },
      (_, i) => tensor(all.subarray(i * size, (i + 1) * size), [batch, width]) as Tensor2D,
    );
  }
  const rows = reshape(t, [time * batch, width]) as Tensor2D;
  return Array.from({ length: time }, (_, i) => slice(rows, [i * batch, 0], [batch, width]));
}

/** `[t, t, …]` along the columns, `n` times. */
const repeat = (t: Tensor2D, n: number): Tensor2D =>
  concat(
    Array.from({ length: n }, () => t),
    1,
  ) as Tensor2D;

/**
 * BPTT: per step only the recurrent product with the pre-transposed recurrent kernel and a few
 * elementwise ops (the coefficients are computed for all steps at once first); the weight
 * gradients are then one matMul each over all steps. Returns the gradient of the input
 * projections `dXW` `[T·B, G·U]`, of the recurrent kernel, of the recurrent bias (GRU
 * resetAfter), and of the initial states.
 */
function backwardSteps(
  plan: FastCellPlan,
  d: Dims,
  dy: Tensor3D,
  R: Tensor2D,
  trace: Trace,
  ms: Tensor[] | null,
): { dXW: Tensor2D; dR: Tensor2D; dbRec: Tensor | null; dInitial: Tensor2D[] } {
  const { time, batch: B, units: U } = d;
  const { act, rec } = plan;
  const flat = (t: Tensor, n: number) => reshape(t, [time * B, n]) as Tensor2D;
  const dys = steps(dy);
  let dhNext: Tensor2D | null = null;
  let dcNext: Tensor2D | null = plan.kind === 'lstm' ? dys[time] : null;
  // The gradient of the state h_t (the output) and its split into the step and the carry.
  const stepGrad = (t: Tensor2D | null, dyT: Tensor2D, m: Tensor | undefined) => {
    const total = t == null ? dyT : (add(dyT, t) as Tensor2D);
    if (m == null) return { inner: total, carried: null };
    const inner = mul(total, m) as Tensor2D;
    return { inner, carried: sub(total, inner) as Tensor2D };
  };
  const plus = (a: Tensor2D, b: Tensor2D | null) => (b == null ? a : (add(a, b) as Tensor2D));

  if (plan.kind === 'lstm') {
    const [S, G, TC, HP, CP] = trace.stacks;
    const i = lastCols(S, 0, U);
    const f = lastCols(S, U, U);
    const o = lastCols(S, 3 * U, U);
    const A = steps(mul(o, act.grad(TC)));
    const K = steps(
      concat(
        [mul(G, rec.grad(i)), mul(CP, rec.grad(f)), mul(i, act.grad(G)), mul(TC, rec.grad(o))],
        2,
      ),
    );
    const fs = steps(f);
    const Rt = transpose(R) as Tensor2D;
    const dzs: Tensor2D[] = [];
    for (let t = time - 1; t >= 0; t--) {
      const m = ms?.[t];
      const dh = stepGrad(dhNext, dys[t], m);
      const dc = stepGrad(null, dcNext as Tensor2D, m);
      const dcTot = add(dc.inner, mul(dh.inner, A[t])) as Tensor2D;
      const dz = mul(concat([dcTot, dcTot, dcTot, dh.inner], 1), K[t]) as Tensor2D;
      dzs[t] = dz;
      dhNext = plus(fastMatMul(dz, Rt), dh.carried);
      dcNext = plus(mul(dcTot, fs[t]) as Tensor2D, dc.carried);
    }
    const dXW = flat(stack(dzs, 0), 4 * U);
    const dR = fastMatMul(flat(HP, U), dXW, true, false);
    return { dXW, dR, dbRec: null, dInitial: [dhNext as Tensor2D, dcNext as Tensor2D] };
  }

  if (plan.kind === 'gruResetAfter') {
    const [ZR, HH, HC, HP] = trace.stacks;
    const z = lastCols(ZR, 0, U);
    const r = lastCols(ZR, U, U);
    const K1 = mul(sub(1, z), act.grad(HC));
    const Kz = mul(sub(HP, HC), rec.grad(z));
    const Kr = mul(mul(K1, HH), rec.grad(r));
    const KH = steps(concat([Kz, Kr, mul(K1, r)], 2));
    const zs = steps(z);
    const Rt = transpose(R) as Tensor2D;
    const dhs: Tensor2D[] = [];
    const dhus: Tensor2D[] = [];
    for (let t = time - 1; t >= 0; t--) {
      const dh = stepGrad(dhNext, dys[t], ms?.[t]);
      const dhu = mul(repeat(dh.inner, 3), KH[t]) as Tensor2D;
      dhs[t] = dh.inner;
      dhus[t] = dhu;
      dhNext = plus(add(fastMatMul(dhu, Rt), mul(dh.inner, zs[t])) as Tensor2D, dh.carried);
    }
    const DH = stack(dhs, 0);
    const dXW = flat(mul(concat([DH, DH, DH], 2), concat([Kz, Kr, K1], 2)), 3 * U);
    const dHU = flat(stack(dhus, 0), 3 * U);
    const dR = fastMatMul(flat(HP, U), dHU, true, false);
    return { dXW, dR, dbRec: sum(dHU, 0), dInitial: [dhNext as Tensor2D] };
  }

  if (plan.kind === 'gru') {
    const [ZR, RH, HC, HP] = trace.stacks;
    const z = lastCols(ZR, 0, U);
    const r = lastCols(ZR, U, U);
    const K1 = steps(mul(sub(1, z), act.grad(HC)));
    const Kz = steps(mul(sub(HP, HC), rec.grad(z)));
    const Kr = steps(mul(HP, rec.grad(r)));
    const zs = steps(z);
    const rs = steps(r);
    const RzrT = transpose(slice(R, [0, 0], [U, 2 * U])) as Tensor2D;
    const RhT = transpose(slice(R, [0, 2 * U], [U, U])) as Tensor2D;
    const das: Tensor2D[] = [];
    const dzrs: Tensor2D[] = [];
    for (let t = time - 1; t >= 0; t--) {
      const dh = stepGrad(dhNext, dys[t], ms?.[t]);
      const da = mul(dh.inner, K1[t]) as Tensor2D;
      const drh = fastMatMul(da, RhT);
      const dzr = concat([mul(dh.inner, Kz[t]), mul(drh, Kr[t])], 1) as Tensor2D;
      das[t] = da;
      dzrs[t] = dzr;
      const direct = add(mul(drh, rs[t]), mul(dh.inner, zs[t]));
      dhNext = plus(add(fastMatMul(dzr, RzrT), direct) as Tensor2D, dh.carried);
    }
    const DA = stack(das, 0);
    const DZR = stack(dzrs, 0);
    const dXW = flat(concat([DZR, DA], 2), 3 * U);
    const dR = concat(
      [
        fastMatMul(flat(HP, U), flat(DZR, 2 * U), true, false),
        fastMatMul(flat(RH, U), flat(DA, U), true, false),
      ],
      1,
    ) as Tensor2D;
    return { dXW, dR, dbRec: null, dInitial: [dhNext as Tensor2D] };
  }

  const [HN, HP] = trace.stacks;
  const K = steps(act.grad(HN));
  const Rt = transpose(R) as Tensor2D;
  const dzs: Tensor2D[] = [];
  for (let t = time - 1; t >= 0; t--) {
    const dh = stepGrad(dhNext, dys[t], ms?.[t]);
    const dz = mul(dh.inner, K[t]) as Tensor2D;
    dzs[t] = dz;
    dhNext = plus(fastMatMul(dz, Rt), dh.carried);
  }
  const dXW = flat(stack(dzs, 0), U);
  const dR = fastMatMul(flat(HP, U), dXW, true, false);
  return { dXW, dR, dbRec: null, dInitial: [dhNext as Tensor2D] };
}

/**
 * How the fast path runs (tests change it). `typedArrays` (default true): on cpu and wasm, the
 * per-step gate arithmetic in JS typed arrays; false runs the ops form every other backend
 * uses. `projectionChunkFloats`: there, the input projections are computed a chunk of steps
 * of about this many floats at a time. `wasmHeap` (default true): on wasm, the per-step matMul
 * and sigmoid call the backend's kernels directly on heap buffers instead of through tensors;
 * `heapInference` (default true; wasm with `wasmHeap`, inference only): fast-path-heap.ts,
 * every step's buffers in the heap, reused over the sequence, the gate σ fused into the GEMM;
 * `heapTraining` (default true; wasm with `wasmHeap`): the training forward runs
 * there too, copying what BPTT needs out of the heap views each step;
 * `mergedStep` (default true; wasm with `wasmHeap`, LSTM): the input projection
 * joins that matMul, `[x_t | h | 1]·[W; U; b]`, instead of running a chunk of steps ahead.
 * `gradChunkFloats`: on wasm, each weight-gradient product `[x | 1 | h]ᵀ·dZ` runs over
 * chunks of rows of about this many floats of dZ.
 */
export const fastPathOptions = {
  typedArrays: true,
  projectionChunkFloats: 262_144,
  wasmHeap: true,
  heapInference: true,
  heapTraining: true,
  mergedStep: true,
  gradChunkFloats: 262_144,
};

/** An op's gradient: one thunk per input, in input order. */
type LazyGrads = (dy: Tensor, saved: Tensor[]) => (() => Tensor)[];

/** The engine's op runner (what `customGrad` calls; not in its typings). */
interface KernelFuncRunner {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: GradSaveFunc) => Tensor;
    backwardsFunc: (dy: Tensor, saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor;
}

/**
 * `customGrad` with each input's gradient a thunk: the engine's backprop calls only the
 * thunks of the inputs on a path to what is differentiated (`customGrad` computes them all
 * first). `f` runs with the tape off, as under `customGrad`.
 */
function lazyGradOp(
  inputs: Tensor[],
  f: (save: GradSaveFunc) => { value: Tensor3D; gradFunc: LazyGrads },
): Tensor3D {
  let gradFunc: LazyGrads | null = null;
  const runner = engine() as unknown as KernelFuncRunner;
  return runner.runKernelFunc({
    forwardFunc: (_, save) => {
      const res = f(save);
      gradFunc = res.gradFunc;
      return res.value;
    },
    backwardsFunc: (dy, saved) => {
      const thunks = (gradFunc as LazyGrads)(dy, saved);
      return Object.fromEntries(thunks.map((g, i) => [String(i), g]));
    },
    inputs: Object.fromEntries(inputs.map((t, i) => [String(i), t])),
  }) as Tensor3D;
}

/** `a + b` into a new array, `b` added to every row of `a` (top-level: V8 runs a loop in a
 * closure several times slower). */
function addRows(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  const G = b.length;
  for (let r = 0; r < a.length; r += G) {
    for (let j = 0; j < G; j++) out[r + j] = a[r + j] + b[j];
  }
  return out;
}

/** The result of `fastSequence`. */
export interface FastSequenceResult {
  /** Every output `[batch, time, units]` in processing order, when asked for. */
  sequence: Tensor3D | null;
  /** The final states (h first; the last output is h). */
  states: Tensor2D[];
}

/**
 * Runs a cell over a whole sequence as one differentiable op: the input projections of all
 * steps as one matMul `[T·B, F]·[F, G·U]` (+ bias), per step only `h·U` and the gate
 * arithmetic with no autodiff tape, and one custom gradient for the sequence (BPTT, then the
 * weight gradients as single matMuls over all steps). Matches the per-step loop of `RNN` (its
 * spec) in outputs, states and gradients.
 *
 * `x` `[batch, time, features]` and `mask` `[batch, time]` (1 for real steps) are in
 * processing order (already reversed for goBackwards); `initial` are the start states.
 */
export function fastSequence(
  plan: FastCellPlan,
  x: Tensor3D,
  initial: Tensor2D[],
  mask: Tensor | null,
  returnSequence: boolean,
): FastSequenceResult {
  const [batch, time, features] = x.shape;
  const d: Dims = { time, batch, units: plan.units };
  const U = plan.units;
  const nStates = initial.length;
  const hasBias = plan.bias != null;
  const xT = reshape(transpose(x, [1, 0, 2]), [time * batch, features]) as Tensor2D;
  const mT = mask == null ? null : reshape(transpose(mask, [1, 0]), [time, batch, 1]);

  // cpu and wasm: the per-step arithmetic in typed arrays (fast-path-js.ts); elsewhere ops.
  const inJs =
    fastPathOptions.typedArrays &&
    ['cpu', 'wasm'].includes(getBackend()) &&
    hasScalarForm(plan.actName, plan.recName);
  // The input projections x·W + b_in of all steps; on cpu/wasm a chunk of steps at a time.
  const forward = (
    xs: Tensor2D,
    W: Tensor2D,
    R: Tensor2D,
    b: Tensor | null,
    init: Tensor2D[],
    m: Tensor | null,
    keep: boolean,
  ) => {
    let bIn: Tensor | null = null;
    let bRec: Tensor | null = null;
    if (b != null) [bIn, bRec] = plan.kind === 'gruResetAfter' ? unstack(b) : [b, null];
    const kind = plan.kind;
    if (
      inJs &&
      fastPathOptions.wasmHeap &&
      (keep ? fastPathOptions.heapTraining : fastPathOptions.heapInference) &&
      getBackend() === 'wasm' &&
      heapInferenceCovers(kind)
    ) {
      const xv = xs.dataSync() as Float32Array;
      const mv = m == null ? null : (m.dataSync() as Float32Array);
      const dims = { ...d };
      const chunk = fastPathOptions.projectionChunkFloats;
      const lastOnly = !keep && !returnSequence;
      const args = [xv, features, W, R, bIn, bRec, init, mv, lastOnly, chunk] as const;
      if (!keep) {
        const value = forwardHeap(kind, plan.actName, plan.recName, dims, ...args);
        return { value, stacks: [] as Tensor3D[], js: null };
      }
      const n = time * batch * U;
      const actD = SCALAR[plan.actName].d;
      let value: Tensor3D;
      let js: JsBackward;
      if (kind === 'simple') {
        const kept = { HN: new Float32Array(n), HP: new Float32Array(n) };
        value = forwardHeap(kind, plan.actName, plan.recName, dims, ...args, kept);
        js = simpleBackward(dims, kept.HN, kept.HP, mv, R, true, actD);
      } else if (kind === 'gru' || kind === 'gruResetAfter') {
        const f = () => new Float32Array(n);
        const kept = { Z: f(), Rg: f(), HC: f(), HX: f(), HP: f() };
        value = forwardHeap(kind, plan.actName, plan.recName, dims, ...args, null, null, kept);
        const recD = SCALAR[plan.recName].d;
        js = gruBackward(kind, dims, kept, mv, R, true, actD, recD);
      } else {
        const k = { A: new Float32Array(4 * n), TC: new Float32Array(n) };
        const kl = { ...k, CP: new Float32Array(n), HP: new Float32Array(n) };
        value = forwardHeap(kind, plan.actName, plan.recName, dims, ...args, null, kl);
        const recD = SCALAR[plan.recName].d;
        js = lstmBackward(dims, kl.A, kl.TC, kl.CP, kl.HP, mv, R, true, actD, recD);
      }
      return { value, stacks: [] as Tensor3D[], js };
    }
    if (inJs) {
      const xv = xs.dataSync() as Float32Array;
      const bv = bIn == null ? null : (bIn.dataSync() as Float32Array);
      const project = (t0: number, n: number): Float32Array => {
        const size = batch * features;
        const rows = tensor(xv.subarray(t0 * size, (t0 + n) * size), [n * batch, features]);
        const xw = fastMatMul(rows as Tensor2D, W);
        // The bias added in JS, into a new array: no tensor for x·W + b (less peak memory).
        // (Not through tidy: it would walk the returned array looking for tensors.)
        const prod = xw.dataSync() as Float32Array;
        rows.dispose();
        xw.dispose();
        if (bv == null) return prod.slice();
        return addRows(prod, bv);
      };
      // wasm: LSTM steps as one matMul of [x_t | h | 1] by [W; U; b] (SimpleRNN measured slower).
      const merge =
        fastPathOptions.mergedStep &&
        fastPathOptions.wasmHeap &&
        getBackend() === 'wasm' &&
        plan.kind === 'lstm';
      const stacked = merge
        ? (concat(bIn == null ? [W, R] : [W, R, reshape(bIn, [1, bIn.size])], 0) as Tensor2D)
        : null;
      const merged = stacked == null ? null : { x: xv, features, weights: stacked };
      const res = forwardJs(
        plan.kind,
        plan.actName,
        plan.recName,
        d,
        project,
        R,
        bRec,
        init,
        m,
        keep,
        fastPathOptions.projectionChunkFloats,
        fastPathOptions.wasmHeap,
        !returnSequence,
        merged,
      );
      stacked?.dispose();
      return { value: res.value, stacks: [] as Tensor3D[], js: res.backward };
    }
    let xw = fastMatMul(xs, W);
    if (bIn != null) xw = add(xw, bIn) as Tensor2D;
    const xws = steps(reshape(xw, [time, batch, xw.shape[1]]));
    const ms = m == null ? null : steps(m);
    const out = forwardSteps(plan, d, xws, R, bRec, init, ms, keep);
    return { value: out.value, stacks: out.trace?.stacks ?? [], js: null };
  };

  let value: Tensor3D;
  if (!isTapeOn()) {
    value = forward(xT, plan.kernel, plan.recurrentKernel, plan.bias, initial, mT, false).value;
  } else {
    const inputs: Tensor[] = [xT, plan.kernel, plan.recurrentKernel];
    if (hasBias) inputs.push(plan.bias as Tensor);
    inputs.push(...initial);
    if (mT != null) inputs.push(mT);
    value = lazyGradOp(inputs, (save) => {
      const [xs, W, R] = inputs as Tensor2D[];
      const b = hasBias ? inputs[3] : null;
      const start = 3 + (hasBias ? 1 : 0);
      const init = inputs.slice(start, start + nStates) as Tensor2D[];
      const m = mT == null ? null : inputs[start + nStates];
      const out = forward(xs, W, R, b, init, m, true);
      save([xs, W, R, ...(m == null ? [] : [m]), ...out.stacks]);
      const gradFunc = (dy: Tensor, saved: Tensor[]): (() => Tensor)[] => {
        const [sx, sW, sR] = saved as Tensor2D[];
        const sm = m == null ? null : saved[3];
        // The weight gradients: on cpu/wasm from the typed-array BPTT (one product per
        // gradient block, bias included); else as matMuls over all steps here.
        let dW: () => Tensor;
        let dR: () => Tensor;
        let dB: (() => Tensor) | null = null;
        let dXW: () => Tensor2D;
        let dInitial: Tensor2D[];
        if (out.js != null) {
          const g = out.js(dy as Tensor3D, {
            x: sx.dataSync() as Float32Array,
            features,
            bias: hasBias,
            chunkFloats: fastPathOptions.gradChunkFloats,
          });
          dXW = g.dXW;
          dW = () => g.dW;
          dR = () => g.dR;
          if (hasBias) {
            const dbIn = g.dbIn as Tensor;
            dB = () => (g.dbRec == null ? dbIn : stack([dbIn, g.dbRec]));
          }
          dInitial = g.dInitial;
        } else {
          const trace = { stacks: saved.slice(m == null ? 3 : 4) as Tensor3D[] };
          const sms = sm == null ? null : steps(sm);
          const g = backwardSteps(plan, d, dy as Tensor3D, sR, trace, sms);
          dXW = () => g.dXW;
          dW = () => fastMatMul(sx, g.dXW, true, false);
          dR = () => g.dR;
          if (hasBias) {
            dB = () => {
              const dbIn = sum(g.dXW, 0);
              return g.dbRec == null ? dbIn : stack([dbIn, g.dbRec]);
            };
          }
          dInitial = g.dInitial;
        }
        // The input's gradient is asked for only when something upstream needs it (not for
        // a model's input): a matMul as large as the input projection saved.
        const grads: (() => Tensor)[] = [() => fastMatMul(dXW(), sW, false, true), dW, dR];
        if (dB != null) grads.push(dB);
        grads.push(...dInitial.map((t) => () => t));
        if (sm != null) grads.push(() => zerosLike(sm));
        return grads;
      };
      return { value: out.value, gradFunc };
    });
  }
  // (Inference without the sequence on cpu/wasm: `value` holds the final states only.)
  const rows = value.shape[0] - (nStates === 2 ? 1 : 0);
  const row = (t: number) =>
    reshape(slice(value, [t, 0, 0], [1, batch, U]), [batch, U]) as Tensor2D;
  const states = nStates === 2 ? [row(rows - 1), row(rows)] : [row(rows - 1)];
  if (!returnSequence) return { sequence: null, states };
  const hs = nStates === 2 ? slice(value, [0, 0, 0], [time, batch, U]) : value;
  return { sequence: transpose(hs, [1, 0, 2]) as Tensor3D, states };
}
