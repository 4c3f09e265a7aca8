import { ConfigError, reshape, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '@strata/layers';
import { isShape, type Shape, type ShapeLike } from './rnn-cell.js';

/** Config of `TimeDistributed`. */
export interface TimeDistributedConfig extends LayerConfig {
  /** The layer applied to every time step (one set of weights for all steps). */
  layer: Layer;
}

/**
 * Applies one layer to every time step: `y[:, t] = layer(x[:, t])`, computed as one call on
 * the batch and time axes merged. Its weights are saved as tfjs-layers does:
 * `<time_distributed>/kernel`.
 *
 * Shapes: `[batch, time, …features]` → `[batch, time, …layer output]`.
 *
 * @example
 * const td = new TimeDistributed({ layer: new Dense({ units: 5 }) });
 * const y = td.apply(x); // [32, 10, 8] → [32, 10, 5]
 * @see Keras's `TimeDistributed` wrapper (keras.io/api/layers/recurrent_layers/time_distributed).
 */
export class TimeDistributed extends Layer<TimeDistributedConfig> {
  static override readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(config: TimeDistributedConfig) {
    super(config);
    if (!(config.layer instanceof Layer)) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'a layer to wrap',
        received: String(config.layer),
      });
    }
    this.layer = config.layer;
  }

  override build(inputShape: ShapeLike): void {
    const shape = this.shapeOf(inputShape);
    this.layer.ensureBuilt([null, ...shape.slice(2)]);
    for (const w of this.layer.weights) {
      w.path = `${this.name}/${w.path.slice(w.path.indexOf('/') + 1)}`;
    }
    this.inputSpec = { minRank: 3 };
  }

  override call(inputs: LayerInputs, ctx: CallContext): Tensor {
    const x = inputs as Tensor;
    const [batch, time, ...rest] = x.shape;
    const merged = reshape(x, [batch * time, ...rest]);
    const y = this.layer.call(merged, { ...ctx, mask: null }) as Tensor;
    return reshape(y, [batch, time, ...y.shape.slice(1)]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, time, ...rest] = this.shapeOf(inputShape);
    const inner = this.layer.computeOutputShape([null, ...rest]) as Shape;
    return [batch, time, ...inner.slice(1)];
  }

  private shapeOf(inputShape: ShapeLike): Shape {
    if (!isShape(inputShape) || inputShape.length < 3) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'one input of rank ≥ 3, [batch, time, …]',
        received: JSON.stringify(inputShape),
      });
    }
    return inputShape;
  }
}
