import { clone, type Tensor } from '@strata/core';
import { type ActivationName, type Activation as Fn, getActivation } from '../activations.js';
import { type CallContext, Layer, type LayerConfig } from '../layer.js';

/** Config of `Activation`. */
export interface ActivationConfig extends LayerConfig {
  /** The activation's name, as `Dense` takes it (`'relu'`, `'softmax'`, Keras's `'leaky_relu'`). */
  activation: ActivationName;
}

/**
 * Applies an activation function element-wise (softmax and logSoftmax over the last axis):
 * `y = activation(x)`. Masks pass through.
 *
 * Shapes: `[batch, …]` → `[batch, …]`.
 *
 * @example
 * const y = new Activation({ activation: 'relu' }).apply(x); // max(x, 0)
 */
export class Activation extends Layer<ActivationConfig> {
  static override readonly className = 'Activation';
  private readonly fn: Fn;

  constructor(config: ActivationConfig) {
    super(config);
    this.fn = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const y = this.fn.apply(inputs);
    // A new tensor even for 'linear', so that disposing the output leaves the input alive.
    return y === inputs ? clone(inputs) : y;
  }
}
