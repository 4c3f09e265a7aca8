import { cellConfigOf, RECURRENT_DEFAULTS } from './layer-defaults.js';
import { LSTMCell, type LSTMCellConfig } from './lstm-cell.js';
import { RNN, type RNNOptions } from './rnn.js';

/** Config of `LSTM`: the cell's options and the loop's, flat, as Keras. */
export interface LSTMConfig extends LSTMCellConfig, RNNOptions {}

/**
 * The LSTM layer: {@link LSTMCell} (gates i, f, c, o; `c_t = f⊙c_{t−1} + i⊙tanh(ĉ)`,
 * `h_t = o⊙tanh(c_t)`) run over the time axis by {@link RNN}.
 *
 * Shapes: `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * `returnSequences`; with `returnState`, followed by the states h and c, each `[batch, units]`. Inputs, masks and initial
 * states as {@link RNN}.
 *
 * @example
 * const layer = new LSTM({ units: 16, returnSequences: true });
 * const y = layer.apply(x); // [32, 10, 8] → [32, 10, 16]
 * @see Hochreiter & Schmidhuber, "Long short-term memory", Neural Computation 9 (1997).
 */
export class LSTM extends RNN<LSTMConfig> {
  static override readonly className: string = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(config: LSTMConfig) {
    super(config, new LSTMCell(cellConfigOf(config)));
  }

  /** The config with every default written out, as Keras (tfjs-layers' defaults differ). */
  override getConfig(): LSTMConfig & { name: string; trainable: boolean } {
    return { ...DEFAULTS, ...super.getConfig() };
  }
}

const DEFAULTS: Partial<LSTMConfig> = {
  ...RECURRENT_DEFAULTS,
  recurrentActivation: 'sigmoid',
  unitForgetBias: true,
};
