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
import { type AdaptData, channelMoments } from './channel-moments.js';
import { type PerChannel, perChannel } from './image-ops.js';

/** Config of `Normalization` (Keras names). */
export interface NormalizationConfig extends LayerConfig {
  /** The axis the statistics run along (the channels). Default −1. */
  axis?: number;
  /**
   * The mean, one number or one per entry of `axis`. Leave out, with `variance`, for a layer
   * that `adapt` will fit to data.
   */
  mean?: PerChannel;
  /** The variance (not the standard deviation), one number or one per entry of `axis`. */
  variance?: PerChannel;
  /** Undo the normalisation instead, `y = x · σ + μ`. Default false. */
  invert?: boolean;
}

/** Keras's floor on the standard deviation, so that a constant feature does not divide by 0. */
const MIN_STD = 1e-7;

/**
 * Standardises its input along `axis` with fixed statistics,
 * `y = (x − μ) / max(√σ², 1e-7)` (Keras's formula); the same at training and inference. The
 * statistics come from the config, or from data through `adapt` (as Keras's
 * `Normalization.adapt`). The function form, with a standard deviation, is `normalizeImages`.
 *
 * Shapes: `[batch, …]` → the same; `mean` and `variance` have the size of `axis`.
 *
 * @example
 * // CIFAR-10 channel statistics
 * new Normalization({ mean: [0.4914, 0.4822, 0.4465], variance: [0.061, 0.059, 0.068] });
 * // or learnt from the training images
 * const norm = new Normalization();
 * await norm.adapt(trainImages);
 */
export class Normalization extends Layer<NormalizationConfig> {
  static override readonly className = 'Normalization';
  /** The size of `axis`, once built. */
  private channels = 0;
  private stats: { mean: number[]; std: number[] } | null = null;
  private broadcastShape: number[] = [];

  constructor(config: NormalizationConfig = {}) {
    // A copy: `adapt` writes the statistics it learns into the config.
    super({ ...config });
    const subject = `Layer '${this.name}'`;
    if (!Number.isInteger(config.axis ?? -1)) {
      throw new ConfigError({
        subject,
        expected: 'axis, an integer',
        received: String(config.axis),
      });
    }
    if ((config.mean == null) !== (config.variance == null)) {
      throw new ConfigError({
        subject,
        expected: 'mean and variance together, or neither (then call adapt)',
        received: config.mean == null ? 'variance only' : 'mean only',
      });
    }
    if (config.mean == null) return;
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
    const variance = config.variance as PerChannel;
    if (!(typeof variance === 'number' ? [variance] : variance).every((v) => v >= 0)) {
      throw new ConfigError({
        subject,
        expected: 'variance ≥ 0',
        received: JSON.stringify(variance),
      });
    }
  }

  /**
   * Learns the mean and the (population) variance of `data` over every axis but `axis`, as
   * Keras's `Normalization.adapt`, and uses them from then on: they go into the config, so a
   * saved model carries them, exactly as if they had been given there. Adapting again replaces
   * them. May be called before the layer is built; once built, the data must have its channel
   * count.
   *
   * `data` has the batch axis first: a tensor, a nested number array, or batches — an array of
   * tensors or a `Dataset` (any async iterable) of tensors or `{ xs, ys }` pairs, whose tensors
   * are disposed once read (an array's stay the caller's). Batches are reduced one at a time on
   * the backend and merged in float64, so a data set larger than memory works and the result
   * equals the statistics of all batches concatenated.
   *
   * Unlike Keras's, this `adapt` is asynchronous (a data set is): await it before calling the
   * layer. Until it resolves the layer keeps its previous statistics, and keeps them if it fails.
   *
   * @example
   * const norm = new Normalization(); // axis −1: one mean and variance per channel
   * await norm.adapt(trainImages.batch(64)); // a Dataset of [64, h, w, c] batches
   */
  async adapt(data: AdaptData): Promise<void> {
    const subject = `Layer '${this.name}'`;
    const { mean, variance } = await channelMoments(subject, data, (shape) => {
      const axis = this.channelAxis(shape);
      if (this.built) this.checkChannels(shape, axis);
      return axis;
    });
    // The layer may have been built (called) while the data was read.
    if (this.built && mean.length !== this.channels) {
      throw new ShapeError({
        subject,
        expected: `adapt data with ${this.channels} channels (the layer is built for them)`,
        received: `${mean.length} channels`,
      });
    }
    this.config.mean = mean;
    this.config.variance = variance;
    if (this.built) this.useStats();
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    const axis = this.channelAxis(shape);
    const size = shape[axis] as number;
    this.channels = size;
    this.broadcastShape = shape.map((_, i) => (i === axis ? size : 1));
    this.inputSpec = {
      minRank: shape.length,
      axes: { [axis === shape.length - 1 ? -1 : axis]: size },
    };
    this.stats = null;
    if (this.config.mean != null) this.useStats();
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    if (this.stats == null) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'a mean and a variance, from the config or from `await layer.adapt(data)`',
        received: 'neither: the layer was called before being adapted',
      });
    }
    const x = cast(inputs, 'float32');
    const mean = tensor(this.stats.mean, this.broadcastShape);
    const std = tensor(this.stats.std, this.broadcastShape);
    return this.config.invert ? add(mul(x, std), mean) : div(sub(x, mean), std);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return inputShape as Shape;
  }

  /** `axis` as a non-negative index into `shape`; throws unless it names a sized non-batch axis. */
  private channelAxis(shape: readonly (number | null)[]): number {
    const given = this.config.axis ?? -1;
    const axis = given < 0 ? shape.length + given : given;
    if (axis < 1 || axis >= shape.length || shape[axis] == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input of rank ≥ 2 with a known size on axis ${given}`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    return axis;
  }

  private checkChannels(shape: number[], axis: number): void {
    if (shape[axis] !== this.channels) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `adapt data with ${this.channels} channels on axis ${this.config.axis ?? -1} (the layer is built for them)`,
        received: `shape ${formatShape(shape)}`,
      });
    }
  }

  /** Config, not weights (as in Keras when the statistics are given): they travel in model.json. */
  private useStats(): void {
    const subject = `Layer '${this.name}'`;
    const mean = perChannel(subject, 'mean', this.config.mean as PerChannel, this.channels);
    const variance = perChannel(
      subject,
      'variance',
      this.config.variance as PerChannel,
      this.channels,
    );
    this.stats = { mean, std: variance.map((v) => Math.max(Math.sqrt(v), MIN_STD)) };
  }
}
