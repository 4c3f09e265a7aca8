import {
  ConfigError,
  cast,
  div,
  formatShape,
  mul,
  reshape,
  type Scalar,
  ShapeError,
  scalar,
  sum,
  type Tensor,
  tidy,
} from '@strata/core';

/*
 * The loss contract, in one place.
 *
 * - `perSample(yTrue, yPred)` is the math: one value per sample (per time step for
 *   `[batch, time, …]` inputs), reduced over the last axis as Keras does, never over the batch.
 *   It checks shapes and throws a ShapeError naming the loss and both shapes.
 * - `compute(yTrue, yPred, sampleWeight?)` is Keras's default reduction,
 *   'sum_over_batch_size': `Σᵢ wᵢ·lᵢ / n`, where `n` is the number of per-sample values
 *   (the batch size for `[batch]` losses) — the sum of the weights is *not* the divisor.
 * - `name` is the Keras loss name (`'categorical_crossentropy'`), `className` the Keras class
 *   (`'CategoricalCrossentropy'`), and `getConfig()` the options in camelCase: `getLoss` accepts
 *   the name, or `{ className, config }`, and gives the same loss back.
 * - Both methods run inside `tidy` and never read tensors back (no `dataSync`), so a training
 *   loop can call them every batch and take gradients through them.
 */

/** Keras's `backend.epsilon()`: probabilities are clipped to `[ε, 1 − ε]` before a log. */
export const EPSILON = 1e-7;

/** The reduction `compute` applies: Keras's default and the only one here. */
export type LossReduction = 'sum_over_batch_size';

/** What `getConfig` returns: the loss's name, its reduction, and its options in camelCase. */
export interface LossConfig {
  name: string;
  reduction: LossReduction;
  [option: string]: unknown;
}

/** A loss as a plain function of `(yTrue, yPred)`, returning per-sample values. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A loss: the per-sample values for a training loop, and their weighted mean. */
export interface Loss {
  /** The Keras name, e.g. `'categorical_crossentropy'`; also the name in logs. */
  readonly name: string;
  /** The Keras class name, e.g. `'CategoricalCrossentropy'`. */
  readonly className: string;
  /**
   * The loss of every sample, with no reduction over the batch.
   *
   * Shapes: `[batch, …, d]` → `[batch, …]` (reduced over the last axis as Keras does).
   */
  perSample(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * The weighted mean as a scalar: `Σᵢ wᵢ·lᵢ / n` over the `n` per-sample values
   * (Keras's 'sum_over_batch_size'). `sampleWeight` is `[batch]`, `[batch, 1]` or the shape of
   * the per-sample values; without it every weight is 1.
   */
  compute(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar;
  /** The options this loss was made with, camelCase, with `name` and `reduction`. */
  getConfig(): LossConfig;
}

/** What `defineLoss` needs. */
export interface LossDefinition {
  name: string;
  /** Default: `'LossFunctionWrapper'`, Keras's class for a wrapped function. */
  className?: string;
  /** The options `getConfig` reports besides `name` and `reduction`. */
  config?: Record<string, unknown>;
  perSample: LossFunction;
}

/**
 * Makes a `Loss` from its per-sample function: adds `tidy`, the weighted mean `compute`, and
 * `getConfig`. The built-in losses are made this way, and so can custom ones.
 *
 * @example
 * const logCosh = defineLoss({
 *   name: 'log_cosh',
 *   perSample: (yTrue, yPred) => mean(log(cosh(sub(yPred, yTrue))), -1),
 * });
 */
export function defineLoss({
  name,
  className = 'LossFunctionWrapper',
  config = {},
  perSample,
}: LossDefinition): Loss {
  const subject = lossSubject(name);
  const frozenConfig = { ...config };
  return {
    name,
    className,
    perSample: (yTrue, yPred) => tidy(() => perSample(yTrue, yPred)),
    compute: (yTrue, yPred, sampleWeight) =>
      tidy(() => weightedMean(perSample(yTrue, yPred), sampleWeight, subject)),
    getConfig: () => ({ name, reduction: 'sum_over_batch_size', ...frozenConfig }),
  };
}

/** The subject of a loss's error messages: `Loss 'mean_squared_error'`. */
export function lossSubject(name: string): string {
  return `Loss '${name}'`;
}

/**
 * Keras's 'sum_over_batch_size' reduction: `Σ wᵢ·lᵢ / n` over the `n` elements of `losses`
 * (0 for an empty batch). A `[batch]` weight is expanded to `[batch, 1, …]` for
 * `[batch, time]` losses, and a `[batch, 1]` weight squeezed for `[batch]` losses.
 */
export function weightedMean(losses: Tensor, sampleWeight: Tensor | undefined, subject: string) {
  return tidy(() => {
    let weighted = losses;
    if (sampleWeight != null) {
      weighted = mul(losses, alignWeight(sampleWeight, losses.shape, subject));
    }
    if (losses.size === 0) return scalar(0);
    return div(sum(weighted), losses.size) as Scalar;
  });
}

function alignWeight(weight: Tensor, lossShape: number[], subject: string): Tensor {
  let shape = weight.shape;
  if (shape.length === lossShape.length + 1 && shape[shape.length - 1] === 1) {
    shape = shape.slice(0, -1);
  }
  // Trailing ones, so that a [batch] weight scales every step of a [batch, time] loss (numpy
  // broadcasting would align it with the last axis instead).
  while (shape.length < lossShape.length) shape = [...shape, 1];
  const fits =
    shape.length === lossShape.length && shape.every((d, i) => d === lossShape[i] || d === 1);
  if (!fits) {
    throw new ShapeError({
      subject,
      expected: `sampleWeight of shape [batch], [batch, 1] or ${formatShape(lossShape)} (the per-sample loss)`,
      received: formatShape(weight.shape),
    });
  }
  const w = weight.dtype === 'float32' ? weight : cast(weight, 'float32');
  return shape.length === w.shape.length && shape.every((d, i) => d === w.shape[i])
    ? w
    : reshape(w, shape);
}

/** Throws a ConfigError unless `labelSmoothing` is a number in [0, 1]. */
export function checkLabelSmoothing(subject: string, labelSmoothing: number): void {
  if (!(typeof labelSmoothing === 'number' && labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ConfigError({
      subject,
      expected: 'labelSmoothing in [0, 1]',
      received: String(labelSmoothing),
    });
  }
}
