/**
 * `@strata/layers`: the Layer/Model contract, Sequential and functional models, core layers
 * and activations.
 */
export {
  ACTIVATION_NAMES,
  // The function type; the name `Activation` belongs to the Keras layer class.
  type Activation as ActivationFunction,
  type ActivationName,
  type FusedActivation,
  getActivation,
  kerasActivationName,
} from './activations.js';
export {
  modelFromArtifacts,
  modelToArtifacts,
  SHARD_BYTES,
  toModelJson,
} from './io/artifacts.js';
export {
  type FileSystemHandlerOptions,
  fileSystemHandler,
} from './io/file-system-handler.js';
export { loadModel } from './io/load-model.js';
export { type LoadOptions, modelFromTopology } from './io/model-from-topology.js';
export { type ModelTopology, toModelTopology } from './io/model-topology.js';
export { type ModelLocation, resolveHandler } from './io/resolve-handler.js';
export { type SaveResult, saveModel, saveToMemory } from './io/save-model.js';
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
export { Activation, type ActivationConfig } from './layers/activation.js';
export { Add, type AddConfig } from './layers/add.js';
export { Average, type AverageConfig } from './layers/average.js';
export { Concatenate, type ConcatenateConfig } from './layers/concatenate.js';
export { Dense, type DenseConfig } from './layers/dense.js';
export { Dropout, type DropoutConfig } from './layers/dropout.js';
export { Embedding, type EmbeddingConfig } from './layers/embedding.js';
export { Flatten, type FlattenConfig } from './layers/flatten.js';
export {
  InputLayer,
  type InputLayerConfig,
  type InputOptions,
  input,
} from './layers/input-layer.js';
export {
  LayerNormalization,
  type LayerNormalizationConfig,
} from './layers/layer-normalization.js';
export { Merge } from './layers/merge.js';
export { Multiply, type MultiplyConfig } from './layers/multiply.js';
export { Permute, type PermuteConfig } from './layers/permute.js';
export { RepeatVector, type RepeatVectorConfig } from './layers/repeat-vector.js';
export { Reshape, type ReshapeConfig } from './layers/reshape.js';
export {
  type BinaryCrossentropyOptions,
  binaryCrossentropy,
  type CategoricalCrossentropyOptions,
  type CosineSimilarityOptions,
  categoricalCrossentropy,
  cosineSimilarity,
  defineLoss,
  getLoss,
  type HingeOptions,
  type HuberOptions,
  hinge,
  huber,
  type KLDivergenceOptions,
  klDivergence,
  LOSS_NAMES,
  type Loss,
  type LossConfig,
  type LossDefinition,
  type LossFunction,
  type LossIdentifier,
  type LossLike,
  type LossReduction,
  type MeanAbsoluteErrorOptions,
  type MeanSquaredErrorOptions,
  meanAbsoluteError,
  meanSquaredError,
  type SerializedLoss,
  type SparseCategoricalCrossentropyOptions,
  type SquaredHingeOptions,
  sparseCategoricalCrossentropy,
  squaredHinge,
} from './losses/index.js';
export { Functional, type FunctionalConfig, model } from './models/functional.js';
export { Model, type PredictOptions, type SummaryRow } from './models/model.js';
export { Sequential, type SequentialConfig, sequential } from './models/sequential.js';
export { defineRegistry, type LayerClass, type LayerRegistry, registry } from './registry.js';
export type { Shape, ShapeLike } from './shape.js';
export { type Node, SymbolicTensor } from './symbolic-tensor.js';
export type { BatchEnd, Callback, Logs, TrainBegin } from './training/callbacks/callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './training/callbacks/early-stopping.js';
export { History } from './training/callbacks/history.js';
export {
  type EpochSchedule,
  LearningRateScheduler,
} from './training/callbacks/learning-rate-scheduler.js';
export {
  ModelCheckpoint,
  type ModelCheckpointOptions,
} from './training/callbacks/model-checkpoint.js';
export type { MonitorMode } from './training/callbacks/monitor.js';
export {
  defaultProgress,
  ProgressBar,
  type ProgressBarOptions,
  type ProgressInfo,
  type ProgressStream,
} from './training/callbacks/progress-bar.js';
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './training/callbacks/reduce-lr-on-plateau.js';
export {
  TerminateOnNaN,
  type TerminateOnNaNOptions,
} from './training/callbacks/terminate-on-nan.js';
export type { DatasetBatch, EvaluateOptions, FitOptions } from './training/fit.js';
export {
  getOptimizer,
  type OptimizerIdentifier,
  setLearningRate,
} from './training/get-optimizer.js';
export type { ClassWeight, CompileArgs } from './training/trainer.js';
