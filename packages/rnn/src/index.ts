/**
 * `@strata/rnn`: recurrent cells (SimpleRNN, LSTM, GRU) with Keras weight layout, the `RNN`
 * loop (sequences, states, direction, statefulness, masking, dropout), `Bidirectional` and
 * `TimeDistributed`.
 */
export { Bidirectional, type BidirectionalConfig, type MergeMode } from './bidirectional.js';
export { GRU, type GRUConfig } from './gru.js';
export { GRUCell, type GRUCellConfig } from './gru-cell.js';
export { LSTM, type LSTMConfig } from './lstm.js';
export { LSTMCell, type LSTMCellConfig } from './lstm-cell.js';
export { registry } from './registry.js';
export { RNN, type RNNConfig, type RNNOptions } from './rnn.js';
export { RNNCell, type RNNCellConfig, type StepContext } from './rnn-cell.js';
export { SimpleRNN, type SimpleRNNConfig } from './simple-rnn.js';
export { SimpleRNNCell, type SimpleRNNCellConfig } from './simple-rnn-cell.js';
export { TimeDistributed, type TimeDistributedConfig } from './time-distributed.js';
