import {
  ConfigError,
  cast,
  formatShape,
  gather,
  type InitializerIdentifier,
  notEqual,
  ShapeError,
  StrataError,
  type Tensor,
} from '@strata/core';
import { type CallContext, Layer, type LayerConfig, type LayerInputs } from '../layer.js';
import { type Shape, type ShapeLike, singleShape } from '../shape.js';

/** Config of `Embedding`. */
export interface EmbeddingConfig extends LayerConfig {
  /** The vocabulary size: ids are in [0, inputDim). */
  inputDim: number;
  /** The size of each embedding vector. */
  outputDim: number;
  /** Default `'randomUniform'` (uniform in ±0.05, as Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  /** Treat id 0 as padding: the output mask is `ids ≠ 0` (so the vocabulary needs a slot for it). */
  maskZero?: boolean;
  /** The sequence length(s) after the batch, when fixed; checked against the input (Keras 2). */
  inputLength?: number | number[] | null;
}

/**
 * Looks up a learned vector for every integer id: `y[b, t, :] = E[ids[b, t], :]` with the
 * `[inputDim, outputDim]` weight `embeddings`. With `maskZero`, the mask `ids ≠ 0` goes to
 * the layers after it.
 *
 * Shapes: `[batch, time]` (int32 ids) → `[batch, time, outputDim]`; ids of any rank get a
 * trailing `outputDim` axis.
 *
 * Ids out of range are not checked here, since that would read them back on every call:
 * the cpu and wasm backends reject them (the error then names this layer), WebGL and
 * WebGPU give zero vectors, as TensorFlow does on GPUs.
 *
 * @example
 * const embed = new Embedding({ inputDim: 1000, outputDim: 64, maskZero: true });
 * const y = embed.apply(ids); // [32, 20] → [32, 20, 64]
 */
export class Embedding extends Layer<EmbeddingConfig> {
  static override readonly className = 'Embedding';
  embeddings!: Tensor;

  constructor(config: EmbeddingConfig) {
    super(config);
    for (const key of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(config[key]) || config[key] < 1) {
        throw new ConfigError({
          subject: `Layer '${this.name}'`,
          expected: `${key}, a positive integer`,
          received: String(config[key]),
        });
      }
    }
  }

  override build(inputShape: ShapeLike): void {
    this.checkLength(singleShape(this.name, inputShape));
    const { inputDim, outputDim, embeddingsInitializer = 'randomUniform' } = this.config;
    this.embeddings = this.addWeight('embeddings', [inputDim, outputDim], embeddingsInitializer);
  }

  override call(inputs: Tensor, _ctx: CallContext): Tensor {
    const ids = inputs.dtype === 'int32' ? inputs : cast(inputs, 'int32');
    try {
      return gather(this.embeddings, ids);
    } catch (error) {
      // cpu and wasm check the ids in the kernel (they hold them in memory anyway).
      if (!(error instanceof Error && /index value/.test(error.message))) throw error;
      throw new StrataError(
        {
          subject: `Layer '${this.name}'`,
          expected: `ids in [0, ${this.config.inputDim - 1}]`,
          received: error.message,
        },
        { cause: error },
      );
    }
  }

  override computeOutputShape(inputShape: ShapeLike): Shape {
    const shape = singleShape(this.name, inputShape);
    const length = this.lengths();
    const steps = shape.slice(1).map((d, i) => d ?? length?.[i] ?? null);
    return [shape[0], ...steps, this.config.outputDim];
  }

  override computeMask(inputs: LayerInputs, _mask: Tensor | null): Tensor | null {
    return this.config.maskZero ? notEqual(inputs as Tensor, 0) : null;
  }

  protected override checkInput(shape: ShapeLike): void {
    this.checkLength(singleShape(this.name, shape));
  }

  private lengths(): number[] | null {
    const length = this.config.inputLength;
    return length == null ? null : Array.isArray(length) ? length : [length];
  }

  /** With `inputLength`, the input's non-batch axes must have those sizes. */
  private checkLength(shape: Shape): void {
    const length = this.lengths();
    if (length == null) return;
    const steps = shape.slice(1);
    const fits =
      steps.length === length.length && steps.every((d, i) => d == null || d === length[i]);
    if (!fits) {
      throw new ShapeError({
        subject: `Layer '${this.name}'`,
        expected: `ids of shape ${formatShape([null, ...length])} (inputLength)`,
        received: `shape ${formatShape(shape)}`,
      });
    }
  }
}
