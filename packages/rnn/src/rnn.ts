import {
  add,
  ConfigError,
  cast,
  clone,
  expandDims,
  mul,
  reverse,
  ShapeError,
  stack,
  sub,
  type Tensor,
  type Tensor2D,
  type Tensor3D,
  unstack,
  type Variable,
  variable,
  zeros,
} from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '@strata/layers';
import { fastCellPlan, fastSequence } from './fast-path.js';
import { isShape, type RNNCell, type Shape, type ShapeLike, type StepContext } from './rnn-cell.js';

/** The options of every recurrent layer (Keras names). */
export interface RNNOptions extends LayerConfig {
  /** Return the output of every step, `[batch, time, units]`, not only the last. Default false. */
  returnSequences?: boolean;
  /** Also return the final states: the output becomes `[output, ...states]`. Default false. */
  returnState?: boolean;
  /** Run from the last step to the first (the sequence output is in processing order). */
  goBackwards?: boolean;
  /**
   * Start each call from the previous call's final states (the batch size is then fixed by
   * the first call); `resetStates()` starts over from zeros.
   */
  stateful?: boolean;
  /**
   * Accepted for Keras/tfjs-layers configs; no effect (LSTM, GRU and SimpleRNN cells run
   * the fused sequence fast path, other cells a JS loop over steps either way).
   */
  unroll?: boolean;
  /** Accepted for tfjs-layers configs (its LSTM/GRU kernel variant); no effect. */
  implementation?: number;
}

/** Config of `RNN`: the cell and the loop options. */
export interface RNNConfig extends RNNOptions {
  cell: RNNCell;
}

/**
 * Runs a cell over axis 1 of `[batch, time, features]`:
 * `(h_t, s_t) = cell(x_t, s_{t−1})` for t = 1 … T, states starting at zeros, at the given
 * initial states, or (stateful) at the last call's final states.
 *
 * Inputs: a tensor `[batch, time, features]`; the list `[x, ...initialStates]` (as Keras's
 * `initial_state`); or the named object `{inputs, mask?, h?, c?}` with the cell's state
 * names (`h`; LSTM: `h`, `c`), each state `[batch, units]`. The mask `[batch, time]` (1 for
 * real steps) comes from the named `mask` or from the layer before (`Embedding({maskZero})`);
 * a masked step carries the previous states and output through, as Keras and tfjs-layers.
 *
 * Shapes: `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * `returnSequences`; with `returnState`, followed by each state `[batch, units]`.
 *
 * @example
 * const rnn = new RNN({ cell: new LSTMCell({ units: 16 }), returnSequences: true });
 * const y = rnn.apply(x); // [32, 10, 8] → [32, 10, 16]
 * // In a list of layers, name the config type: `new RNN<RNNConfig>({ cell })`.
 * @see Werbos, "Backpropagation through time: what it does and how to do it", Proc. IEEE 78 (1990).
 */
export class RNN<C extends RNNOptions = RNNConfig> extends Layer<C> {
  static override readonly className: string = 'RNN';
  /**
   * Run LSTMCell, GRUCell and SimpleRNNCell (with tanh/sigmoid/hardSigmoid/relu/linear
   * activations) as one fused whole-sequence op with a hand-written BPTT gradient instead of
   * the per-step loop, which stays the spec. Set false to force the per-step loop (tests
   * compare the two); recurrent dropout while training always takes the per-step loop.
   */
  static fastPath = true;
  readonly cell: RNNCell;
  private stored: Variable[] | null = null;

