/**
 * `@strata/layers`: the Layer/Model contract, Sequential and functional models, core layers
 * and activations.
 */
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  type FusedActivation,
  getActivation,
  kerasActivationName,
} from './activations.js';
export {
  type ApplyOptions,
  type CallContext,
  type InputSpec,
  Layer,
  type LayerConfig,
  type LayerInputs,
  type LayerOutputs,
  type LayerWeight,
} from './layer.js';
export { Dense, type DenseConfig } from './layers/dense.js';
export {
  InputLayer,
  type InputLayerConfig,
  type InputOptions,
  input,
} from './layers/input-layer.js';
export { Functional, type FunctionalConfig, model } from './models/functional.js';
export { Model, type PredictOptions, type SummaryRow } from './models/model.js';
export { Sequential, type SequentialConfig, sequential } from './models/sequential.js';
export { defineRegistry, type LayerClass, type LayerRegistry, registry } from './registry.js';
export type { Shape, ShapeLike } from './shape.js';
export { type Node, SymbolicTensor } from './symbolic-tensor.js';
