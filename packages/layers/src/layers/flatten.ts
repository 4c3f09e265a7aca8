import { ConfigError, reshape, type Tensor, transpose } from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import { type Shape, type ShapeLike, singleShape, sizeOf } from '../shape.js';

/** Config of `Flatten`. */
export interface FlattenConfig extends LayerConfig {
  /**
   * Where the channels are in inputs of rank ≥ 3: `'channelsFirst'` moves them last before
   * flattening, so the order matches a channels-last model. Default `'channelsLast'`.
   */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Flattens every sample to a vector, `y[b] = vec(x[b])` in row-major order. An input of rank 1
 * becomes `[batch, 1]` (as in Keras; tfjs-layers requires rank ≥ 3). Drops the mask: a
 * `[batch, time]` mask means nothing after the time axis is gone.
 *
 * Shapes: `[batch, d1, …, dn]` → `[batch, d1·…·dn]`.
 *
 * @example
 * const y = new Flatten().apply(images); // [32, 28, 28, 1] → [32, 784]
 */
export class Flatten extends Layer<FlattenConfig> {
  static override readonly className = 'Flatten';

  constructor(config: FlattenConfig = {}) {
    super(config);
    const format = config.dataFormat;
    if (format != null && format !== 'channelsLast' && format !== 'channelsFirst') {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: "dataFormat 'channelsLast' or 'channelsFirst'",
        received: `'${format}'`,
      });
    }
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    let x = inputs;
    if (this.config.dataFormat === 'channelsFirst' && x.rank > 2) {
      x = transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    }
    const [batch, ...rest] = x.shape;
    return reshape(x, [batch, rest.reduce((a, b) => a * b, 1)]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const [batch, ...rest] = singleShape(this.name, inputShape);
    return [batch ?? null, sizeOf(rest)];
  }

  override computeMask(_inputs: LayerInputs, _mask: Tensor | null): Tensor | null {
    return null;
  }
}
