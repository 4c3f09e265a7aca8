import { RNN, type RNNOptions } from './rnn.js';
import { SimpleRNNCell, type SimpleRNNCellConfig } from './simple-rnn-cell.js';

/** Config of `SimpleRNN`: the cell's options and the loop's, flat, as Keras. */
export interface SimpleRNNConfig extends SimpleRNNCellConfig, RNNOptions {}

/**
 * The Elman recurrent layer, `h_t = activation(x_t·W + h_{t−1}·U + b)` over the time axis
 * (a {@link SimpleRNNCell} in an {@link RNN}).
 *
 * Shapes: `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * `returnSequences`; with `returnState`, followed by the state `[batch, units]`. Inputs, masks and initial
 * states as {@link RNN}.
 *
 * @example
 * const layer = new SimpleRNN({ units: 16, returnSequences: true });
 * const y = layer.apply(x); // [32, 10, 8] → [32, 10, 16]
 * @see Elman, "Finding structure in time", Cognitive Science 14 (1990).
 */
export class SimpleRNN extends RNN<SimpleRNNConfig> {
  static override readonly className: string = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(config: SimpleRNNConfig) {
    super(config, new SimpleRNNCell(cellConfig(config)));
  }

  /** The config with every default written out, as Keras (tfjs-layers' defaults differ). */
  override getConfig(): SimpleRNNConfig & { name: string; trainable: boolean } {
    return { ...DEFAULTS, ...super.getConfig() };
  }
}

const DEFAULTS: Partial<SimpleRNNConfig> = {
  activation: 'tanh',
  useBias: true,
  kernelInitializer: 'glorotUniform',
  recurrentInitializer: 'orthogonal',
  biasInitializer: 'zeros',
  dropout: 0,
  recurrentDropout: 0,
  returnSequences: false,
  returnState: false,
  goBackwards: false,
  stateful: false,
  unroll: false,
};

function cellConfig(config: SimpleRNNConfig): SimpleRNNCellConfig {
  const {
    name: _name,
    inputShape: _inputShape,
    returnSequences: _returnSequences,
    returnState: _returnState,
    goBackwards: _goBackwards,
    stateful: _stateful,
    unroll: _unroll,
    implementation: _implementation,
    ...rest
  } = config;
  return rest;
}
