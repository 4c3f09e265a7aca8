import { cellConfigOf, RECURRENT_DEFAULTS } from './layer-defaults.js';
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
    super(config, new SimpleRNNCell(cellConfigOf(config)));
  }

  /** The config with every default written out, as Keras (tfjs-layers' defaults differ). */
  override getConfig(): SimpleRNNConfig & { name: string; trainable: boolean } {
    return { ...DEFAULTS, ...super.getConfig() };
  }
}

const DEFAULTS: Partial<SimpleRNNConfig> = {
  ...RECURRENT_DEFAULTS,
};
