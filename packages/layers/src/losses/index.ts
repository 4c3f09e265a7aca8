/** The losses: per-sample values for the training loop, their weighted mean, and `getLoss`. */
export {
  type BinaryCrossentropyOptions,
  binaryCrossentropy,
} from './binary-crossentropy.js';
export {
  type CategoricalCrossentropyOptions,
  categoricalCrossentropy,
} from './categorical-crossentropy.js';
export { type CosineSimilarityOptions, cosineSimilarity } from './cosine-similarity.js';
export {
  getLoss,
  LOSS_NAMES,
  type LossIdentifier,
  type LossLike,
  type SerializedLoss,
} from './get-loss.js';
export { type HingeOptions, hinge } from './hinge.js';
export { type HuberOptions, huber } from './huber.js';
export { type KLDivergenceOptions, klDivergence } from './kl-divergence.js';
export {
  defineLoss,
  type Loss,
  type LossConfig,
  type LossDefinition,
  type LossFunction,
  type LossReduction,
} from './loss.js';
export { type MeanAbsoluteErrorOptions, meanAbsoluteError } from './mean-absolute-error.js';
export { type MeanSquaredErrorOptions, meanSquaredError } from './mean-squared-error.js';
export {
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparse-categorical-crossentropy.js';
export { type SquaredHingeOptions, squaredHinge } from './squared-hinge.js';
