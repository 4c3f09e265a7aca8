import { add, type InitializerIdentifier, type Tensor, type Tensor2D } from '@strata/core';
import {
  type ActivationFunction as Activation,
  type ActivationName,
  getActivation,
} from '@strata/layers';
import { maskedMatMul, RNNCell, type RNNCellConfig, type StepContext } from './rnn-cell.js';

/** Config of `SimpleRNNCell` (Keras names). */
export interface SimpleRNNCellConfig extends RNNCellConfig {
  /** Default `'tanh'`. */
  activation?: ActivationName | null;
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'orthogonal'`. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
}

/**
 * The Elman cell: `h_t = activation(x_t·W + h_{t−1}·U + b)`, with `kernel` W
 * `[features, units]`, `recurrent_kernel` U `[units, units]` and `bias` b `[units]`.
 *
 * Shapes: `x_t` `[batch, features]`, state `[batch, units]` → `h_t` `[batch, units]`.
 *
 * @example
 * const cell = new SimpleRNNCell({ units: 8 });
 * const [h] = cell.apply([x, h0]) as Tensor[]; // [32, 4], [32, 8] → [32, 8]
 * @see Elman, "Finding structure in time", Cognitive Science 14 (1990).
 */
export class SimpleRNNCell extends RNNCell<SimpleRNNCellConfig> {
  static override readonly className = 'SimpleRNNCell';
  kernel!: Tensor;
  recurrentKernel!: Tensor;
  bias: Tensor | null = null;
  /** The activation of the candidate (and, LSTM, of the cell state). */
  readonly activation: Activation;

  constructor(config: SimpleRNNCellConfig) {
    super(config);
    this.activation = getActivation(config.activation ?? 'tanh', `Layer '${this.name}'`);
  }

  get stateSize(): number[] {
    return [this.units];
  }

  get stateNames(): string[] {
    return ['h'];
  }

  protected buildCell(features: number): void {
    const { units, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [features, units],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, units],
      this.config.recurrentInitializer ?? 'orthogonal',
    );
    if (useBias) {
      this.bias = this.addWeight('bias', [units], this.config.biasInitializer ?? 'zeros');
    }
  }

  step(x: Tensor2D, [h]: Tensor2D[], ctx: StepContext): [Tensor2D, Tensor2D[]] {
    let z = maskedMatMul(x, ctx.inputMask, this.kernel);
    if (this.bias != null) z = add(z, this.bias);
    z = add(z, maskedMatMul(h, ctx.recurrentMask, this.recurrentKernel));
    const out = this.activation.apply(z) as Tensor2D;
    return [out, [out]];
  }
}
