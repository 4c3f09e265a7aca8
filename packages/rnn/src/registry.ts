import { defineRegistry, type LayerRegistry } from '@strata/layers';
import { Bidirectional } from './bidirectional.js';
import { GRU } from './gru.js';
import { GRUCell } from './gru-cell.js';
import { LSTM } from './lstm.js';
import { LSTMCell } from './lstm-cell.js';
import { RNN } from './rnn.js';
import { SimpleRNN } from './simple-rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';
import { TimeDistributed } from './time-distributed.js';

/** The layers of `@strata/rnn`, for `loadModel(path, { registries: [registry] })`. */
export const registry: LayerRegistry = defineRegistry('@strata/rnn', [
  SimpleRNNCell,
  LSTMCell,
  GRUCell,
  RNN,
  SimpleRNN,
  LSTM,
  GRU,
  Bidirectional,
  TimeDistributed,
]);
