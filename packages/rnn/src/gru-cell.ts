import {
  add,
  type InitializerIdentifier,
  mul,
  split,
  sub,
  type Tensor,
  type Tensor2D,
  unstack,
} from '@strata/core';
import {
  type ActivationFunction as Activation,
  type ActivationName,
  getActivation,
} from '@strata/layers';
import { maskedMatMul, RNNCell, type RNNCellConfig, type StepContext } from './rnn-cell.js';

/** Config of `GRUCell` (Keras names). */
export interface GRUCellConfig extends RNNCellConfig {
  /** Of the candidate; default `'tanh'`. */
  activation?: ActivationName | null;
  /** Of the gates; default `'sigmoid'`. */
  recurrentActivation?: ActivationName | null;
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'orthogonal'`. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  /**
   * Apply the reset gate after the recurrent product (cuDNN's form, with separate input and
   * recurrent biases: `bias` `[2, 3·units]`). Default true, as Keras 3 (tfjs-layers: false).
   */
  resetAfter?: boolean;
}

/**
 * The gated recurrent unit, gates in Keras order z, r, h:
 * `z = σ(x·W_z + h·U_z + b_z)`, `r = σ(x·W_r + h·U_r + b_r)`,
 * `ĥ = tanh(x·W_h + r⊙(h·U_h + b'_h))` (resetAfter) or `tanh(x·W_h + (r⊙h)·U_h + b_h)`,
 * `h_t = z⊙h_{t−1} + (1 − z)⊙ĥ`; `kernel` `[features, 3·units]`, `recurrent_kernel`
 * `[units, 3·units]`, `bias` `[2, 3·units]` (input and recurrent rows) or `[3·units]`.
 *
 * Shapes: `x_t` `[batch, features]`, state `[batch, units]` → `h_t` `[batch, units]`.
 *
 * @example
 * const cell = new GRUCell({ units: 8 });
 * const [h] = cell.apply([x, h0]) as Tensor[];
 * @see Cho et al., "Learning phrase representations using RNN encoder–decoder for
 * statistical machine translation", EMNLP 2014.
 */
export class GRUCell extends RNNCell<GRUCellConfig> {
  static override readonly className = 'GRUCell';
  kernel!: Tensor;
  recurrentKernel!: Tensor;
  bias: Tensor | null = null;
  /** The activation of the candidate (and, LSTM, of the cell state). */
  readonly activation: Activation;
  /** The activation of the gates. */
  readonly recurrentActivation: Activation;

  constructor(config: GRUCellConfig) {
    super(config);
    const subject = `Layer '${this.name}'`;
    this.activation = getActivation(config.activation ?? 'tanh', subject);
    this.recurrentActivation = getActivation(config.recurrentActivation ?? 'sigmoid', subject);
  }

  get stateSize(): number[] {
    return [this.units];
  }

  get stateNames(): string[] {
    return ['h'];
  }

  /** Whether the reset gate applies after the recurrent product (default true). */
  get resetAfter(): boolean {
    return this.config.resetAfter ?? true;
  }

  protected buildCell(features: number): void {
    const { units, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [features, 3 * units],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, 3 * units],
      this.config.recurrentInitializer ?? 'orthogonal',
    );
    if (useBias) {
      const shape = this.resetAfter ? [2, 3 * units] : [3 * units];
      this.bias = this.addWeight('bias', shape, this.config.biasInitializer ?? 'zeros');
    }
  }

  step(x: Tensor2D, [h]: Tensor2D[], ctx: StepContext): [Tensor2D, Tensor2D[]] {
    const sigma = this.recurrentActivation.apply;
    const [inputBias, recurrentBias] =
      this.bias == null ? [null, null] : this.resetAfter ? unstack(this.bias) : [this.bias, null];
    let xz = maskedMatMul(x, ctx.inputMask, this.kernel);
    if (inputBias != null) xz = add(xz, inputBias);
    const [xZ, xR, xH] = split(xz, 3, 1);
    const hDropped = ctx.recurrentMask == null ? h : (mul(h, ctx.recurrentMask) as Tensor2D);
    let candidate: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let hu = maskedMatMul(hDropped, null, this.recurrentKernel);
      if (recurrentBias != null) hu = add(hu, recurrentBias);
      const [hZ, hR, hH] = split(hu, 3, 1);
      z = sigma(add(xZ, hZ));
      const r = sigma(add(xR, hR));
      candidate = this.activation.apply(add(xH, mul(r, hH)));
    } else {
      const [uZR, uH] = split(this.recurrentKernel, [2 * this.units, this.units], 1);
      const [hZ, hR] = split(maskedMatMul(hDropped, null, uZR), 2, 1);
      z = sigma(add(xZ, hZ));
      const r = sigma(add(xR, hR));
      candidate = this.activation.apply(
        add(xH, maskedMatMul(mul(r, hDropped) as Tensor2D, null, uH)),
      );
    }
    // h_t = z⊙h + (1 − z)⊙ĥ, written as ĥ + z⊙(h − ĥ).
    const out = add(candidate, mul(z, sub(h, candidate))) as Tensor2D;
    return [out, [out]];
  }
}
