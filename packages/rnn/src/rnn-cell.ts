import {
  ConfigError,
  matMul,
  mul,
  type RandomStream,
  ShapeError,
  type Tensor,
  type Tensor2D,
} from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '@strata/layers';

/** A shape as layers see it: `null` where the size is known only at run time. */
export type Shape = (number | null)[];
/** The shapes a layer is built from: one input, a list, or named inputs. */
export type ShapeLike = Shape | Shape[] | Record<string, Shape>;

/** Config every cell accepts: the dropout fractions (Keras names). */
export interface RNNCellConfig extends LayerConfig {
  /** Output size, and the size of every state. */
  units: number;
  /** Fraction of the input features dropped while training, one mask per sequence. */
  dropout?: number;
  /** Fraction of the recurrent state dropped while training, one mask per sequence. */
  recurrentDropout?: number;
}

/**
 * What a step gets besides its input and states: the dropout masks, drawn once per sequence
 * (Keras semantics: every step of a sequence drops the same features), already scaled by
 * `1 / (1 − rate)`; null when not training or the rate is 0.
 */
export interface StepContext {
  training: boolean;
  /** `[batch, features]`, multiplied into `x_t`. */
  inputMask: Tensor | null;
  /** `[batch, units]`, multiplied into `h_{t−1}` before the recurrent product. */
  recurrentMask: Tensor | null;
}

/**
 * The base of the recurrent cells: one time step `(x_t, states) → (h_t, newStates)` with
 * Keras weight names and layout. `RNN` runs a cell over the time axis; applied alone, a cell
 * takes the list `[x_t, ...states]` and returns `[h_t, ...newStates]`.
 *
 * Shapes: `[batch, features]` and states `[batch, units]` each → `[batch, units]`.
 *
 * @example
 * const cell = new LSTMCell({ units: 8 });
 * const [h, h1, c1] = cell.apply([x, h0, c0]) as Tensor[];
 * @see Elman, "Finding structure in time", Cognitive Science 14 (1990).
 */
export abstract class RNNCell<C extends RNNCellConfig = RNNCellConfig> extends Layer<C> {
  constructor(config: C) {
    super(config);
    if (!Number.isInteger(config.units) || config.units < 1) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'units, a positive integer',
        received: String(config.units),
      });
    }
    for (const key of ['dropout', 'recurrentDropout'] as const) {
      const rate = config[key] ?? 0;
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
        throw new ConfigError({
          subject: `Layer '${this.name}'`,
          expected: `${key} in [0, 1)`,
          received: String(rate),
        });
      }
    }
  }

  /** The number of units. */
  get units(): number {
    return this.config.units;
  }

  /** The size of each state, in order (`[units]`; LSTM: `[units, units]` for h and c). */
  abstract get stateSize(): number[];

  /** The names of the states, for `RNN`'s named inputs (`h`; LSTM: `h`, `c`). */
  abstract get stateNames(): string[];

  /** One step: `h_t` and the new states (`h_t` is the first state). Differentiable. */
  abstract step(x: Tensor2D, states: Tensor2D[], ctx: StepContext): [Tensor2D, Tensor2D[]];

  /** The input features the cell was built for. */
  protected featuresOf(inputShape: ShapeLike): number {
    const shape = (isShape(inputShape) ? inputShape : Object.values(inputShape)[0]) as Shape;
    const features = shape[shape.length - 1];
    if (features == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: 'an input with a known last dimension',
        received: JSON.stringify(shape),
      });
    }
    return features;
  }

  /**
   * The step context of one sequence: the dropout masks, drawn from `rng` once, when
   * training with a non-zero rate.
   */
  stepContext(batch: number, features: number, training: boolean, rng: RandomStream): StepContext {
    const draw = (rate: number, size: number): Tensor | null =>
      training && rate > 0 ? mul(rng.bernoulli([batch, size], 1 - rate), 1 / (1 - rate)) : null;
    return {
      training,
      inputMask: draw(this.config.dropout ?? 0, features),
      recurrentMask: draw(this.config.recurrentDropout ?? 0, this.units),
    };
  }

  override build(inputShape: ShapeLike): void {
    this.buildCell(this.featuresOf(inputShape));
  }

  /** Creates `kernel`, `recurrent_kernel` and `bias` for `features` inputs. */
  protected abstract buildCell(features: number): void;

  override call(inputs: LayerInputs, ctx: CallContext): Tensor[] {
    const [x, ...states] = (Array.isArray(inputs) ? inputs : [inputs]) as Tensor2D[];
    if (states.length !== this.stateSize.length) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `the list [x, ${this.stateNames.join(', ')}]`,
        received: `${states.length + 1} tensors`,
      });
    }
    const stepCtx = this.stepContext(x.shape[0], x.shape[1], ctx.training, ctx.rng);
    const [h, next] = this.step(x, states, stepCtx);
    return [h, ...next];
  }

  override computeOutputShape(inputShape: ShapeLike): Shape[] {
    const shape = (isShape(inputShape) ? inputShape : Object.values(inputShape)[0]) as Shape;
    return [[shape[0], this.units], ...this.stateSize.map((n) => [shape[0], n])];
  }
}

/** True when `shape` is one shape (not a list or record of shapes). */
export function isShape(shape: unknown): shape is Shape {
  return Array.isArray(shape) && shape.every((d) => d === null || typeof d === 'number');
}

/** `x·W`, after the dropout mask when there is one. */
export function maskedMatMul(x: Tensor2D, mask: Tensor | null, w: Tensor): Tensor2D {
  return matMul(mask == null ? x : (mul(x, mask) as Tensor2D), w as Tensor2D);
}