  constructor(config: C, cell?: RNNCell) {
    super(config);
    const given = cell ?? (config as unknown as RNNConfig).cell;
    if (given == null) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'a cell',
        received: String(given),
      });
    }
    this.cell = given;
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShapeOf(inputShape);
    const features = shape[2];
    if (shape.length !== 3 || features == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input [batch, time, features] with known features',
        received: `shape ${JSON.stringify(shape)}`,
      });
    }
    this.cell.ensureBuilt([shape[0], features]);
    // Saved as `<layer>/kernel`, as tfjs-layers writes (and as Keras's `<layer>/<cell>/kernel` reads).
    for (const w of this.cell.weights) w.path = `${this.name}/${w.name}`;
    this.inputSpec = { minRank: 3, axes: { [-1]: features } };
  }

  override call(inputs: LayerInputs, ctx: CallContext): Tensor | Tensor[] {
    const { x, mask, initial } = this.unpack(inputs, ctx);
    const [batch, time, features] = x.shape;
    if (time === 0) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'at least one time step',
        received: `shape [${x.shape.join(', ')}]`,
      });
    }
    let states = initial ?? this.startStates(batch);
    const backwards = this.config.goBackwards === true;
    const stepCtx = this.cell.stepContext(batch, features, ctx.training, ctx.rng);
    const fast = this.fastCall(x, mask, states, stepCtx);
    if (fast != null) return fast;
    const xs = unstack(backwards ? reverse(x, 1) : x, 1) as Tensor2D[];
    const mask3 = mask == null ? null : expandDims(cast(mask, 'float32'), 2);
    const masks = mask3 == null ? null : unstack(backwards ? reverse(mask3, 1) : mask3, 1);
    const outputs: Tensor2D[] = [];
    for (let t = 0; t < time; t++) {
      const [h, next] = this.cell.step(xs[t], states, stepCtx);
      const m = masks?.[t];
      if (m == null) {
        outputs.push(h);
        states = next;
      } else {
        // Where m = 0 the step did not happen: keep the previous output (h_{t−1}) and states.
        const carry = (prev: Tensor2D, now: Tensor2D): Tensor2D =>
          add(prev, mul(m, sub(now, prev))) as Tensor2D;
        outputs.push(carry(states[0], h));
        states = next.map((s, i) => carry(states[i], s));
      }
    }
    const output = this.config.returnSequences ? stack(outputs, 1) : outputs[time - 1];
    return this.finish(output, states);
  }

  /** The fused whole-sequence path (see `RNN.fastPath`), or null where it does not apply. */
  private fastCall(
    x: Tensor3D,
    mask: Tensor | null,
    states: Tensor2D[],
    stepCtx: StepContext,
  ): Tensor | Tensor[] | null {
    if (!RNN.fastPath || stepCtx.recurrentMask != null) return null;
    const plan = fastCellPlan(this.cell);
    if (plan == null) return null;
    const backwards = this.config.goBackwards === true;
    let xs: Tensor3D = backwards ? reverse(x, 1) : x;
    // The input dropout mask is the same for every step: applied to the whole sequence.
    if (stepCtx.inputMask != null) xs = mul(xs, expandDims(stepCtx.inputMask, 1)) as Tensor3D;
    let m: Tensor | null = null;
    if (mask != null) {
      m = cast(mask, 'float32');
      if (backwards) m = reverse(m, 1);
    }
    const returnSequences = this.config.returnSequences === true;
    const result = fastSequence(plan, xs, states, m, returnSequences);
    const output = result.sequence ?? result.states[0];
    return this.finish(output, result.states);
  }

  /** Stores the final states of a stateful layer and assembles the output. */
  private finish(output: Tensor, states: Tensor2D[]): Tensor | Tensor[] {
    if (this.config.stateful) {
      for (const [i, v] of (this.stored ?? []).entries()) v.assign(states[i]);
    }
    return this.config.returnState ? [output, ...states] : output;
  }

  override computeOutputShape(inputShape: ShapeLike): Shape | Shape[] {
    const [batch, time] = inputShapeOf(inputShape);
    const units = this.cell.units;
    const output = this.config.returnSequences ? [batch, time, units] : [batch, units];
    if (!this.config.returnState) return output;
    return [output, ...this.cell.stateSize.map((n) => [batch, n])];
  }

  /** The input mask for the next layer: the time mask when returning sequences, else none. */
  override computeMask(inputs: LayerInputs, mask: Tensor | null): Tensor | null {
    if (!this.config.returnSequences) return null;
    const named = isNamed(inputs) ? inputs.mask : undefined;
    return named ?? mask;
  }

  /** Forgets the states a stateful layer carries; the next call starts from zeros. */
  resetStates(): void {
    for (const v of this.stored ?? []) v.dispose();
    this.stored = null;
  }

  override dispose(): void {
    this.resetStates();
    super.dispose();
  }

  private startStates(batch: number): Tensor2D[] {
    const sizes = this.cell.stateSize;
    if (!this.config.stateful) return sizes.map((n) => zeros([batch, n]) as Tensor2D);
    if (this.stored == null) {
      this.stored = sizes.map((n) => variable(zeros([batch, n]), false));
    }
    const fixed = this.stored[0].shape[0];
    if (fixed !== batch) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `batch size ${fixed} (stateful; call resetStates() to change it)`,
        received: `${batch}`,
      });
    }
    // Copies, so that the assignment at the end of the call leaves this call's graph intact.
    return this.stored.map((v) => clone(v) as Tensor2D);
  }

  private unpack(
    inputs: LayerInputs,
    ctx: CallContext,
  ): { x: Tensor3D; mask: Tensor | null; initial: Tensor2D[] | null } {
    const names = this.cell.stateNames;
    let x: Tensor;
    let mask = ctx.mask;
    let initial: Tensor[] | null = null;
    if (Array.isArray(inputs)) {
      [x, ...initial] = inputs;
      if (initial.length === 0) initial = null;
    } else if (isNamed(inputs)) {
      x = inputs.inputs;
      mask = inputs.mask ?? mask;
      const given = names.map((n) => inputs[n]);
      if (given.some((s) => s != null)) initial = given;
    } else {
      x = inputs;
    }
    if (initial != null && (initial.length !== names.length || initial.some((s) => s == null))) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `initial states ${names.join(', ')}`,
        received: `${initial.filter((s) => s != null).length} states`,
      });
    }
    return { x: x as Tensor3D, mask, initial: initial as Tensor2D[] | null };
  }
}

function isNamed(inputs: LayerInputs): inputs is Record<string, Tensor> {
  return !Array.isArray(inputs) && !('dataId' in inputs);
}

/** The `[batch, time, features]` shape among an RNN's input shapes. */
export function inputShapeOf(shape: ShapeLike): Shape {
  if (isShape(shape)) return shape;
  if (Array.isArray(shape)) return shape[0];
  return shape.inputs ?? Object.values(shape)[0];
}
