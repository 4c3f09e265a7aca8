import type { Layer, LayerConfig } from './layer.js';
import { Dense } from './layers/dense.js';
import { InputLayer } from './layers/input-layer.js';
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
  Dense,
  InputLayer,
  Sequential,
  Functional,
]);
