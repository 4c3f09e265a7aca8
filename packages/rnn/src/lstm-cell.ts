import {
  add,
  concat,
  type InitializerIdentifier,
  mul,
  ones,
  split,
  type Tensor,
  type Tensor2D,
  tidy,
} from '@strata/core';
import {
  type ActivationFunction as Activation,
  type ActivationName,
  getActivation,
} from '@strata/layers';
import { maskedMatMul, RNNCell, type RNNCellConfig, type StepContext } from './rnn-cell.js';

/** Config of `LSTMCell` (Keras names). */
export interface LSTMCellConfig extends RNNCellConfig {
  /** Of the candidate and the output; default `'tanh'`. */
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
  /** Start the forget gate's bias at 1 (Jozefowicz et al. 2015). Default true. */
  unitForgetBias?: boolean;
}

/**
 * The long short-term memory cell, gates in Keras order i, f, c, o:
 * `[i, f, ĉ, o] = x_t·W + h_{t−1}·U + b`, `c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(ĉ)`,
 * `h_t = σ(o)⊙tanh(c_t)` (σ the recurrent activation), with `kernel` `[features, 4·units]`,
 * `recurrent_kernel` `[units, 4·units]`, `bias` `[4·units]`.
 *
 * Shapes: `x_t` `[batch, features]`, states h and c `[batch, units]` → `h_t` `[batch, units]`.
 *
 * @example
 * const cell = new LSTMCell({ units: 8 });
 * const [h, h1, c1] = cell.apply([x, h0, c0]) as Tensor[];
 * @see Hochreiter & Schmidhuber, "Long short-term memory", Neural Computation 9 (1997).
 */
export class LSTMCell extends RNNCell<LSTMCellConfig> {
  static override readonly className = 'LSTMCell';
  kernel!: Tensor;
  recurrentKernel!: Tensor;
  bias: Tensor | null = null;
  /** The activation of the candidate (and, LSTM, of the cell state). */
  readonly activation: Activation;
  /** The activation of the gates. */
  readonly recurrentActivation: Activation;

  constructor(config: LSTMCellConfig) {
    super(config);
    const subject = `Layer '${this.name}'`;
    this.activation = getActivation(config.activation ?? 'tanh', subject);
    this.recurrentActivation = getActivation(config.recurrentActivation ?? 'sigmoid', subject);
  }

  get stateSize(): number[] {
    return [this.units, this.units];
  }

  get stateNames(): string[] {
    return ['h', 'c'];
  }

  protected buildCell(features: number): void {
    const { units, useBias = true, unitForgetBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [features, 4 * units],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, 4 * units],
      this.config.recurrentInitializer ?? 'orthogonal',
    );
    if (!useBias) return;
    const init = this.config.biasInitializer ?? 'zeros';
    const bias = this.addWeight('bias', [4 * units], init);
    if (unitForgetBias) {
      tidy(() => {
        const [i, , c, o] = split(bias, 4);
        bias.assign(concat([i, ones([units]), c, o]));
      });
    }
    this.bias = bias;
  }

  step(x: Tensor2D, [h, c]: Tensor2D[], ctx: StepContext): [Tensor2D, Tensor2D[]] {
    let z = add(
      maskedMatMul(x, ctx.inputMask, this.kernel),
      maskedMatMul(h, ctx.recurrentMask, this.recurrentKernel),
    );
    if (this.bias != null) z = add(z, this.bias);
    const [zi, zf, zc, zo] = split(z, 4, 1);
    const sigma = this.recurrentActivation.apply;
    const cNext = add(mul(sigma(zf), c), mul(sigma(zi), this.activation.apply(zc))) as Tensor2D;
    const hNext = mul(sigma(zo), this.activation.apply(cNext)) as Tensor2D;
    return [hNext, [hNext, cNext]];
  }
}
