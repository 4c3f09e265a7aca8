import type { RNNOptions } from './rnn.js';

/**
 * The defaults every recurrent layer writes into its saved config, as Keras does (tfjs-layers'
 * own defaults differ — glorotNormal, hard_sigmoid — so leaving them out would change a model
 * when tfjs-layers loads it).
 */
export const RECURRENT_DEFAULTS = {
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
} as const;

/** The cell's part of a flat layer config: everything but the loop's and the layer's own keys. */
export function cellConfigOf<C>(
  config: C & RNNOptions & { name?: string; inputShape?: unknown },
): C {
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
  return rest as C;
}
