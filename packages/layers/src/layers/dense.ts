import {
  ConfigError,
  type InitializerIdentifier,
  reshape,
  type Tensor,
  type Tensor2D,
} from '@strata/core';
import { type Activation, type ActivationName, getActivation } from '../activations.js';
import { type CallContext, Layer, type LayerConfig } from '../layer.js';
import { denseOp, fusesActivation } from '../ops/dense-op.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';

/** Config of `Dense`. */
export interface DenseConfig extends LayerConfig {
  /** Output size. */
  units: number;
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

/**
 * A fully connected layer, `y = activation(x·W + b)`, applied to the last axis.
 *
 * Shapes: `[batch, …, features]` → `[batch, …, units]`. Runs as one fused matMul + bias +
 * activation kernel where tfjs has one for the activation, with a hand-written gradient that
 * avoids wasm's slow transposed matMuls (see `denseOp`).
 *
 * @example
 * const dense = new Dense({ units: 10, activation: 'softmax' });
 * const y = dense.apply(x); // x: [32, 784] → y: [32, 10]
 */
export class Dense extends Layer<DenseConfig> {
  static override readonly className = 'Dense';
  kernel!: Tensor;
  bias: Tensor | null = null;
  private readonly activation: Activation;

  constructor(config: DenseConfig) {
    super(config);
    if (!Number.isInteger(config.units) || config.units < 1) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'units, a positive integer',
        received: String(config.units),
      });
    }
    this.activation = getActivation(config.activation, `Layer '${this.name}'`);
  }

  override build(inputShape: ShapeLike): void {
    const shape = singleShape(this.name, inputShape);
    const features = shape[shape.length - 1];
    if (shape.length < 2 || features == null) {
      throw new ConfigError({
        subject: `Layer '${this.name}'`,
        expected: 'an input of rank ≥ 2 with a known last dimension',
        received: JSON.stringify(shape),
      });
    }
    const { units, useBias = true } = this.config;
    this.kernel = this.addWeight(
      'kernel',
      [features, units],
      this.config.kernelInitializer ?? 'glorotUniform',
    );
    if (useBias)
      this.bias = this.addWeight('bias', [units], this.config.biasInitializer ?? 'zeros');
    this.inputSpec = { minRank: 2, axes: { [-1]: features } };
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const { units } = this.config;
    const shape = inputs.shape;
    const x2d = (
      shape.length === 2 ? inputs : reshape(inputs, [-1, shape[shape.length - 1]])
    ) as Tensor2D;
    const fusedActivation = this.activation.fused;
    let y: Tensor;
    if (fusesActivation(fusedActivation)) {
      y = denseOp(x2d, this.kernel as Tensor2D, this.bias, fusedActivation);
    } else {
      y = this.activation.apply(denseOp(x2d, this.kernel as Tensor2D, this.bias, 'linear'));
    }
    return shape.length === 2 ? y : reshape(y, [...shape.slice(0, -1), units]);
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = singleShape(this.name, inputShape);
    return [...shape.slice(0, -1), this.config.units];
  }
}
