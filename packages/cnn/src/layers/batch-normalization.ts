import {
  add,
  ConfigError,
  formatShape,
  type InitializerIdentifier,
  moments,
  mul,
  reshape,
  rsqrt,
  ShapeError,
  sub,
  type Tensor,
  type Variable,
} from '@strata/core';
import {
  type CallContext,
  Layer,
  type LayerConfig,
  type Shape,
  type ShapeLike,
} from '@strata/layers';

/** Config of `BatchNormalization` (Keras names and defaults). */
export interface BatchNormalizationConfig extends LayerConfig {
  /**
   * The features axis, kept; every other axis is averaged over. Default −1 (channels-last).
   * A one-entry list (`[3]`, as Keras 2 files write it after build) means its entry.
   */
  axis?: number | [number];
  /** How much of the moving statistics each training batch keeps. Default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-3. */
  epsilon?: number;
  /** Add the learned offset `beta`. Default true. */
  center?: boolean;
  /** Multiply by the learned scale `gamma`. Default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
}

/**
 * Normalises each feature over the batch, `y = γ ⊙ (x − μ) / √(σ² + ε) + β`. While training
 * (`ctx.training`), μ and σ² are the mean and (biased, as Keras 3) variance of the batch over
 * every axis but `axis`, and the moving statistics follow them,
 * `moving = momentum · moving + (1 − momentum) · batch`, assigned inside the call so that no
 * value is read back; at inference μ and σ² are the moving statistics.
 *
 * Shapes: `[batch, …, features]` → the same; `gamma`, `beta`, `moving_mean` and
 * `moving_variance` are `[features]` (the size of `axis`); the last two are not trainable.
 *
 * @example
 * const norm = new BatchNormalization();
 * const y = norm.apply(x, { training: true }); // [32, 28, 28, 16], statistics per channel
 * @see Ioffe and Szegedy, "Batch Normalization", 2015. https://arxiv.org/abs/1502.03167
 */
export class BatchNormalization extends Layer<BatchNormalizationConfig> {
  static override readonly className = 'BatchNormalization';
  gamma: Tensor | null = null;
  beta: Tensor | null = null;
  movingMean!: Variable;
  movingVariance!: Variable;
  /** The features axis, as given (negative counts from the end). */
  private readonly axis: number;
  /** The axes averaged over. */
  private reduceAxes: number[] = [];
  /** The weights' shape broadcast against the input: 1 except on `axis`. */
  private broadcastShape: number[] = [];

  constructor(config: BatchNormalizationConfig = {}) {
    super(config);
    const subject = `Layer '${this.name}'`;
    const { momentum = 0.99, epsilon = 1e-3 } = config;
    const axis =
      Array.isArray(config.axis) && config.axis.length === 1 ? config.axis[0] : config.axis;
    if (!Number.isInteger(axis ?? -1)) {
      throw new ConfigError({
        subject,
        expected: 'axis, an integer or a list of one integer',
        received: JSON.stringify(config.axis),
      });
    }
    this.axis = (axis as number | undefined) ?? -1;
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new ConfigError({
        subject,
        expected: 'momentum in [0, 1]',
        received: String(momentum),
      });
    }
    if (!(epsilon > 0)) {
      throw new ConfigError({ subject, expected: 'epsilon > 0', received: String(epsilon) });
    }
  }

  override build(inputShape: ShapeLike): void {
    const shape = inputShape as Shape;
    const given = this.axis;
    const axis = given < 0 ? shape.length + given : given;
    const size = shape[axis];
    if (axis < 1 || axis >= shape.length || size == null) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `an input of rank ≥ 2 with a known size on axis ${given}`,
        received: `shape ${formatShape(shape)}`,
      });
    }
    this.reduceAxes = shape.map((_, i) => i).filter((i) => i !== axis);
    this.broadcastShape = shape.map((_, i) => (i === axis ? size : 1));
    const { center = true, scale = true } = this.config;
    if (scale) this.gamma = this.addWeight('gamma', [size], this.config.gammaInitializer ?? 'ones');
    if (center) this.beta = this.addWeight('beta', [size], this.config.betaInitializer ?? 'zeros');
    this.movingMean = this.addWeight(
      'moving_mean',
      [size],
      this.config.movingMeanInitializer ?? 'zeros',
      { trainable: false },
    );
    this.movingVariance = this.addWeight(
      'moving_variance',
      [size],
      this.config.movingVarianceInitializer ?? 'ones',
      { trainable: false },
    );
    this.inputSpec = {
      minRank: shape.length,
      axes: { [axis === shape.length - 1 ? -1 : axis]: size },
    };
  }

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training) return this.normalize(inputs, this.movingMean, this.movingVariance);
    const { mean, variance } = moments(inputs, this.reduceAxes);
    const momentum = this.config.momentum ?? 0.99;
    const follow = (moving: Variable, batch: Tensor) =>
      add(mul(moving, momentum), mul(batch, 1 - momentum));
    this.movingMean.assign(follow(this.movingMean, mean));
    this.movingVariance.assign(follow(this.movingVariance, variance));
    return this.normalize(inputs, mean, variance);
  }

  private normalize(x: Tensor, mean: Tensor, variance: Tensor): Tensor {
    const shape = this.broadcastShape;
    let inv = rsqrt(add(reshape(variance, shape), this.config.epsilon ?? 1e-3));
    if (this.gamma != null) inv = mul(inv, reshape(this.gamma, shape));
    const y = mul(sub(x, reshape(mean, shape)), inv);
    return this.beta == null ? y : add(y, reshape(this.beta, shape));
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return inputShape as Shape;
  }
}
