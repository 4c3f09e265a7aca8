import type { Layer, LayerConfig } from './layer.js';
import { Activation } from './layers/activation.js';
import { Add } from './layers/add.js';
import { Average } from './layers/average.js';
import { Concatenate } from './layers/concatenate.js';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import { Embedding } from './layers/embedding.js';
import { Flatten } from './layers/flatten.js';
import { InputLayer } from './layers/input-layer.js';
import { LayerNormalization } from './layers/layer-normalization.js';
import { Multiply } from './layers/multiply.js';
import { Permute } from './layers/permute.js';
import { RepeatVector } from './layers/repeat-vector.js';
import { Reshape } from './layers/reshape.js';
import { Functional } from './models/functional.js';
import { Sequential } from './models/sequential.js';

/** A layer class as a registry holds it: constructible from its config, with its Keras name. */
export interface LayerClass {
  readonly className: string;
  new (config: never): Layer<LayerConfig>;
}

/**
 * The layer classes a package provides, by Keras class name. Loading a saved model resolves
 * every `class_name` through the registries it is given; nothing is registered globally.
 */
export interface LayerRegistry {
  /** The npm package that provides these classes, named in "unknown class" errors. */
  readonly package: string;
  readonly classes: Readonly<Record<string, LayerClass>>;
}

/** Builds a registry from classes, keyed by their `className`. */
export function defineRegistry(pkg: string, classes: LayerClass[]): LayerRegistry {
  return { package: pkg, classes: Object.fromEntries(classes.map((c) => [c.className, c])) };
}

/** The layers of `@strata/layers`. */
export const registry: LayerRegistry = defineRegistry('@strata/layers', [
  Activation,
  Add,
  Average,
  Concatenate,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  InputLayer,
  LayerNormalization,
  Multiply,
  Permute,
  RepeatVector,
  Reshape,
  Sequential,
  Functional,
]);
