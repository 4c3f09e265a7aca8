import { ConfigError, type DataType, type Tensor } from '@strata/core';
import { type CallContext, Layer, type LayerConfig } from '@strata/layers';
import { rescaleImages } from './image-ops.js';

/** Config of `Rescaling` (Keras names). */
export interface RescalingConfig extends LayerConfig {
  /** The factor, `1 / 255` for bytes to [0, 1]. */
  scale: number;
  /** Added after scaling. Default 0. */
  offset?: number;
}

/**
 * Rescales its input, `y = x · scale + offset`, in float32 (integer pixels are cast first);
 * the same at training and inference. The function form is `rescaleImages`.
 *
 * Shapes: any → the same.
 *
 * @example
 * const m = sequential([new Rescaling({ scale: 1 / 255, inputShape: [28, 28, 1] }), …]);
 */
export class Rescaling extends Layer<RescalingConfig> {
  static override readonly className = 'Rescaling';

  constructor(config: RescalingConfig) {
    super(config);
    for (const option of ['scale', 'offset'] as const) {
      const value = config[option];
      if (value !== undefined && !Number.isFinite(value)) {
        throw new ConfigError({
          subject: `Layer '${this.name}'`,
          expected: `${option}, a finite number`,
          received: String(value),
        });
      }
    }
    if (config.scale === undefined) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'scale, a finite number',
        received: 'undefined',
      });
    }
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    return rescaleImages(inputs, this.config.scale, this.config.offset ?? 0);
  }

  override computeOutputDtype(_inputDtype: DataType): DataType {
    return 'float32';
  }
}
