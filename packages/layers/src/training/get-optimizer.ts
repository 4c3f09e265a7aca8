import { AdamW, ConfigError, type Optimizer, train } from '@strata/core';

/** An optimizer by Keras name, or a tfjs/Strata optimizer object. */
export type OptimizerIdentifier =
  | 'sgd'
  | 'adam'
  | 'adamw'
  | 'rmsprop'
  | 'adagrad'
  | 'adadelta'
  | 'adamax'
  | Optimizer;

// Keras 3 defaults (learning rates, ε = 1e-7), so that 'adam' means what it means in Keras.
const FACTORIES: Record<Exclude<OptimizerIdentifier, Optimizer>, () => Optimizer> = {
  sgd: () => train.sgd(0.01),
  adam: () => train.adam(0.001, 0.9, 0.999, 1e-7),
  adamw: () => new AdamW(),
  rmsprop: () => train.rmsprop(0.001, 0.9, 0, 1e-7),
  adagrad: () => train.adagrad(0.001, 0.1),
  adadelta: () => train.adadelta(0.001, 0.95, 1e-7),
  adamax: () => train.adamax(0.001, 0.9, 0.999, 1e-7),
};

/**
 * Resolves `compile`'s `optimizer`: a Keras name (any case, e.g. `'Adam'`) with Keras's
 * default settings, or an optimizer object, used as is.
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  if (typeof identifier !== 'string') return identifier;
  const factory = FACTORIES[identifier.toLowerCase() as keyof typeof FACTORIES];
  if (factory == null) {
    throw new ConfigError({
      subject: 'compile',
      expected: `an optimizer, one of ${Object.keys(FACTORIES).join(', ')}`,
      received: `'${identifier}'`,
    });
  }
  return factory();
}

/** The optimizer's current learning rate, where it has one. */
export function getLearningRate(optimizer: Optimizer): number | undefined {
  const lr = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof lr === 'number' ? lr : undefined;
}

/**
 * Sets the learning rate of tfjs's optimizers and AdamW. Most read `learningRate` on every
 * step; SGD and momentum keep `−learningRate` as a tensor, renewed by their `setLearningRate`.
 */
export function setLearningRate(optimizer: Optimizer, value: number): void {
  const target = optimizer as unknown as {
    learningRate?: unknown;
    setLearningRate?: (value: number) => void;
  };
  if (typeof target.learningRate !== 'number') {
    throw new ConfigError({
      subject: `Optimizer '${optimizer.getClassName()}'`,
      expected: 'a numeric learning rate to set',
      received: 'a learning-rate schedule or none',
    });
  }
  if (typeof target.setLearningRate === 'function') target.setLearningRate(value);
  else target.learningRate = value;
}
