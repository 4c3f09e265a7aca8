import {
  add,
  ConfigError,
  cast,
  div,
  formatShape,
  mul,
  ShapeError,
  sub,
  type Tensor,
  tensor,
} from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';
import { type PerChannel, perChannel } from './image-ops.js';

/** Config of `Normalization` (Keras names). */
export interface NormalizationConfig extends LayerConfig {
  /** The axis the statistics run along (the channels). Default −1. */
  axis?: number;
  /** The mean, one number or one per entry of `axis`. */
  mean: PerChannel;
  /** The variance (not the standard deviation), one number or one per entry of `axis`. */
  variance: PerChannel;
  /** Undo the normalisation instead, `y = x · σ + μ`. Default false. */
  invert?: boolean;
}

/** Keras's floor on the standard deviation, so that a constant feature does not divide by 0. */
const MIN_STD = 1e-7;

/**
 * Standardises its input along `axis` with fixed statistics,
 * `y = (x − μ) / max(√σ², 1e-7)` (Keras's formula); the same at training and inference. The
 * function form, with a standard deviation, is `normalizeImages`.
 *
 * Shapes: `[batch, …]` → the same; `mean` and `variance` have the size of `axis`.
 *
 * @example
 * // CIFAR-10 channel statistics
 * new Normalization({ mean: [0.4914, 0.4822, 0.4465], variance: [0.061, 0.059, 0.068] });
 */
export class Normalization extends Layer<NormalizationConfig> {
  static override readonly className = 'Normalization';
  private mean: number[] = [];
  private std: number[] = [];
  private broadcastShape: number[] = [];

  constructor(config: NormalizationConfig) {
    super(config);
    const subject = `Layer '${this.name}'`;
    if (!Number.isInteger(config.axis ?? -1)) {
      throw new ConfigError({
        subject,
        expected: 'axis, an integer',
        received: String(config.axis),
      });
    }
    for (const option of ['mean', 'variance'] as const) {
      const value = config[option];
      const ok = typeof value === 'number' || (Array.isArray(value) && value.length > 0);
      if (!ok) {
        throw new ConfigError({
          subject,
          expected: `${option}, a number or a list of numbers`,
          received: JSON.stringify(value) ?? 'undefined',
        });
      }
    }
    const variance = config.variance;
    if (!(typeof variance === 'number' ? [variance] : variance).every((v) => v >= 0)) {
      throw new ConfigError({
        subject,
        expected: 'variance ≥ 0',
        received: JSON.stringify(variance),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    const given = this.config.axis ?? -1;
    const axis = given < 0 ? shape.length + given : given;
    const size = shape[axis];
    if (axis < 1 || axis >= shape.length || size == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input of rank ≥ 2 with a known size on axis ${given}`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    const subject = `Layer '${this.name}'`;
    const mean = perChannel(subject, 'mean', this.config.mean, size);
    const variance = perChannel(subject, 'variance', this.config.variance, size);
    // Config, not weights (as in Keras when the statistics are given): they travel in
    // model.json, and become tensors inside each call.
    this.mean = mean;
    this.std = variance.map((v) => Math.max(Math.sqrt(v), MIN_STD));
    this.broadcastShape = shape.map((_, i) => (i === axis ? size : 1));
    this.inputSpec = {
      minRank: shape.length,
      axes: { [axis === shape.length - 1 ? -1 : axis]: size },
    };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const x = cast(inputs, 'float32');
    const mean = tensor(this.mean, this.broadcastShape);
    const std = tensor(this.std, this.broadcastShape);
    return this.config.invert ? add(mul(x, std), mean) : div(sub(x, mean), std);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return inputShape as Shape;
  }
}
