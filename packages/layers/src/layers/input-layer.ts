import type { DataType, Tensor } from '@strata/core';
import { Layer, type LayerConfig } from '../layer.js';
import type { Shape } from '../shape.js';
import { SymbolicTensor } from '../symbolic-tensor.js';

/** Config of `InputLayer`: the shape of one model input, batch dimension included. */
export interface InputLayerConfig extends LayerConfig {
  batchInputShape: Shape;
  inputDtype?: DataType;
}

/**
 * The entry point of a functional model; `input()` creates one and returns its symbolic
 * output. It computes nothing: in a model it passes its tensor through.
 */
export class InputLayer extends Layer<InputLayerConfig> {
  static override readonly className = 'InputLayer';
  readonly output: SymbolicTensor;

  constructor(config: InputLayerConfig) {
    super(config);
    this.built = true;
    this.buildShape = config.batchInputShape;
    const node = {
      layer: this as Layer,
      inputs: [] as SymbolicTensor[],
      outputs: [] as SymbolicTensor[],
    };
    this.output = new SymbolicTensor(
      config.batchInputShape,
      config.inputDtype ?? 'float32',
      this.name,
      node,
      0,
    );
    node.outputs.push(this.output);
    this.inboundNodes.push(node);
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }
}

/** Options of `input`. */
export interface InputOptions {
  /** The shape without the batch dimension, e.g. `[28, 28, 1]`; `null` for a variable length. */
  shape: Shape;
  name?: string;
  dtype?: DataType;
}

/**
 * A symbolic model input: the start of a functional model.
 *
 * @example
 * const x = input({ shape: [784] });
 * const y = new Dense({ units: 10 }).apply(x);
 * const m = model({ inputs: x, outputs: y });
 */
export function input({ shape, name, dtype = 'float32' }: InputOptions): SymbolicTensor {
  return new InputLayer({ batchInputShape: [null, ...shape], name, inputDtype: dtype }).output;
}
