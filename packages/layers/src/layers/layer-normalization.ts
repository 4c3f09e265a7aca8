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
} from '@strata/core';
import { type CallContext, Layer, type LayerConfig } from '../layer.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';

/** Config of `LayerNormalization`. */
export interface LayerNormalizationConfig extends LayerConfig {
  /** The axis or axes to normalise over, batch included (never 0); default −1, the features. */
  axis?: number | number[];
  /** Added to the variance before the square root. Default 1e-3 (Keras). */
  epsilon?: number;
  /** Add the learned offset `beta`. Default true. */
  center?: boolean;
  /** Multiply by the learned scale `gamma`. Default true. */
  scale?: boolean;
  gammaInitializer?: InitializerIdentifier;
  betaInitializer?: InitializerIdentifier;
}

/**
 * Normalises each sample over `axis`: `y = γ ⊙ (x − μ) / √(σ² + ε) + β`, where μ and σ² are
 * the mean and (biased) variance of the sample over the normalised axes, and γ, β are weights
 * shaped by those axes. Unlike batch normalisation it keeps no statistics, so training and
 * inference compute the same thing. Masks pass through.
 *
 * Shapes: `[batch, …, features]` → `[batch, …, features]`; `gamma` and `beta` are `[features]`
 * (for `axis: -1`), or the sizes of the axes in `axis`.
 *
 * @example
 * const norm = new LayerNormalization({ epsilon: 1e-6 });
 * const y = norm.apply(x); // [32, 10, 64]: each of the 320 vectors to mean 0, variance 1
 * @see Ba, Kiros and Hinton, "Layer Normalization", 2016. https://arxiv.org/abs/1607.06450
 */
export class LayerNormalization extends Layer<LayerNormalizationConfig> {
  static override readonly className = 'LayerNormalization';
  gamma: Tensor | null = null;
  beta: Tensor | null = null;
  /** The normalised axes, non-negative and sorted, once built. */
  private axes: number[] = [];
  /** The weights' shape broadcast against the input: 1 on the axes not normalised. */
  private broadcastShape: number[] = [];

  constructor(config: LayerNormalizationConfig = {}) {
    super(config);
    const axis = config.axis ?? -1;
    const axes = Array.isArray(axis) ? axis : [axis];
    if (axes.length === 0 || !axes.every(Number.isInteger)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'axis, an integer or a non-empty list of integers',
        received: JSON.stringify(axis),
      });
    }
    const epsilon = config.epsilon ?? 1e-3;
    if (!(epsilon > 0)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'epsilon > 0',
        received: String(epsilon),
      });
    }
  }

  override build(inputShape: ShapeLike): void {
    const shape = singleShape(this.name, inputShape);
    const rank = shape.length;
    const given = this.config.axis ?? -1;
    const axes = (Array.isArray(given) ? given : [given]).map((a) => (a < 0 ? rank + a : a));
    const fail = (expected: string) =>
      new ShapeError({
        subject: `Layer '${this.name}'`,
        expected,
        received: `shape ${formatShape(shape)}`,
      });
    if (axes.some((a) => a < 1 || a >= rank) || new Set(axes).size !== axes.length) {
      throw fail(`an input with distinct non-batch axes ${JSON.stringify(given)} (rank ≥ 2)`);
    }
    this.axes = axes.sort((a, b) => a - b);
    const sizes = this.axes.map((a) => shape[a]);
    if (sizes.some((d) => d == null)) {
      throw fail(`known sizes on the normalised axes ${JSON.stringify(given)}`);
    }
    const paramShape = sizes as number[];
    this.broadcastShape = shape.map((d, i) => (this.axes.includes(i) ? (d as number) : 1));
    const { center = true, scale = true } = this.config;
    if (scale) {
      this.gamma = this.addWeight('gamma', paramShape, this.config.gammaInitializer ?? 'ones');
    }
    if (center) {
      this.beta = this.addWeight('beta', paramShape, this.config.betaInitializer ?? 'zeros');
    }
    this.inputSpec = {
      minRank: rank,
      axes: Object.fromEntries(this.axes.map((a) => [a === rank - 1 ? -1 : a, shape[a] as number])),
    };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const { mean, variance } = moments(inputs, this.axes, true);
    let inv = rsqrt(add(variance, this.config.epsilon ?? 1e-3));
    if (this.gamma != null) inv = mul(inv, reshape(this.gamma, this.broadcastShape));
    const y = mul(sub(inputs, mean), inv);
    return this.beta == null ? y : add(y, reshape(this.beta, this.broadcastShape));
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    return singleShape(this.name, inputShape);
  }
}
