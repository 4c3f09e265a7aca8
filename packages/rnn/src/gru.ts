import { GRUCell, type GRUCellConfig } from './gru-cell.js';
import { cellConfigOf, RECURRENT_DEFAULTS } from './layer-defaults.js';
import { RNN, type RNNOptions } from './rnn.js';

/** Config of `GRU`: the cell's options and the loop's, flat, as Keras. */
export interface GRUConfig extends GRUCellConfig, RNNOptions {}

/**
 * The GRU layer: {@link GRUCell} (gates z, r, h; `h_t = z⊙h_{t−1} + (1 − z)⊙ĥ`) run over
 * the time axis by {@link RNN}. `resetAfter` defaults to true, as Keras 3.
 *
 * Shapes: `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * `returnSequences`; with `returnState`, followed by the state `[batch, units]`. Inputs, masks and initial
 * states as {@link RNN}.
 *
 * @example
 * const layer = new GRU({ units: 16, returnSequences: true });
 * const y = layer.apply(x); // [32, 10, 8] → [32, 10, 16]
 * @see Cho et al., "Learning phrase representations using RNN encoder–decoder for statistical machine translation", EMNLP 2014.
 */
export class GRU extends RNN<GRUConfig> {
  static override readonly className: string = 'GRU';
  declare readonly cell: GRUCell;

  constructor(config: GRUConfig) {
    super(config, new GRUCell(cellConfigOf(config)));
  }

  /** The config with every default written out, as Keras (tfjs-layers' defaults differ). */
  override getConfig(): GRUConfig & { name: string; trainable: boolean } {
    return { ...DEFAULTS, ...super.getConfig() };
  }
}

const DEFAULTS: Partial<GRUConfig> = {
  ...RECURRENT_DEFAULTS,
  recurrentActivation: 'sigmoid',
  resetAfter: true,
};
